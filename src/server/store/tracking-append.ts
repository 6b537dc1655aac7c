import type { Kysely } from 'kysely';
import { dialectOf } from './dialect';
import { prepared } from './prepared';
import type { Database } from './schema';
import { nameStatement } from './statement-names';
import { unnest } from './unnest';
import {
  countersOnConflict,
  countersRow,
  dailyOnConflict,
  dailyRow,
  deltasOf,
  applyCounters,
  applyDaily,
  type CounterDelta,
  type DailyDelta,
} from './tracking-counts';
import type { NewTrackingEvent } from './tracking-events';
import { applyMisses, missesOn } from './tracking-misses';
import { applyOverflow, type OverflowHit } from './tracking-overflow';

// The event writer's batch append (`store.events`): events of any accounts with their counters and daily numbers,
// on SQLite in one transaction, on PostgreSQL in one statement. The hot path: its statements are prepared().

function eventRow(e: NewTrackingEvent) {
  return {
    account_id: e.accountId,
    intent_id: e.intentId,
    user_id: e.userId,
    link_id: e.linkId,
    kind: e.kind,
    label: e.label,
    reasons: JSON.stringify(e.reasons),
    uncertain: e.uncertain ? 1 : 0,
    anonymous: e.anonymous ? 1 : 0,
    contact_id: e.contactId,
    method: e.method,
    ip: e.ip,
    user_agent: e.userAgent,
    occurred_at: e.occurredAt,
    repeat: e.repeat ? 1 : 0,
  };
}

const eventsInsert = prepared((db, rows: ReturnType<typeof eventRow>[]) =>
  db.insertInto('tracking_events').values(rows).returning('id'),
);

// At most this many rows per INSERT (14 values a row; SQLite allows 32766 bound values, PostgreSQL 65535): few
// distinct statements to compile and keep prepared, and still few statements per batch.
const ROWS_PER_INSERT = 64;

/**
 * What one group commit writes besides the events: the times of pixel fetches answered without an event, and the
 * hits over an email's budgets (summarised).
 */
export type WithEvents = { misses: readonly number[]; overflow: readonly OverflowHit[] };

/**
 * The event writer's door to the store (`store.events`), across accounts on purpose: one commit serves the hits
 * of every account that came in the same moment.
 */
export class EventLog {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Appends a batch of events from any accounts, with their counters and daily numbers, in one transaction: one
   * commit for the whole batch (group commit). Returns the new ids in the order of `events`: ids are handed out in
   * row order (SQLite has one writer; PostgreSQL evaluates the sequence row by row).
   */
  append(events: readonly NewTrackingEvent[], beside: WithEvents = { misses: [], overflow: [] }): Promise<number[]> {
    if (!beside.misses.length && !beside.overflow.length) return appendEvents(this.db, events);
    return this.db.transaction().execute(async (trx) => {
      await applyMisses(trx, beside.misses);
      await applyOverflow(trx, beside.overflow);
      return appendEvents(trx, events);
    });
  }

  /** Fetches of unknown, revoked or untracked tokens on a UTC day (YYYY-MM-DD): for the operator. */
  missesOn(day: string): Promise<number> {
    return missesOn(this.db, day);
  }
}

async function appendEvents(db: Kysely<Database>, events: readonly NewTrackingEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  const { counters, daily } = deltasOf(events, 1);
  if (dialectOf(db) === 'postgres') return appendInOneStatement(db, events, counters, daily);
  const inTransaction = async (trx: Kysely<Database>) => {
    const ids: number[] = [];
    for (let i = 0; i < events.length; i += ROWS_PER_INSERT) {
      const { rows } = await trx.executeQuery(eventsInsert(trx, events.slice(i, i + ROWS_PER_INSERT).map(eventRow)));
      ids.push(...rows.map((r) => r.id).sort((a, b) => a - b));
    }
    await applyCounters(trx, counters);
    await applyDaily(trx, daily);
    return ids;
  };
  return db.isTransaction ? inTransaction(db) : db.transaction().execute(inTransaction);
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
  uncertain: 'integer',
  anonymous: 'integer',
  contact_id: 'bigint',
  method: 'text',
  ip: 'text',
  user_agent: 'text',
  occurred_at: 'bigint',
  repeat: 'integer',
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
  const query = db
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
    .compile();
  // One text for any batch (its rows are arrays): PostgreSQL plans it once per connection.
  nameStatement(query.sql);
  const { rows } = await db.executeQuery(query);
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

const keys = <T extends object>(o: T) => Object.keys(o) as (keyof T & string)[];
