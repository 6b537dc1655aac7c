import { sql, type Kysely, type OnConflictBuilder } from 'kysely';
import { madeByPerson } from '../../contract/labels';
import { prepared } from './prepared';
import type { Database } from './schema';
import type { NewTrackingEvent } from './tracking-events';

// The counters (per email) and daily numbers (per user and UTC day) kept beside the raw events: what an event adds
// to them, and the upserts that add it. The batch append (tracking-append.ts) and a relabel (TrackingRepo) both
// move them through here.

const DAY_MS = 86_400_000;
// The day of the last event: nearly every event of a batch falls on it.
let lastDay = { number: Number.NaN, text: '' };

export function utcDay(ms: number): string {
  const number = Math.floor(ms / DAY_MS);
  if (number !== lastDay.number) lastDay = { number, text: new Date(number * DAY_MS).toISOString().slice(0, 10) };
  return lastDay.text;
}

export type CounterDelta = {
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
export type DailyDelta = {
  accountId: number;
  userId: number;
  day: string;
  personOpens: number;
  machineOpens: number;
  personClicks: number;
  machineClicks: number;
};

export function countersRow(d: CounterDelta) {
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
export const countersOnConflict = (oc: OnConflictBuilder<Database, 'tracking_counters'>) =>
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

export async function applyCounters(db: Kysely<Database>, deltas: Iterable<CounterDelta>): Promise<void> {
  for (const d of deltas) await db.executeQuery(countersUpsert(db, countersRow(d)));
}

export function dailyRow(d: DailyDelta) {
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

export const dailyOnConflict = (oc: OnConflictBuilder<Database, 'tracking_daily'>) =>
  oc.columns(['account_id', 'user_id', 'day']).doUpdateSet({
    person_opens: sql`tracking_daily.person_opens + excluded.person_opens`,
    machine_opens: sql`tracking_daily.machine_opens + excluded.machine_opens`,
    person_clicks: sql`tracking_daily.person_clicks + excluded.person_clicks`,
    machine_clicks: sql`tracking_daily.machine_clicks + excluded.machine_clicks`,
  });

const dailyUpsert = prepared((db, row: ReturnType<typeof dailyRow>) =>
  db.insertInto('tracking_daily').values(row).onConflict(dailyOnConflict),
);

export async function applyDaily(db: Kysely<Database>, deltas: Iterable<DailyDelta>): Promise<void> {
  for (const d of deltas) await db.executeQuery(dailyUpsert(db, dailyRow(d)));
}

/** Adds (sign 1) or takes back (sign -1) the events' share of the counters and the daily numbers. */
export function deltasOf(
  events: readonly NewTrackingEvent[],
  sign: 1 | -1,
): { counters: CounterDelta[]; daily: DailyDelta[] } {
  const counters = new Map<string, CounterDelta>();
  const daily = new Map<string, DailyDelta>();
  for (const e of events) {
    const person = madeByPerson(e.kind, e.label) && !e.repeat;
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
    // A repeated open is neither another person open nor a machine's.
    if (e.kind === 'open') {
      if (!e.repeat) d[person ? 'personOpens' : 'machineOpens'] += sign;
    } else d[person ? 'personClicks' : 'machineClicks'] += sign;
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
