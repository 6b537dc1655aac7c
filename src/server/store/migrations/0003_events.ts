import { sql, type Kysely } from 'kysely';
import { columns } from './columns';

// Tracking: every open and click with its label (append-only; a label may be settled once by later evidence),
// counters per tracked email and per user and day (kept when raw events are purged), the notifications each user
// was sent (what an SSE stream resumes from), Web Push subscriptions, and outbound webhooks with their queue.
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);

  await c
    .id(db.schema.createTable('tracking_events'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('intent_id', c.bigint, (col) => col.notNull().references('intents.id'))
    // The sender: the feed and the live stream read a user's events.
    .addColumn('user_id', c.bigint, c.notNull)
    .addColumn('link_id', c.bigint)
    .addColumn('kind', 'text', c.notNull)
    .addColumn('label', 'text', c.notNull)
    .addColumn('reasons', c.json, c.notNull)
    .addColumn('anonymous', 'integer', c.notNull)
    // The one reader of an `identified` email; null when anonymous, and after the contact is erased.
    .addColumn('contact_id', c.bigint)
    .addColumn('method', 'text', c.notNull)
    // Truncated (/24, /48) and bounded: enough to read a label's story, not to locate a person.
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('occurred_at', c.bigint, c.notNull)
    .execute();
  // Ids grow with time, so both indexes append at their right edge (cheap under load).
  await db.schema
    .createIndex('tracking_events_intent')
    .on('tracking_events')
    .columns(['account_id', 'intent_id', 'id'])
    .execute();
  await db.schema
    .createIndex('tracking_events_user')
    .on('tracking_events')
    .columns(['account_id', 'user_id', 'id'])
    .execute();
  await db.schema.createIndex('tracking_events_time').on('tracking_events').column('occurred_at').execute();

  await db.schema
    .createTable('tracking_counters')
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('intent_id', c.bigint, (col) => col.notNull().references('intents.id'))
    .addColumn('opens', 'integer', c.notNull)
    // Opens a person most likely made (labels human and proxy), clicks labelled human.
    .addColumn('person_opens', 'integer', c.notNull)
    .addColumn('clicks', 'integer', c.notNull)
    .addColumn('person_clicks', 'integer', c.notNull)
    .addColumn('first_open_at', c.bigint)
    .addColumn('last_open_at', c.bigint)
    .addColumn('last_event_at', c.bigint, c.notNull)
    // When the last open notification went out: opens soon after it are folded into it (coalescing).
    .addColumn('notified_open_at', c.bigint)
    .addPrimaryKeyConstraint('tracking_counters_pk', ['account_id', 'intent_id'])
    .execute();

  await db.schema
    .createTable('tracking_daily')
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('user_id', c.bigint, c.notNull)
    .addColumn('day', 'text', c.notNull)
    .addColumn('person_opens', 'integer', c.notNull)
    .addColumn('machine_opens', 'integer', c.notNull)
    .addColumn('person_clicks', 'integer', c.notNull)
    .addColumn('machine_clicks', 'integer', c.notNull)
    .addPrimaryKeyConstraint('tracking_daily_pk', ['account_id', 'user_id', 'day'])
    .execute();

  await c
    .id(db.schema.createTable('tracking_notifications'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('user_id', c.bigint, c.notNull)
    .addColumn('intent_id', c.bigint, c.notNull)
    .addColumn('event_id', c.bigint, c.notNull)
    // The feed item as the stream sent it.
    .addColumn('item', c.json, c.notNull)
    .addColumn('created_at', c.bigint, c.notNull)
    .execute();
  await db.schema
    .createIndex('tracking_notifications_user')
    .on('tracking_notifications')
    .columns(['account_id', 'user_id', 'id'])
    .execute();

  await c
    .id(db.schema.createTable('push_subscriptions'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('user_id', c.bigint, (col) => col.notNull().references('users.id'))
    .addColumn('endpoint', 'text', c.notNull)
    .addColumn('p256dh', 'text', c.notNull)
    .addColumn('auth', 'text', c.notNull)
    .addColumn('created_at', c.bigint, c.notNull)
    .execute();
  // A browser's endpoint is unique; subscribing again from another account moves it.
  await db.schema
    .createIndex('push_subscriptions_endpoint')
    .unique()
    .on('push_subscriptions')
    .column('endpoint')
    .execute();
  await db.schema
    .createIndex('push_subscriptions_user')
    .on('push_subscriptions')
    .columns(['account_id', 'user_id'])
    .execute();

  await c
    .id(db.schema.createTable('webhook_endpoints'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('user_id', c.bigint, (col) => col.notNull().references('users.id'))
    // webhook | google_chat
    .addColumn('kind', 'text', c.notNull)
    .addColumn('url', 'text', c.notNull)
    .addColumn('secret', 'text')
    .addColumn('created_at', c.bigint, c.notNull)
    .addColumn('removed_at', c.bigint)
    .execute();
  await db.schema
    .createIndex('webhook_endpoints_user')
    .on('webhook_endpoints')
    .columns(['account_id', 'user_id'])
    .execute();

  await c
    .id(db.schema.createTable('webhook_deliveries'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('endpoint_id', c.bigint, (col) => col.notNull().references('webhook_endpoints.id'))
    .addColumn('payload', c.json, c.notNull)
    .addColumn('attempts', 'integer', c.notNull)
    .addColumn('next_attempt_at', c.bigint, c.notNull)
    // A worker that takes a delivery holds it until then; another may take it after (it crashed).
    .addColumn('lease_until', c.bigint)
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', c.bigint)
    .addColumn('failed_at', c.bigint)
    .addColumn('created_at', c.bigint, c.notNull)
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .column('next_attempt_at')
    .where(sql.ref('delivered_at'), 'is', null)
    .where(sql.ref('failed_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'webhook_deliveries',
    'webhook_endpoints',
    'push_subscriptions',
    'tracking_notifications',
    'tracking_daily',
    'tracking_counters',
    'tracking_events',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
