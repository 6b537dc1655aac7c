import {
  sql,
  type ColumnType,
  type ExpressionBuilder,
  type Generated,
  type Kysely,
  type OnConflictBuilder,
  type Selectable,
} from 'kysely';
import type { EventLabel } from '../../contract/addon';
import { bareAddress } from '../../contract/addresses';
import { madeByPerson } from '../../contract/labels';
import { dialectOf, readJson } from './dialect';
import type { Database } from './schema';
import { intentsRevoked } from './intents';
import { prepared } from './prepared';
import type { TrackedLinksTable } from './schema-intents';
import type { AccountScope } from './scope';

// The tables of migration 0003_events (see it for what each holds), and all the SQL of tracking.
type Json = ColumnType<unknown, string, string>;
type Millis = number;

export interface TrackingEventsTable {
  id: Generated<number>;
  account_id: number;
  intent_id: number;
  user_id: number;
  link_id: number | null;
  kind: 'open' | 'click';
  label: EventLabel;
  reasons: Json;
  anonymous: number;
  contact_id: number | null;
  method: string;
  ip: string | null;
  user_agent: string | null;
  occurred_at: Millis;
}

export interface TrackingCountersTable {
  account_id: number;
  intent_id: number;
  opens: number;
  person_opens: number;
  clicks: number;
  person_clicks: number;
  first_open_at: Millis | null;
  last_open_at: Millis | null;
  last_event_at: Millis;
  notified_open_at: Millis | null;
}

export interface TrackingDailyTable {
  account_id: number;
  user_id: number;
  /** YYYY-MM-DD, UTC. */
  day: string;
  person_opens: number;
  machine_opens: number;
  person_clicks: number;
  machine_clicks: number;
}

export interface TrackingNotificationsTable {
  id: Generated<number>;
  account_id: number;
  user_id: number;
  intent_id: number;
  event_id: number;
  item: Json;
  created_at: Millis;
}

export interface PushSubscriptionsTable {
  id: Generated<number>;
  account_id: number;
  user_id: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: Millis;
}

export interface WebhookEndpointsTable {
  id: Generated<number>;
  account_id: number;
  user_id: number;
  kind: 'webhook' | 'google_chat';
  url: string;
  secret: string | null;
  created_at: Millis;
  removed_at: Millis | null;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  account_id: number;
  endpoint_id: number;
  payload: Json;
  attempts: number;
  next_attempt_at: Millis;
  lease_until: Millis | null;
  last_error: string | null;
  delivered_at: Millis | null;
  failed_at: Millis | null;
  created_at: Millis;
}

declare module './schema' {
  interface Database {
    tracking_events: TrackingEventsTable;
    tracking_counters: TrackingCountersTable;
    tracking_daily: TrackingDailyTable;
    tracking_notifications: TrackingNotificationsTable;
    push_subscriptions: PushSubscriptionsTable;
    webhook_endpoints: WebhookEndpointsTable;
    webhook_deliveries: WebhookDeliveriesTable;
  }
}

export type EventKind = 'open' | 'click';

export type NewTrackingEvent = {
  accountId: number;
  intentId: number;
  userId: number;
  linkId: number | null;
  kind: EventKind;
  label: EventLabel;
  reasons: string[];
  anonymous: boolean;
  contactId: number | null;
  method: string;
  ip: string | null;
  userAgent: string | null;
  occurredAt: number;
};

export type TrackingEvent = NewTrackingEvent & { id: number };

const DAY_MS = 86_400_000;
// The day of the last event: nearly every event of a batch falls on it.
let lastDay = { number: Number.NaN, text: '' };

export function utcDay(ms: number): string {
  const number = Math.floor(ms / DAY_MS);
  if (number !== lastDay.number) lastDay = { number, text: new Date(number * DAY_MS).toISOString().slice(0, 10) };
  return lastDay.text;
}

function toEvent(row: Selectable<TrackingEventsTable>): TrackingEvent {
  return {
    id: row.id,
    accountId: row.account_id,
    intentId: row.intent_id,
    userId: row.user_id,
    linkId: row.link_id,
    kind: row.kind,
    label: row.label,
    reasons: readJson<string[]>(row.reasons),
    anonymous: Boolean(row.anonymous),
    contactId: row.contact_id,
    method: row.method,
    ip: row.ip,
    userAgent: row.user_agent,
    occurredAt: row.occurred_at,
  };
}

type CounterDelta = {
  accountId: number;
  intentId: number;
  opens: number;
  personOpens: number;
  clicks: number;
  personClicks: number;
  firstOpen: number | null;
  lastOpen: number | null;
  lastEvent: number;
};
type DailyDelta = {
  accountId: number;
  userId: number;
  day: string;
  personOpens: number;
  machineOpens: number;
  personClicks: number;
  machineClicks: number;
};

function countersRow(d: CounterDelta) {
  return {
    account_id: d.accountId,
    intent_id: d.intentId,
    opens: d.opens,
    person_opens: d.personOpens,
    clicks: d.clicks,
    person_clicks: d.personClicks,
    first_open_at: d.firstOpen,
    last_open_at: d.lastOpen,
    last_event_at: d.lastEvent,
    notified_open_at: null,
  };
}

/** A counters row meeting the one already there: the numbers add up, first and last open widen. */
const countersOnConflict = (oc: OnConflictBuilder<Database, 'tracking_counters'>) =>
  oc.columns(['account_id', 'intent_id']).doUpdateSet({
    opens: sql`tracking_counters.opens + excluded.opens`,
    person_opens: sql`tracking_counters.person_opens + excluded.person_opens`,
    clicks: sql`tracking_counters.clicks + excluded.clicks`,
    person_clicks: sql`tracking_counters.person_clicks + excluded.person_clicks`,
    // The earlier of two times where either may be missing (SQLite's min() and PostgreSQL's least() differ on nulls).
    first_open_at: sql`case when excluded.first_open_at is null then tracking_counters.first_open_at
      when tracking_counters.first_open_at is null or excluded.first_open_at < tracking_counters.first_open_at then excluded.first_open_at
      else tracking_counters.first_open_at end`,
    last_open_at: sql`case when excluded.last_open_at is null then tracking_counters.last_open_at
      when tracking_counters.last_open_at is null or excluded.last_open_at > tracking_counters.last_open_at then excluded.last_open_at
      else tracking_counters.last_open_at end`,
    last_event_at: sql`case when excluded.last_event_at > tracking_counters.last_event_at then excluded.last_event_at else tracking_counters.last_event_at end`,
  });

const countersUpsert = prepared((db, row: ReturnType<typeof countersRow>) =>
  db.insertInto('tracking_counters').values(row).onConflict(countersOnConflict),
);

async function applyCounters(db: Kysely<Database>, deltas: Iterable<CounterDelta>): Promise<void> {
  for (const d of deltas) await db.executeQuery(countersUpsert(db, countersRow(d)));
}

function dailyRow(d: DailyDelta) {
  return {
    account_id: d.accountId,
    user_id: d.userId,
    day: d.day,
    person_opens: d.personOpens,
    machine_opens: d.machineOpens,
    person_clicks: d.personClicks,
    machine_clicks: d.machineClicks,
  };
}

const dailyOnConflict = (oc: OnConflictBuilder<Database, 'tracking_daily'>) =>
  oc.columns(['account_id', 'user_id', 'day']).doUpdateSet({
    person_opens: sql`tracking_daily.person_opens + excluded.person_opens`,
    machine_opens: sql`tracking_daily.machine_opens + excluded.machine_opens`,
    person_clicks: sql`tracking_daily.person_clicks + excluded.person_clicks`,
    machine_clicks: sql`tracking_daily.machine_clicks + excluded.machine_clicks`,
  });

const dailyUpsert = prepared((db, row: ReturnType<typeof dailyRow>) =>
  db.insertInto('tracking_daily').values(row).onConflict(dailyOnConflict),
);

async function applyDaily(db: Kysely<Database>, deltas: Iterable<DailyDelta>): Promise<void> {
  for (const d of deltas) await db.executeQuery(dailyUpsert(db, dailyRow(d)));
}

/** Adds (sign 1) or takes back (sign -1) the events' share of the counters and the daily numbers. */
function deltasOf(
  events: readonly NewTrackingEvent[],
  sign: 1 | -1,
): { counters: CounterDelta[]; daily: DailyDelta[] } {
  const counters = new Map<string, CounterDelta>();
  const daily = new Map<string, DailyDelta>();
  for (const e of events) {
    const person = madeByPerson(e.kind, e.label);
    const ck = `${e.accountId}:${e.intentId}`;
    const c = counters.get(ck) ?? {
      accountId: e.accountId,
      intentId: e.intentId,
      opens: 0,
      personOpens: 0,
      clicks: 0,
      personClicks: 0,
      firstOpen: null,
      lastOpen: null,
      lastEvent: e.occurredAt,
    };
    if (e.kind === 'open') {
      c.opens += sign;
      if (person) {
        c.personOpens += sign;
        if (sign === 1) {
          c.firstOpen = c.firstOpen === null ? e.occurredAt : Math.min(c.firstOpen, e.occurredAt);
          c.lastOpen = c.lastOpen === null ? e.occurredAt : Math.max(c.lastOpen, e.occurredAt);
        }
      }
    } else {
      c.clicks += sign;
      if (person) c.personClicks += sign;
    }
    c.lastEvent = Math.max(c.lastEvent, e.occurredAt);
    counters.set(ck, c);
    const day = utcDay(e.occurredAt);
    const dk = `${e.accountId}:${e.userId}:${day}`;
    const d = daily.get(dk) ?? {
      accountId: e.accountId,
      userId: e.userId,
      day,
      personOpens: 0,
      machineOpens: 0,
      personClicks: 0,
      machineClicks: 0,
    };
    if (e.kind === 'open') d[person ? 'personOpens' : 'machineOpens'] += sign;
    else d[person ? 'personClicks' : 'machineClicks'] += sign;
    daily.set(dk, d);
  }
  // Rows in one order everywhere: two instances committing batches that share emails would otherwise each hold
  // one counters row while waiting for the other's, and PostgreSQL would abort one batch as a deadlock.
  return {
    counters: [...counters.values()].sort((a, b) => a.accountId - b.accountId || a.intentId - b.intentId),
    daily: [...daily.values()].sort(
      (a, b) => a.accountId - b.accountId || a.userId - b.userId || (a.day < b.day ? -1 : a.day > b.day ? 1 : 0),
    ),
  };
}

function eventRow(e: NewTrackingEvent) {
  return {
    account_id: e.accountId,
    intent_id: e.intentId,
    user_id: e.userId,
    link_id: e.linkId,
    kind: e.kind,
    label: e.label,
    reasons: JSON.stringify(e.reasons),
    anonymous: e.anonymous ? 1 : 0,
    contact_id: e.contactId,
    method: e.method,
    ip: e.ip,
    user_agent: e.userAgent,
    occurred_at: e.occurredAt,
  };
}

const eventsInsert = prepared((db, rows: ReturnType<typeof eventRow>[]) =>
  db.insertInto('tracking_events').values(rows).returning('id'),
);

// At most this many rows per INSERT (13 values a row; SQLite allows 32766 bound values, PostgreSQL 65535): few
// distinct statements to compile and keep prepared, and still few statements per batch.
const ROWS_PER_INSERT = 64;

/**
 * Appends a batch of events from any accounts, with their counters, in one transaction: one commit for the whole
 * batch (group commit). Returns the new ids in the order of `events`: ids are handed out in row order (SQLite has
 * one writer; PostgreSQL evaluates the sequence row by row).
 */
export async function appendTrackingEvents(
  db: Kysely<Database>,
  events: readonly NewTrackingEvent[],
): Promise<number[]> {
  if (events.length === 0) return [];
  const { counters, daily } = deltasOf(events, 1);
  if (dialectOf(db) === 'postgres') return appendInOneStatement(db, events, counters, daily);
  return db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    for (let i = 0; i < events.length; i += ROWS_PER_INSERT) {
      const { rows } = await trx.executeQuery(eventsInsert(trx, events.slice(i, i + ROWS_PER_INSERT).map(eventRow)));
      ids.push(...rows.map((r) => r.id).sort((a, b) => a - b));
    }
    await applyCounters(trx, counters);
    await applyDaily(trx, daily);
    return ids;
  });
}

/** Column types for `unnest`, in each table's column order. */
const EVENT_TYPES = {
  account_id: 'bigint',
  intent_id: 'bigint',
  user_id: 'bigint',
  link_id: 'bigint',
  kind: 'text',
  label: 'text',
  reasons: 'jsonb',
  anonymous: 'integer',
  contact_id: 'bigint',
  method: 'text',
  ip: 'text',
  user_agent: 'text',
  occurred_at: 'bigint',
} as const;
const COUNTER_TYPES = {
  account_id: 'bigint',
  intent_id: 'bigint',
  opens: 'integer',
  person_opens: 'integer',
  clicks: 'integer',
  person_clicks: 'integer',
  first_open_at: 'bigint',
  last_open_at: 'bigint',
  last_event_at: 'bigint',
  notified_open_at: 'bigint',
} as const;
const DAILY_TYPES = {
  account_id: 'bigint',
  user_id: 'bigint',
  day: 'text',
  person_opens: 'integer',
  machine_opens: 'integer',
  person_clicks: 'integer',
  machine_clicks: 'integer',
} as const;

/** `select … from unnest(<one array per column>)`: any number of rows in one statement of one shape. */
function unnest<T extends Record<string, string>>(rows: readonly { [K in keyof T]: unknown }[], types: T) {
  const columns = Object.keys(types);
  const arrays = columns.map((c) => sql`${rows.map((r) => r[c])}::${sql.raw(types[c])}[]`);
  return sql`select * from unnest(${sql.join(arrays)}) as t(${sql.join(columns.map((c) => sql.ref(c)))})`;
}

/**
 * PostgreSQL: the events, counters and daily numbers in one statement (data-modifying WITH), which commits alone:
 * one round trip and one WAL flush per batch instead of one round trip per statement of a transaction. The
 * counters and daily rows go in deltasOf's order, so concurrent instances lock them in the same order.
 */
async function appendInOneStatement(
  db: Kysely<Database>,
  events: readonly NewTrackingEvent[],
  counters: CounterDelta[],
  daily: DailyDelta[],
): Promise<number[]> {
  const rows = await db
    .with('e', (q) =>
      q
        .insertInto('tracking_events')
        .columns(keys(EVENT_TYPES))
        .expression(unnest(events.map(eventRow), EVENT_TYPES))
        .returning('id'),
    )
    .with('c', (q) =>
      q
        .insertInto('tracking_counters')
        .columns(keys(COUNTER_TYPES))
        .expression(unnest(counters.map(countersRow), COUNTER_TYPES))
        .onConflict(countersOnConflict),
    )
    .with('d', (q) =>
      q
        .insertInto('tracking_daily')
        .columns(keys(DAILY_TYPES))
        .expression(unnest(daily.map(dailyRow), DAILY_TYPES))
        .onConflict(dailyOnConflict),
    )
    .selectFrom('e')
    .select('id')
    .execute();
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

const keys = <T extends object>(o: T) => Object.keys(o) as (keyof T & string)[];

/** Raw events and sent notifications older than `before` go; counters and daily numbers stay. */
export async function purgeTrackingBefore(
  db: Kysely<Database>,
  before: number,
): Promise<{ events: number; notifications: number; deliveries: number }> {
  const events = await db.deleteFrom('tracking_events').where('occurred_at', '<', before).executeTakeFirst();
  const notifications = await db
    .deleteFrom('tracking_notifications')
    .where('created_at', '<', before)
    .executeTakeFirst();
  const deliveries = await db
    .deleteFrom('webhook_deliveries')
    .where('created_at', '<', before)
    .where((eb) => eb.or([eb('delivered_at', 'is not', null), eb('failed_at', 'is not', null)]))
    .executeTakeFirst();
  return {
    events: Number(events.numDeletedRows),
    notifications: Number(notifications.numDeletedRows),
    deliveries: Number(deliveries.numDeletedRows),
  };
}

export async function lastNotificationId(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('tracking_notifications')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}

export type Notification = {
  id: number;
  accountId: number;
  userId: number;
  intentId: number;
  eventId: number;
  item: unknown;
  createdAt: number;
};

function toNotification(r: Selectable<TrackingNotificationsTable>): Notification {
  return {
    id: r.id,
    accountId: r.account_id,
    userId: r.user_id,
    intentId: r.intent_id,
    eventId: r.event_id,
    item: readJson(r.item),
    createdAt: r.created_at,
  };
}

/** The PostgreSQL channel that each stored notification rings, with its id as payload. */
export const NOTIFICATIONS_CHANNEL = 'mailtrail_notifications';
// Any constant that no other advisory lock of this database uses.
const NOTIFICATION_ORDER_LOCK = 0x6d74_6e74;

/**
 * Every account's notifications after `afterId`, in id order: what an instance reads to bring its live streams up
 * to date with what all instances stored.
 */
export async function notificationsSince(
  db: Kysely<Database>,
  afterId: number,
  limit: number,
): Promise<Notification[]> {
  const rows = await db
    .selectFrom('tracking_notifications')
    .selectAll()
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toNotification);
}

export type WebhookEndpoint = {
  id: number;
  accountId: number;
  userId: number;
  kind: 'webhook' | 'google_chat';
  url: string;
  secret: string | null;
  createdAt: number;
};
export type LeasedDelivery = {
  id: number;
  accountId: number;
  endpoint: WebhookEndpoint;
  payload: unknown;
  attempts: number;
};

function toEndpoint(row: Selectable<WebhookEndpointsTable>): WebhookEndpoint {
  return {
    id: row.id,
    accountId: row.account_id,
    userId: row.user_id,
    kind: row.kind,
    url: row.url,
    secret: row.secret,
    createdAt: row.created_at,
  };
}

/**
 * Takes up to `limit` deliveries that are due, leasing each until `leaseUntil` so that no other worker (another
 * instance) sends it meanwhile. One statement picks and leases: on PostgreSQL the pick locks its rows and skips
 * those another worker is taking (`FOR UPDATE SKIP LOCKED`); SQLite has one writer. A worker that dies leaves
 * its leases to expire.
 */
export async function leaseDueDeliveries(
  db: Kysely<Database>,
  now: number,
  leaseUntil: number,
  limit: number,
): Promise<LeasedDelivery[]> {
  const due = db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('delivered_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(limit);
  const leased = await db
    .updateTable('webhook_deliveries')
    .set({ lease_until: leaseUntil })
    .where('id', 'in', dialectOf(db) === 'postgres' ? due.forUpdate().skipLocked() : due)
    .returning(['id', 'endpoint_id', 'payload', 'attempts'])
    .execute();
  if (leased.length === 0) return [];
  const endpoints = new Map(
    (
      await db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('id', 'in', [...new Set(leased.map((d) => d.endpoint_id))])
        .execute()
    ).map((e) => [e.id, toEndpoint(e)]),
  );
  return leased
    .sort((a, b) => a.id - b.id)
    .map((d) => ({
      id: d.id,
      accountId: endpoints.get(d.endpoint_id)!.accountId,
      endpoint: endpoints.get(d.endpoint_id)!,
      payload: readJson(d.payload),
      attempts: d.attempts,
    }));
}

export async function finishDelivery(
  db: Kysely<Database>,
  id: number,
  outcome:
    | { delivered: true; at: number }
    | { delivered: false; attempts: number; error: string; retryAt: number | null; at: number },
): Promise<void> {
  const set = outcome.delivered
    ? { delivered_at: outcome.at, lease_until: null, last_error: null }
    : {
        attempts: outcome.attempts,
        last_error: outcome.error.slice(0, 500),
        lease_until: null,
        ...(outcome.retryAt === null ? { failed_at: outcome.at } : { next_attempt_at: outcome.retryAt }),
      };
  await db.updateTable('webhook_deliveries').set(set).where('id', '=', id).execute();
}

export async function nextDeliveryDue(db: Kysely<Database>): Promise<number | null> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.min('next_attempt_at').as('next'))
    .where('delivered_at', 'is', null)
    .where('failed_at', 'is', null)
    .executeTakeFirst();
  return row?.next == null ? null : Number(row.next);
}

type NearestClicks = { accountId: number; intentId: number; from: number; at: number; to: number; exceptId: number };

/** TrackingRepo.clicksNear's query. `exceptId` 0 names no event (ids start at 1). */
const nearestClicks = prepared((db, p: NearestClicks) => {
  // `e.link_id = l.id` implies a click (opens have no link), which lets both databases use the partial index.
  const nearest = (
    eb: ExpressionBuilder<Database & { l: TrackedLinksTable }, 'l'>,
    from: number,
    to: number,
    direction: 'asc' | 'desc',
  ) =>
    eb
      .selectFrom('tracking_events as e')
      .select('e.occurred_at')
      .whereRef('e.account_id', '=', 'l.account_id')
      .whereRef('e.intent_id', '=', 'l.intent_id')
      .whereRef('e.link_id', '=', 'l.id')
      .where('e.occurred_at', '>=', from)
      .where('e.occurred_at', '<=', to)
      .where('e.id', '!=', p.exceptId)
      .orderBy('e.occurred_at', direction)
      .limit(1);
  return db
    .selectFrom('tracked_links as l')
    .select((eb) => [
      'l.id',
      nearest(eb, p.from, p.at, 'desc').as('before'),
      nearest(eb, p.at, p.to, 'asc').as('after'),
    ])
    .where('l.account_id', '=', p.accountId)
    .where('l.intent_id', '=', p.intentId);
});

/** One account's tracking data. */
export class TrackingRepo {
  constructor(private readonly scope: AccountScope) {}

  private get db() {
    return this.scope.db;
  }
  private get accountId() {
    return this.scope.accountId;
  }

  /**
   * What a click is judged on (a sweep, a burst): the email's links, and for each the click nearest before and
   * nearest after `at` within `span` ms, other than the event itself. Two index probes per link
   * (tracking_events_link_time), however many times a link was clicked: a link hammered in a loop does not make
   * every further click slower to label.
   */
  async clicksNear(
    intentId: number,
    at: number,
    span: number,
    exceptId?: number,
  ): Promise<{ linkCount: number; clicks: { linkId: string; at: number }[] }> {
    const { rows } = await this.db.executeQuery(
      nearestClicks(this.db, {
        accountId: this.accountId,
        intentId,
        from: at - span,
        at,
        to: at + span,
        exceptId: exceptId ?? 0,
      }),
    );
    const clicks: { linkId: string; at: number }[] = [];
    for (const r of rows) {
      for (const t of [r.before, r.after])
        if (t !== null && t !== undefined) clicks.push({ linkId: String(r.id), at: Number(t) });
    }
    return { linkCount: rows.length, clicks };
  }

  async event(id: number): Promise<TrackingEvent | undefined> {
    const row = await this.db
      .selectFrom('tracking_events')
      .selectAll()
      .where('account_id', '=', this.accountId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toEvent(row);
  }

  /** The intent's events, newest first, with the link's target for clicks. */
  async eventsOf(intentId: number, limit: number): Promise<(TrackingEvent & { url: string | null })[]> {
    const rows = await this.db
      .selectFrom('tracking_events as e')
      .leftJoin('tracked_links as l', (j) =>
        j.onRef('l.id', '=', 'e.link_id').onRef('l.account_id', '=', 'e.account_id'),
      )
      .selectAll('e')
      .select('l.url')
      .where('e.account_id', '=', this.accountId)
      .where('e.intent_id', '=', intentId)
      .orderBy('e.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...toEvent(r), url: r.url }));
  }

  /** The person opens (labels human and proxy) of several intents, newest first, at most `per` each. */
  async personOpens(
    intentIds: readonly number[],
    per: number,
  ): Promise<Map<number, { at: number; label: EventLabel }[]>> {
    const out = new Map<number, { at: number; label: EventLabel }[]>();
    if (intentIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('tracking_events')
      .select(['intent_id', 'occurred_at', 'label'])
      .where('account_id', '=', this.accountId)
      .where('intent_id', 'in', [...intentIds])
      .where('kind', '=', 'open')
      .where('label', 'in', ['human', 'proxy'])
      .orderBy('id', 'desc')
      .execute();
    for (const r of rows) {
      const list = out.get(r.intent_id) ?? [];
      if (list.length < per) list.push({ at: r.occurred_at, label: r.label });
      out.set(r.intent_id, list);
    }
    return out;
  }

  async counters(intentId: number): Promise<Selectable<TrackingCountersTable> | undefined> {
    return this.db
      .selectFrom('tracking_counters')
      .selectAll()
      .where('account_id', '=', this.accountId)
      .where('intent_id', '=', intentId)
      .executeTakeFirst();
  }

  /** Settles an event's label with later evidence, moving its share of the counters along. */
  async relabel(event: TrackingEvent, label: EventLabel, reasons: string[]): Promise<void> {
    await this.scope.transaction(async (tx) => {
      await tx.db
        .updateTable('tracking_events')
        .set({ label, reasons: JSON.stringify(reasons) })
        .where('account_id', '=', tx.accountId)
        .where('id', '=', event.id)
        .execute();
      const before = deltasOf([event], -1);
      const after = deltasOf([{ ...event, label }], 1);
      await applyCounters(tx.db, [...before.counters, ...after.counters]);
      await applyDaily(tx.db, [...before.daily, ...after.daily]);
      // First and last open are recomputed only if the event moved out of the person opens.
      if (event.kind === 'open' && madeByPerson('open', event.label) && !madeByPerson('open', label)) {
        const span = await tx.db
          .selectFrom('tracking_events')
          .select((eb) => [eb.fn.min('occurred_at').as('first'), eb.fn.max('occurred_at').as('last')])
          .where('account_id', '=', tx.accountId)
          .where('intent_id', '=', event.intentId)
          .where('kind', '=', 'open')
          .where('label', 'in', ['human', 'proxy'])
          .executeTakeFirst();
        await tx.db
          .updateTable('tracking_counters')
          .set({
            first_open_at: span?.first == null ? null : Number(span.first),
            last_open_at: span?.last == null ? null : Number(span.last),
          })
          .where('account_id', '=', tx.accountId)
          .where('intent_id', '=', event.intentId)
          .execute();
      }
    });
  }

  /**
   * Whether an open notifies or folds into the last notification (notify/coalesce.ts). The time of the last one is
   * swapped only if nobody changed it meanwhile, so that two opens decided at once cannot both notify.
   */
  async coalesceOpen(
    intentId: number,
    at: number,
    notify: (lastNotifiedAt: number | null) => boolean,
  ): Promise<boolean> {
    const row = await this.db
      .selectFrom('tracking_counters')
      .select('notified_open_at')
      .where('account_id', '=', this.accountId)
      .where('intent_id', '=', intentId)
      .executeTakeFirst();
    const last = row?.notified_open_at ?? null;
    if (!notify(last)) return false;
    const swapped = await this.db
      .updateTable('tracking_counters')
      .set({ notified_open_at: at })
      .where('account_id', '=', this.accountId)
      .where('intent_id', '=', intentId)
      .where('notified_open_at', last === null ? 'is' : '=', last)
      .executeTakeFirst();
    return Number(swapped.numUpdatedRows) === 1;
  }

  /**
   * Stores a notification and returns its id, the live streams' event id. On PostgreSQL, where several instances
   * store them, ids are handed out under one transaction lock so that they become visible in increasing order: an
   * instance that has read up to id N never sees a smaller id commit later (what its streams and Last-Event-ID
   * rely on). The commit rings NOTIFICATIONS_CHANNEL for every instance (notify/live-feed.ts).
   */
  async addNotification(n: {
    userId: number;
    intentId: number;
    eventId: number;
    item: unknown;
    at: number;
  }): Promise<number> {
    const insert = async (db: Kysely<Database>) => {
      const row = await db
        .insertInto('tracking_notifications')
        .values({
          account_id: this.accountId,
          user_id: n.userId,
          intent_id: n.intentId,
          event_id: n.eventId,
          item: JSON.stringify(n.item),
          created_at: n.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    };
    if (this.scope.dialect === 'sqlite') return insert(this.db);
    return this.scope.transaction(async (tx) => {
      await sql`select pg_advisory_xact_lock(${NOTIFICATION_ORDER_LOCK}::bigint)`.execute(tx.db);
      const id = await insert(tx.db);
      await sql`select pg_notify(${NOTIFICATIONS_CHANNEL}, ${String(id)})`.execute(tx.db);
      return id;
    });
  }

  async notificationsAfter(userId: number, afterId: number, limit: number): Promise<Notification[]> {
    const rows = await this.db
      .selectFrom('tracking_notifications')
      .selectAll()
      .where('account_id', '=', this.accountId)
      .where('user_id', '=', userId)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toNotification);
  }

  /** The user's tracked, sent emails for the feed, most recently active first, those active before `before`. */
  async sentForFeed(userId: number, before: number, limit: number) {
    const active = sql<number>`coalesce(c.last_open_at, i.sent_at)`;
    return this.db
      .selectFrom('intents as i')
      .leftJoin('tracking_counters as c', (j) =>
        j.onRef('c.intent_id', '=', 'i.id').onRef('c.account_id', '=', 'i.account_id'),
      )
      .select([
        'i.id',
        'i.mode',
        'i.subject',
        'i.message_id',
        'i.sent_at',
        'i.attributed_address',
        'i.attributed_contact_id',
        'c.person_opens',
        'c.last_open_at',
      ])
      .select(active.as('active_at'))
      .where('i.account_id', '=', this.accountId)
      .where('i.user_id', '=', userId)
      .where('i.sent_at', 'is not', null)
      .where('i.mode', '!=', 'off')
      .where(active, '<=', before)
      .orderBy(active, 'desc')
      .orderBy('i.id', 'desc')
      .limit(limit)
      .execute();
  }

  /** The user's clicks (every label) for the feed, newest first, those at or before `before`. */
  async clicksForFeed(userId: number, before: number, limit: number) {
    return this.db
      .selectFrom('tracking_events as e')
      .innerJoin('intents as i', (j) => j.onRef('i.id', '=', 'e.intent_id').onRef('i.account_id', '=', 'e.account_id'))
      .leftJoin('tracked_links as l', (j) =>
        j.onRef('l.id', '=', 'e.link_id').onRef('l.account_id', '=', 'e.account_id'),
      )
      .select([
        'e.id',
        'e.label',
        'e.anonymous',
        'e.contact_id',
        'e.occurred_at',
        'i.subject',
        'i.message_id',
        'i.attributed_address',
        'l.url',
      ])
      .where('e.account_id', '=', this.accountId)
      .where('e.user_id', '=', userId)
      .where('e.kind', '=', 'click')
      .where('e.occurred_at', '<=', before)
      .orderBy('e.occurred_at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(limit)
      .execute();
  }

  /** The user's logged emails for the feed, newest first, with the subject the CRM email has. */
  async loggedForFeed(userId: number, before: number, limit: number) {
    return this.db
      .selectFrom('logged_emails as g')
      .leftJoin('crm_objects as o', (j) =>
        j.onRef('o.id', '=', 'g.email_id').onRef('o.account_id', '=', 'g.account_id'),
      )
      .select(['g.email_id', 'g.message_id', 'g.created_at', 'o.properties'])
      .where('g.account_id', '=', this.accountId)
      .where('g.user_id', '=', userId)
      .where('g.created_at', '<=', before)
      .orderBy('g.created_at', 'desc')
      .limit(limit)
      .execute()
      .then((rows) =>
        rows.map((r) => ({
          ...r,
          properties: r.properties === null ? {} : readJson<Record<string, string | null>>(r.properties),
        })),
      );
  }

  /** Logged emails' ids by Message-ID, for links to them. */
  async loggedIds(messageIds: readonly string[]): Promise<Map<string, number>> {
    if (messageIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('logged_emails')
      .select(['message_id', 'email_id'])
      .where('account_id', '=', this.accountId)
      .where('message_id', 'in', [...messageIds])
      .execute();
    return new Map(rows.map((r) => [r.message_id, r.email_id]));
  }

  /** Contacts by id or address (live ones), for names in the feed. */
  async contacts(
    ids: readonly number[],
    addresses: readonly string[],
  ): Promise<{ id: number; email: string | null; properties: Record<string, string | null> }[]> {
    if (ids.length === 0 && addresses.length === 0) return [];
    const rows = await this.db
      .selectFrom('crm_objects')
      .select(['id', 'email', 'properties'])
      .where('account_id', '=', this.accountId)
      .where('object_type', '=', 'contacts')
      .where('archived_at', 'is', null)
      .where((eb) =>
        eb.or([
          ...(ids.length ? [eb('id', 'in', [...ids])] : []),
          ...(addresses.length ? [eb('email', 'in', [...addresses])] : []),
        ]),
      )
      .execute();
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      properties: readJson<Record<string, string | null>>(r.properties),
    }));
  }

  async daily(userId: number, fromDay: string): Promise<Selectable<TrackingDailyTable>[]> {
    return this.db
      .selectFrom('tracking_daily')
      .selectAll()
      .where('account_id', '=', this.accountId)
      .where('user_id', '=', userId)
      .where('day', '>=', fromDay)
      .orderBy('day')
      .execute();
  }

  async addPushSubscription(
    userId: number,
    s: { endpoint: string; keys: { p256dh: string; auth: string } },
  ): Promise<void> {
    await this.db
      .insertInto('push_subscriptions')
      .values({
        account_id: this.accountId,
        user_id: userId,
        endpoint: s.endpoint,
        p256dh: s.keys.p256dh,
        auth: s.keys.auth,
        created_at: Date.now(),
      })
      .onConflict((oc) =>
        oc
          .column('endpoint')
          .doUpdateSet({ account_id: this.accountId, user_id: userId, p256dh: s.keys.p256dh, auth: s.keys.auth }),
      )
      .execute();
  }

  async removePushSubscription(userId: number, endpoint: string): Promise<void> {
    await this.db
      .deleteFrom('push_subscriptions')
      .where('account_id', '=', this.accountId)
      .where('user_id', '=', userId)
      .where('endpoint', '=', endpoint)
      .execute();
  }

  async pushSubscriptions(
    userId: number,
  ): Promise<{ id: number; endpoint: string; keys: { p256dh: string; auth: string } }[]> {
    const rows = await this.db
      .selectFrom('push_subscriptions')
      .selectAll()
      .where('account_id', '=', this.accountId)
      .where('user_id', '=', userId)
      .execute();
    return rows.map((r) => ({ id: r.id, endpoint: r.endpoint, keys: { p256dh: r.p256dh, auth: r.auth } }));
  }

  async deletePushSubscription(id: number): Promise<void> {
    await this.db
      .deleteFrom('push_subscriptions')
      .where('account_id', '=', this.accountId)
      .where('id', '=', id)
      .execute();
  }

  async addWebhookEndpoint(e: {
    userId: number;
    kind: 'webhook' | 'google_chat';
    url: string;
    secret: string | null;
  }): Promise<WebhookEndpoint> {
    const row = await this.db
      .insertInto('webhook_endpoints')
      .values({
        account_id: this.accountId,
        user_id: e.userId,
        kind: e.kind,
        url: e.url,
        secret: e.secret,
        created_at: Date.now(),
        removed_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEndpoint(row);
  }

  async webhookEndpoints(userId?: number): Promise<WebhookEndpoint[]> {
    let q = this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('account_id', '=', this.accountId)
      .where('removed_at', 'is', null);
    if (userId !== undefined) q = q.where('user_id', '=', userId);
    return (await q.orderBy('id').execute()).map(toEndpoint);
  }

  /** Stops deliveries to an endpoint; what is queued for it is given up. Returns false when there is no such endpoint. */
  async removeWebhookEndpoint(id: number): Promise<boolean> {
    const now = Date.now();
    return this.scope.transaction(async (tx) => {
      const r = await tx.db
        .updateTable('webhook_endpoints')
        .set({ removed_at: now })
        .where('account_id', '=', tx.accountId)
        .where('id', '=', id)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      await tx.db
        .updateTable('webhook_deliveries')
        .set({ failed_at: now, last_error: 'endpoint removed' })
        .where('account_id', '=', tx.accountId)
        .where('endpoint_id', '=', id)
        .where('delivered_at', 'is', null)
        .where('failed_at', 'is', null)
        .execute();
      return Number(r.numUpdatedRows) === 1;
    });
  }

  async enqueueDeliveries(deliveries: readonly { endpointId: number; payload: unknown }[], at: number): Promise<void> {
    if (deliveries.length === 0) return;
    await this.db
      .insertInto('webhook_deliveries')
      .values(
        deliveries.map((d) => ({
          account_id: this.accountId,
          endpoint_id: d.endpointId,
          payload: JSON.stringify(d.payload),
          attempts: 0,
          next_attempt_at: at,
          lease_until: null,
          last_error: null,
          delivered_at: null,
          failed_at: null,
          created_at: at,
        })),
      )
      .execute();
  }

  async deliveries(endpointId: number) {
    return this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('account_id', '=', this.accountId)
      .where('endpoint_id', '=', endpointId)
      .orderBy('id')
      .execute();
  }

  /**
   * Erasure of a contact (GDPR Art. 17): the counts stay, anonymous; who opened goes. The emails attributed to
   * the contact (by id, or by address) lose their attribution and their tokens are revoked (the pixel still
   * answers, records nothing; links still lead where they did); the contact's events lose the link to them, their
   * address and agent; the notifications that named them are deleted; the address leaves the recipient and
   * create-contact lists the intents kept. A contact without an address is erased by id alone.
   */
  async eraseContact(
    contactId: number | null,
    address: string | null,
  ): Promise<{ intents: number; events: number; notifications: number }> {
    if (contactId === null && address === null) return { intents: 0, events: 0, notifications: 0 };
    const now = Date.now();
    // Then the pixel and link routes of this process stop using the intents they had read (TrackedLookups).
    return this.scope
      .transaction(async (tx) => {
        const attributed = await tx.db
          .selectFrom('intents')
          .select('id')
          .where('account_id', '=', tx.accountId)
          .where((eb) =>
            eb.or([
              ...(address === null ? [] : [eb('attributed_address', '=', address)]),
              ...(contactId === null ? [] : [eb('attributed_contact_id', '=', contactId)]),
            ]),
          )
          .execute();
        const ids = attributed.map((r) => r.id);
        let events = 0;
        let notifications = 0;
        if (ids.length) {
          await tx.db
            .updateTable('intents')
            .set({ attributed_address: null, attributed_contact_id: null, revoked_at: now, updated_at: now })
            .where('account_id', '=', tx.accountId)
            .where('id', 'in', ids)
            .execute();
          const e = await tx.db
            .updateTable('tracking_events')
            .set({ contact_id: null, ip: null, user_agent: null })
            .where('account_id', '=', tx.accountId)
            .where('intent_id', 'in', ids)
            .executeTakeFirst();
          events = Number(e.numUpdatedRows);
          const n = await tx.db
            .deleteFrom('tracking_notifications')
            .where('account_id', '=', tx.accountId)
            .where('intent_id', 'in', ids)
            .executeTakeFirst();
          notifications = Number(n.numDeletedRows);
        }
        if (contactId !== null) {
          await tx.db
            .updateTable('tracking_events')
            .set({ contact_id: null })
            .where('account_id', '=', tx.accountId)
            .where('contact_id', '=', contactId)
            .execute();
        }
        if (address === null) return { intents: ids.length, events, notifications };
        // The address in any intent's lists (anonymous emails included). LIKE narrows the rows; the comparison that
        // decides is on bare addresses, so erasing al@x.com leaves hal@x.com where it was.
        const like = `%${address.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
        const mentioning = await tx.db
          .selectFrom('intents')
          .select(['id', 'recipients', 'create_contacts'])
          .where('account_id', '=', tx.accountId)
          .where((eb) =>
            eb.or([
              sql<boolean>`lower(cast(recipients as text)) like ${like} escape '\\'`,
              sql<boolean>`lower(cast(create_contacts as text)) like ${like} escape '\\'`,
            ]),
          )
          .execute();
        const others = (list: string[]) => list.filter((r) => bareAddress(r) !== address);
        for (const row of mentioning) {
          const lists = readJson<Record<string, string[]>>(row.recipients);
          const recipients = Object.fromEntries(Object.entries(lists).map(([field, list]) => [field, others(list)]));
          const createContacts = others(readJson<string[]>(row.create_contacts));
          await tx.db
            .updateTable('intents')
            .set({
              recipients: JSON.stringify(recipients),
              create_contacts: JSON.stringify(createContacts),
              updated_at: now,
            })
            .where('account_id', '=', tx.accountId)
            .where('id', '=', row.id)
            .execute();
        }
        return { intents: ids.length, events, notifications };
      })
      .finally(intentsRevoked);
  }
}
