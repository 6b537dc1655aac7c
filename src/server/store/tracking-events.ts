import type { ExpressionBuilder, Selectable } from 'kysely';
import type { EventLabel } from '../../contract/addon';
import { madeByPerson } from '../../contract/labels';
import { dialectOf, readJson } from './dialect';
import {
  nearbyOf,
  nearestClicks,
  nearestClicksOfMany,
  senderClientsQuery,
  uncertainOpensQuery,
  type NearbyClicks,
  type NearestClicksRow,
} from './tracking-label-reads';
import type { Database } from './schema';
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
  /** The label is a best guess, shown as uncertain. */
  uncertain: boolean;
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
    uncertain: Boolean(row.uncertain),
    anonymous: Boolean(row.anonymous),
    contactId: row.contact_id,
    method: row.method,
    ip: row.ip,
    userAgent: row.user_agent,
    occurredAt: row.occurred_at,
    repeat: row.repeat === 1,
  };
}

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
   * nearest after `at` within `span` ms, other than the event itself. Each is the first entry of an index
   * range (migrations 0006 and 0020), however many times a link was clicked: a link hammered in a loop does not
   * make every further click slower to label.
   */
  async clicksNear(intentId: number, at: number, span: number, exceptId?: number): Promise<NearbyClicks> {
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
    return nearbyOf(rows);
  }

  /**
   * clicksNear for several clicks not stored yet (the clicks of one commit), in the order of `wanted`: on
   * PostgreSQL one statement for all, where each would be a round trip; on SQLite a read each, which costs less.
   */
  async clicksNearMany(wanted: readonly { intentId: number; at: number }[], span: number): Promise<NearbyClicks[]> {
    if (dialectOf(this.db) === 'sqlite') return Promise.all(wanted.map((w) => this.clicksNear(w.intentId, w.at, span)));
    const { rows } = await this.db.executeQuery(
      nearestClicksOfMany(this.db, { accountId: this.accountId, span, wanted }),
    );
    const each = wanted.map((): NearestClicksRow[] => []);
    for (const r of rows) each[r.n].push(r);
    return each.map(nearbyOf);
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
  ): Promise<Map<number, { at: number; label: EventLabel; uncertain: boolean; reasons: string[] }[]>> {
    const out = new Map<number, { at: number; label: EventLabel; uncertain: boolean; reasons: string[] }[]>();
    if (intentIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('tracking_events')
      .select(['intent_id', 'occurred_at', 'label', 'uncertain', 'reasons'])
      .where('account_id', '=', this.accountId)
      .where('intent_id', 'in', [...intentIds])
      .where('kind', '=', 'open')
      .where('label', 'in', ['human', 'proxy'])
      .orderBy('id', 'desc')
      .execute();
    for (const r of rows) {
      const list = out.get(r.intent_id) ?? [];
      if (list.length < per)
        list.push({
          at: r.occurred_at,
          label: r.label,
          uncertain: Boolean(r.uncertain),
          reasons: readJson<string[]>(r.reasons),
        });
      out.set(r.intent_id, list);
    }
    return out;
  }

  /**
   * The events no person made (or may not have made) of several intents, newest first, at most `per` each, with
   * how many there are in all: what the feed and timelines fold under each email.
   */
  async machineEvents(
    intentIds: readonly number[],
    per: number,
  ): Promise<Map<number, { events: TrackingEvent[]; count: number }>> {
    const out = new Map<number, { events: TrackingEvent[]; count: number }>();
    if (intentIds.length === 0) return out;
    const machine = (eb: ExpressionBuilder<Database, 'tracking_events'>) =>
      eb.or([
        eb('kind', '=', 'open').and('label', 'not in', ['human', 'proxy']),
        eb('kind', '=', 'click').and('label', '!=', 'human'),
      ]);
    const [rows, counts] = await Promise.all([
      this.db
        .selectFrom('tracking_events')
        .selectAll()
        .where('account_id', '=', this.accountId)
        .where('intent_id', 'in', [...intentIds])
        .where(machine)
        .orderBy('id', 'desc')
        .limit(per * intentIds.length)
        .execute(),
      this.db
        .selectFrom('tracking_events')
        .select((eb) => ['intent_id', eb.fn.countAll<number>().as('n')])
        .where('account_id', '=', this.accountId)
        .where('intent_id', 'in', [...intentIds])
        .where(machine)
        .groupBy('intent_id')
        .execute(),
    ]);
    for (const c of counts) out.set(c.intent_id, { events: [], count: Number(c.n) });
    for (const r of rows) {
      const entry = out.get(r.intent_id);
      if (entry && entry.events.length < per) entry.events.push(toEvent(r));
    }
    return out;
  }

  /**
   * The clients (truncated network and agent) the sender's own fetches of this email came from: the draft showing
   * the pixel, the sender viewing the thread. A few are enough.
   */
  async senderClients(intentId: number): Promise<{ network: string | null; userAgent: string }[]> {
    const { rows } = await this.db.executeQuery(senderClientsQuery(this.db, { accountId: this.accountId, intentId }));
    return rows.map((r) => ({ network: r.ip, userAgent: r.user_agent! }));
  }

  /**
   * The uncertain opens of each email before its time, oldest first, at most 20 each (what a later open may
   * settle), in one read per 100 emails.
   */
  async uncertainOpens(wanted: readonly { intentId: number; before: number }[]): Promise<Map<number, TrackingEvent[]>> {
    const out = new Map<number, TrackingEvent[]>(wanted.map((w) => [w.intentId, []]));
    for (let i = 0; i < wanted.length; i += 100) {
      const { rows } = await this.db.executeQuery(
        uncertainOpensQuery(this.db, { accountId: this.accountId, wanted: wanted.slice(i, i + 100) }),
      );
      for (const r of rows) out.get(r.intent_id)?.push(toEvent(r));
    }
    for (const list of out.values()) list.sort((a, b) => a.id - b.id);
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
  async relabel(
    event: TrackingEvent,
    { label, reasons, uncertain }: { label: EventLabel; reasons: string[]; uncertain: boolean },
  ): Promise<void> {
    await this.scope.transaction(async (tx) => {
      await tx.db
        .updateTable('tracking_events')
        .set({ label, reasons: JSON.stringify(reasons), uncertain: uncertain ? 1 : 0 })
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
   * Whether a person's open or click notifies or folds into the last notification of its email (an open) or its
   * link (a click) (notify/coalesce.ts). The time of the last one is swapped only if nobody changed it meanwhile, so
   * that two hits decided at once cannot both notify.
   */
  async coalesceNotification(
    event: Pick<TrackingEvent, 'intentId' | 'linkId' | 'occurredAt'>,
    notify: (lastNotifiedAt: number | null) => boolean,
  ): Promise<boolean> {
    const at = event.occurredAt;
    if (event.linkId !== null) {
      const link = await this.db
        .selectFrom('tracked_links')
        .select('notified_click_at')
        .where('account_id', '=', this.accountId)
        .where('id', '=', event.linkId)
        .executeTakeFirst();
      const last = link?.notified_click_at ?? null;
      if (!notify(last)) return false;
      const swapped = await this.db
        .updateTable('tracked_links')
        .set({ notified_click_at: at })
        .where('account_id', '=', this.accountId)
        .where('id', '=', event.linkId)
        .where('notified_click_at', last === null ? 'is' : '=', last)
        .executeTakeFirst();
      return Number(swapped.numUpdatedRows) === 1;
    }
    const row = await this.db
      .selectFrom('tracking_counters')
      .select('notified_open_at')
      .where('account_id', '=', this.accountId)
      .where('intent_id', '=', event.intentId)
      .executeTakeFirst();
    const last = row?.notified_open_at ?? null;
    if (!notify(last)) return false;
    const swapped = await this.db
      .updateTable('tracking_counters')
      .set({ notified_open_at: at })
      .where('account_id', '=', this.accountId)
      .where('intent_id', '=', event.intentId)
      .where('notified_open_at', last === null ? 'is' : '=', last)
      .executeTakeFirst();
    return Number(swapped.numUpdatedRows) === 1;
  }

  /** The user's person clicks (label human) for the feed, newest first, those at or before `before`. */
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
        'e.uncertain',
        'e.reasons',
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
      .where('e.label', '=', 'human')
      .where('e.occurred_at', '<=', before)
      .orderBy('e.occurred_at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(limit)
      .execute()
      .then((rows) =>
        rows.map((r) => ({ ...r, uncertain: Boolean(r.uncertain), reasons: readJson<string[]>(r.reasons) })),
      );
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
