import type { ExpressionBuilder, Selectable } from 'kysely';
import type { EventLabel } from '../../contract/addon';
import { madeByPerson } from '../../contract/labels';
import { readJson } from './dialect';
import { prepared } from './prepared';
import type { Database } from './schema';
import type { TrackedLinksTable } from './schema-intents';
import type { TrackingCountersTable, TrackingDailyTable, TrackingEventsTable } from './schema-tracking';
import type { AccountScope } from './scope';
import { applyCounters, applyDaily, deltasOf } from './tracking-counts';
import { eraseContact } from './tracking-erasure';
import { overflowOf, type Overflow } from './tracking-overflow';

// One account's opens and clicks (`scope.tracking`): the raw events, the counters and daily numbers kept beside
// them, and the feed's query of clicks. Batches of events of any accounts are appended through `store.events`
// (tracking-append.ts).

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
  /** A person's open repeated from its source soon after the last: counted as an open, not a person open. */
  repeat?: boolean;
};

export type TrackingEvent = NewTrackingEvent & { id: number };

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
    repeat: row.repeat === 1,
  };
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

  /** The email's hits over budget, summarised per source (shown after its events). */
  overflowOf(intentId: number): Promise<Overflow[]> {
    return overflowOf(this.db, this.accountId, intentId);
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

  /**
   * Erasure of a contact (GDPR Art. 17): the counts stay, anonymous; who opened goes (tracking-erasure.ts). A
   * contact without an address is erased by id alone.
   */
  eraseContact(
    contactId: number | null,
    address: string | null,
  ): Promise<{ intents: number; events: number; notifications: number }> {
    return eraseContact(this.scope, contactId, address);
  }
}
