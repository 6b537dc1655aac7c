import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { prepared } from './prepared';
import type { Database } from './schema';
import type { TrackedLinksTable } from './schema-intents';
import { nameStatement } from './statement-names';
import { unnest } from './unnest';

// The reads made while labelling a hit or settling it (TrackingRepo), prepared: on the pixel's path, building and
// compiling a query cost more than running it. Their constants are literals, not parameters: PostgreSQL plans a
// named statement once for any values (statement-names.ts), and matches a partial index or costs a limit only on a
// value it sees.

type NearestClicks = { accountId: number; intentId: number; from: number; at: number; to: number; exceptId: number };

/** TrackingRepo.clicksNear's query. `exceptId` 0 names no event (ids start at 1). */
export const nearestClicks = prepared((db, p: NearestClicks) => {
  // `e.link_id = l.id` implies a click (opens have no link), which lets both databases use the partial index.
  const nearest = (
    eb: ExpressionBuilder<Database & { l: TrackedLinksTable }, 'l'>,
    column: 'occurred_at' | 'method' | 'ip',
    from: number,
    to: number,
    direction: 'asc' | 'desc',
  ) =>
    eb
      .selectFrom('tracking_events as e')
      .select(`e.${column}`)
      .whereRef('e.account_id', '=', 'l.account_id')
      .whereRef('e.intent_id', '=', 'l.intent_id')
      .whereRef('e.link_id', '=', 'l.id')
      .where('e.occurred_at', '>=', from)
      .where('e.occurred_at', '<=', to)
      .where('e.id', '!=', p.exceptId)
      .orderBy('e.occurred_at', direction)
      .orderBy('e.id', direction)
      .limit(sql.lit(1));
  return db
    .selectFrom('tracked_links as l')
    .select((eb) => [
      'l.id',
      nearest(eb, 'occurred_at', p.from, p.at, 'desc').as('before'),
      nearest(eb, 'method', p.from, p.at, 'desc').as('before_method'),
      nearest(eb, 'ip', p.from, p.at, 'desc').as('before_ip'),
      nearest(eb, 'occurred_at', p.at, p.to, 'asc').as('after'),
      nearest(eb, 'method', p.at, p.to, 'asc').as('after_method'),
      nearest(eb, 'ip', p.at, p.to, 'asc').as('after_ip'),
    ])
    .where('l.account_id', '=', p.accountId)
    .where('l.intent_id', '=', p.intentId);
});

/**
 * A row of the nearest-clicks reads: a link of the email and its nearest click before and after, if any (values of
 * scalar subqueries, which Kysely types loosely).
 */
type Found = string | number | null;
export type NearestClicksRow = {
  id: number;
  before: Found;
  before_method: Found;
  before_ip: Found;
  after: Found;
  after_method: Found;
  after_ip: Found;
};

/** Another click of the same email, as the classifier reads it (tracking/facts.ts's OtherClick). */
export type OtherClick = { linkId: string; at: number; method: string; network: string | null };

/** What a click is judged on: how many tracked links its email has, and the other clicks nearest to it. */
export type NearbyClicks = { linkCount: number; clicks: OtherClick[] };

export function nearbyOf(rows: readonly NearestClicksRow[]): NearbyClicks {
  const clicks: OtherClick[] = [];
  const found = (linkId: number, at: Found, method: Found, ip: Found) => {
    if (at !== null && at !== undefined)
      clicks.push({
        linkId: String(linkId),
        at: Number(at),
        method: String(method),
        network: ip === null ? null : String(ip),
      });
  };
  for (const r of rows) {
    found(r.id, r.before, r.before_method, r.before_ip);
    found(r.id, r.after, r.after_method, r.after_ip);
  }
  return { linkCount: rows.length, clicks };
}

const WANTED_TYPES = { n: 'integer', intent_id: 'bigint', from_at: 'bigint', at: 'bigint', to_at: 'bigint' } as const;

/**
 * PostgreSQL: nearestClicks for the clicks of one account in one commit, in one statement of one text (rows tagged
 * `n`, the click's place in `wanted`): a round trip for them all instead of one each. For clicks not stored yet, so
 * there is no event to leave out.
 */
export function nearestClicksOfMany(
  db: Kysely<Database>,
  p: { accountId: number; span: number; wanted: readonly { intentId: number; at: number }[] },
) {
  const probe = (column: 'occurred_at' | 'method' | 'ip', from: string, to: string, direction: 'asc' | 'desc') =>
    sql`(select ${sql.ref(`e.${column}`)} from tracking_events as e
      where e.account_id = l.account_id and e.intent_id = l.intent_id and e.link_id = l.id
        and e.occurred_at >= ${sql.ref(from)} and e.occurred_at <= ${sql.ref(to)}
      order by e.occurred_at ${sql.raw(direction)}, e.id ${sql.raw(direction)} limit 1)`;
  const rows = p.wanted.map((w, n) => ({
    n,
    intent_id: w.intentId,
    from_at: w.at - p.span,
    at: w.at,
    to_at: w.at + p.span,
  }));
  const query = sql<NearestClicksRow & { n: number }>`select w.n, l.id,
      ${probe('occurred_at', 'w.from_at', 'w.at', 'desc')} as before,
      ${probe('method', 'w.from_at', 'w.at', 'desc')} as before_method,
      ${probe('ip', 'w.from_at', 'w.at', 'desc')} as before_ip,
      ${probe('occurred_at', 'w.at', 'w.to_at', 'asc')} as after,
      ${probe('method', 'w.at', 'w.to_at', 'asc')} as after_method,
      ${probe('ip', 'w.at', 'w.to_at', 'asc')} as after_ip
    from (${unnest(rows, WANTED_TYPES)}) as w
    join tracked_links as l on l.account_id = ${p.accountId} and l.intent_id = w.intent_id`.compile(db);
  nameStatement(query.sql);
  return query;
}

// Both read on the pixel's path, while labelling and settling opens; partial indexes hold the few rows they want
// (migration 0016), however many times the email was opened.
export const senderClientsQuery = prepared((db, p: { accountId: number; intentId: number }) =>
  db
    .selectFrom('tracking_events')
    .select(['ip', 'user_agent'])
    .distinct()
    .where('account_id', '=', p.accountId)
    .where('intent_id', '=', p.intentId)
    .where('label', '=', sql.lit('self'))
    .where('uncertain', '=', sql.lit(0))
    .where('user_agent', 'is not', null)
    .limit(sql.lit(5)),
);

// Named, not `*`: a named statement whose result gains a column (another instance migrating the schema) fails
// until its connection is closed.
const EVENT_COLUMNS = [
  'id',
  'account_id',
  'intent_id',
  'user_id',
  'link_id',
  'kind',
  'label',
  'reasons',
  'uncertain',
  'anonymous',
  'contact_id',
  'method',
  'ip',
  'user_agent',
  'occurred_at',
  'repeat',
] as const;

/**
 * The uncertain opens of several emails of one account, each before its own time, oldest first, at most 20 each:
 * one statement of one arm per email (the certain opens of one commit settle all their emails with one read).
 */
export const uncertainOpensQuery = prepared(
  (db, p: { accountId: number; wanted: { intentId: number; before: number }[] }) => {
    const arms = p.wanted.map((w, i) =>
      db
        .selectFrom((eb) =>
          eb
            .selectFrom('tracking_events')
            .select(EVENT_COLUMNS)
            .where('account_id', '=', p.accountId)
            .where('intent_id', '=', w.intentId)
            .where('kind', '=', sql.lit('open'))
            .where('uncertain', '=', sql.lit(1))
            .where('occurred_at', '<', w.before)
            .orderBy('id')
            .limit(sql.lit(20))
            .as(`u${i}`),
        )
        .selectAll(),
    );
    return arms.slice(1).reduce((union, arm) => union.unionAll(arm), arms[0]);
  },
);
