import type { ColumnType, Generated } from 'kysely';

// The tables of migration 0003_events that carry notifications beyond the live streams: browsers' push
// subscriptions, webhook and Google Chat endpoints, and the queue of deliveries to them.
type Json = ColumnType<unknown, string, string>;
type Millis = number;

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
    push_subscriptions: PushSubscriptionsTable;
    webhook_endpoints: WebhookEndpointsTable;
    webhook_deliveries: WebhookDeliveriesTable;
  }
}
