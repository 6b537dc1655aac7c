import type { ColumnType, Generated } from 'kysely';
import type { EventLabel } from '../../contract/addon';

// The tracking tables of migration 0003_events (see it for what each holds): the raw events, the counters and
// daily numbers kept beside them, and the notifications the events gave rise to. Added to the store's Database
// interface by declaration merging, like schema-intents.ts.
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
  /** 1 when the label is a best guess (migration 0010). */
  uncertain: ColumnType<number, number | undefined, number>;
  anonymous: number;
  contact_id: number | null;
  method: string;
  ip: string | null;
  user_agent: string | null;
  occurred_at: Millis;
  /** Migration 0012: 1 for a person's open repeated from its source soon after the last (not a person open). */
  repeat: ColumnType<number, number | undefined, number>;
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

/** Migration 0012: pixel fetches answered without an event (unknown, revoked, untracked tokens), per UTC day. */
export interface TrackingMissesTable {
  day: string;
  fetches: number;
}

/** Migration 0012: hits over an email's budgets, summarised per source ('' for the email's own budget). */
export interface TrackingOverflowTable {
  account_id: number;
  intent_id: number;
  source: string;
  fetches: number;
  first_at: Millis;
  last_at: Millis;
}

export interface TrackingNotificationsTable {
  id: Generated<number>;
  account_id: number;
  user_id: number;
  /** None for an item no tracking event gave rise to (an email logged). */
  intent_id: number | null;
  event_id: number | null;
  /** The logged email an item announces. */
  email_id: number | null;
  item: Json;
  created_at: Millis;
}

declare module './schema' {
  interface Database {
    tracking_events: TrackingEventsTable;
    tracking_counters: TrackingCountersTable;
    tracking_daily: TrackingDailyTable;
    tracking_misses: TrackingMissesTable;
    tracking_overflow: TrackingOverflowTable;
    tracking_notifications: TrackingNotificationsTable;
  }
}
