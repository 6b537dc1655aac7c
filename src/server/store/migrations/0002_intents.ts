import type { Kysely } from 'kysely';
import { columns } from './columns';

// What the Gmail sidebar registers (intents and their tracked links), the exactly-once index of logged emails with
// their attachments, and which messages a user is reading (to tell their own reads from opens, T8).
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);

  await c
    .id(db.schema.createTable('intents'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('user_id', c.bigint, (col) => col.notNull().references('users.id'))
    // 144 random bits, base64url: in `log+<token>@<bccDomain>` and `/t/o/<token>.gif`.
    .addColumn('token', 'text', c.notNull)
    // Chosen by the compose card; a retried Apply finds its intent by it.
    .addColumn('draft_key', 'text', c.notNull)
    .addColumn('track', 'integer', c.notNull)
    .addColumn('log', 'integer', c.notNull)
    // off | anonymous | identified, fixed at registration (T6, T7, B3).
    .addColumn('mode', 'text', c.notNull)
    .addColumn('attributed_address', 'text')
    .addColumn('attributed_contact_id', c.bigint)
    .addColumn('clicks', 'integer', c.notNull)
    // Whether an answer to Apply carried this intent's pixel: a second Apply does not insert another.
    .addColumn('pixel_issued', 'integer', c.notNull)
    .addColumn('associations', c.json, c.notNull)
    .addColumn('create_contacts', c.json, c.notNull)
    .addColumn('never_log', c.json, c.notNull)
    .addColumn('recipients', c.json, c.notNull)
    // Filled when the BCC copy arrives (the send): what the feed and the message card show of a sent email.
    .addColumn('message_id', 'text')
    .addColumn('subject', 'text')
    .addColumn('sent_at', c.bigint)
    .addColumn('created_at', c.bigint, c.notNull)
    .addColumn('updated_at', c.bigint, c.notNull)
    .addColumn('revoked_at', c.bigint)
    .execute();
  // Tokens are looked up before the account is known (pixel, SMTP RCPT): unique across accounts.
  await db.schema.createIndex('intents_token').unique().on('intents').column('token').execute();
  await db.schema
    .createIndex('intents_draft')
    .unique()
    .on('intents')
    .columns(['account_id', 'user_id', 'draft_key'])
    .execute();
  await db.schema.createIndex('intents_message').on('intents').columns(['account_id', 'message_id']).execute();

  await c
    .id(db.schema.createTable('tracked_links'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('intent_id', c.bigint, (col) => col.notNull().references('intents.id'))
    .addColumn('token', 'text', c.notNull)
    // The redirect target is read from here, never from the request (no open redirect).
    .addColumn('url', 'text', c.notNull)
    .addColumn('text', 'text', c.notNull)
    .addColumn('created_at', c.bigint, c.notNull)
    .execute();
  await db.schema.createIndex('tracked_links_token').unique().on('tracked_links').column('token').execute();
  await db.schema
    .createIndex('tracked_links_intent')
    .on('tracked_links')
    .columns(['account_id', 'intent_id'])
    .execute();

  // One logged email per account and Message-ID, whichever path brings it (L9, B4).
  await db.schema
    .createTable('logged_emails')
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('message_id', 'text', c.notNull)
    .addColumn('email_id', c.bigint, c.notNull)
    .addColumn('thread_key', 'text', c.notNull)
    .addColumn('user_id', c.bigint)
    .addColumn('intent_id', c.bigint)
    .addColumn('source', 'text', c.notNull)
    .addColumn('created_at', c.bigint, c.notNull)
    .addPrimaryKeyConstraint('logged_emails_pk', ['account_id', 'message_id'])
    .execute();
  await db.schema
    .createIndex('logged_emails_email')
    .unique()
    .on('logged_emails')
    .columns(['account_id', 'email_id'])
    .execute();
  await db.schema
    .createIndex('logged_emails_thread')
    .on('logged_emails')
    .columns(['account_id', 'thread_key'])
    .execute();

  await c
    .id(db.schema.createTable('email_attachments'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('email_id', c.bigint, c.notNull)
    .addColumn('name', 'text', c.notNull)
    .addColumn('content_type', 'text', c.notNull)
    .addColumn('content_id', 'text')
    .addColumn('inline', 'integer', c.notNull)
    .addColumn('size', c.bigint, c.notNull)
    // The file in the attachment store; null when the content was left out (L6).
    .addColumn('sha256', 'text')
    .addColumn('left_out', 'text')
    .addColumn('created_at', c.bigint, c.notNull)
    .execute();
  await db.schema
    .createIndex('email_attachments_email')
    .on('email_attachments')
    .columns(['account_id', 'email_id'])
    .execute();

  await db.schema
    .createTable('message_views')
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('user_id', c.bigint, c.notNull)
    .addColumn('message_id', 'text', c.notNull)
    .addColumn('thread_id', 'text', c.notNull)
    .addColumn('viewed_at', c.bigint, c.notNull)
    .addPrimaryKeyConstraint('message_views_pk', ['account_id', 'user_id', 'message_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['message_views', 'email_attachments', 'logged_emails', 'tracked_links', 'intents']) {
    await db.schema.dropTable(table).execute();
  }
}
