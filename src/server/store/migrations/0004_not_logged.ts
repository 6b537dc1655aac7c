import type { Kysely } from 'kysely';
import { columns } from './columns';

// The BCC copies that were received but not logged (From not the user's, every party never-logged, a logging address
// reused by another email): the user's feed shows each with its reason. One row per intent and Message-ID, so a
// copy delivered again does not repeat the item.
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  await db.schema
    .createTable('not_logged_emails')
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('intent_id', c.bigint, (col) => col.notNull().references('intents.id'))
    .addColumn('message_id', 'text', c.notNull)
    .addColumn('user_id', c.bigint, (col) => col.notNull().references('users.id'))
    .addColumn('subject', 'text', c.notNull)
    .addColumn('reason', 'text', c.notNull)
    .addColumn('created_at', c.bigint, c.notNull)
    .addPrimaryKeyConstraint('not_logged_emails_pk', ['account_id', 'intent_id', 'message_id'])
    .execute();
  await db.schema
    .createIndex('not_logged_emails_feed')
    .on('not_logged_emails')
    .columns(['account_id', 'user_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('not_logged_emails').execute();
}
