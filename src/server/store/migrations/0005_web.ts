import type { Kysely } from 'kysely';
import { columns } from './columns';

// The web app's own state: sign-in sessions, and the email pinned to the top of each record's timeline.
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  await db.schema
    .createTable('web_sessions')
    // SHA-256 of the cookie's random token; the token itself is only in the browser.
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('user_id', c.bigint, (col) => col.notNull().references('users.id'))
    .addColumn('created_at', c.bigint, c.notNull)
    .addColumn('expires_at', c.bigint, c.notNull)
    .execute();
  await db.schema.createIndex('web_sessions_expiry').on('web_sessions').column('expires_at').execute();

  // One pinned email per record, as in HubSpot: pinning another replaces it.
  await db.schema
    .createTable('web_pins')
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('record_id', c.bigint, c.notNull)
    .addColumn('email_id', c.bigint, c.notNull)
    .addColumn('pinned_at', c.bigint, c.notNull)
    .addPrimaryKeyConstraint('web_pins_pk', ['account_id', 'record_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('web_pins').execute();
  await db.schema.dropTable('web_sessions').execute();
}
