import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../core/db-target';
import { columns } from './columns';

// Live feed items that no tracking event gave rise to: an email logged (by its BCC copy or from the sidebar) reaches
// open feeds as it happens. Such a notification has no event, and a received email logged from the sidebar no
// intent either; it names the logged email instead, so erasing that email erases its item too.
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`alter table tracking_notifications alter column intent_id drop not null`.execute(db);
    await sql`alter table tracking_notifications alter column event_id drop not null`.execute(db);
    await db.schema.alterTable('tracking_notifications').addColumn('email_id', 'bigint').execute();
    return;
  }
  // SQLite cannot drop a NOT NULL: the table is made again, ids kept (Last-Event-ID resumes from them).
  const c = columns(db);
  await c
    .id(db.schema.createTable('tracking_notifications_next'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('user_id', c.bigint, c.notNull)
    .addColumn('intent_id', c.bigint)
    .addColumn('event_id', c.bigint)
    .addColumn('item', c.json, c.notNull)
    .addColumn('created_at', c.bigint, c.notNull)
    .addColumn('email_id', c.bigint)
    .execute();
  await sql`insert into tracking_notifications_next (id, account_id, user_id, intent_id, event_id, item, created_at)
    select id, account_id, user_id, intent_id, event_id, item, created_at from tracking_notifications`.execute(db);
  await db.schema.dropTable('tracking_notifications').execute();
  await sql`alter table tracking_notifications_next rename to tracking_notifications`.execute(db);
  await db.schema
    .createIndex('tracking_notifications_user')
    .on('tracking_notifications')
    .columns(['account_id', 'user_id', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('tracking_notifications').where('event_id', 'is', null).execute();
  await db.schema.alterTable('tracking_notifications').dropColumn('email_id').execute();
  if (dialectOf(db) === 'postgres') {
    await sql`alter table tracking_notifications alter column intent_id set not null`.execute(db);
    await sql`alter table tracking_notifications alter column event_id set not null`.execute(db);
  }
}
