import { sql, type Kysely } from 'kysely';
import { newToken } from '../../core/tokens';
import { columns } from './columns';

// Logging addresses hold their own secrets (issue 19, finding 2: the pixel's token is public, every recipient sees
// it). An intent gets a log secret beside its token, and the notes of what its copy changed from Apply; users and accounts get personal and routing secrets, kept
// after rotation so the old address can say it was replaced. An intent now also says where it came from: an Apply,
// or a copy that arrived on a personal or routing address without one (logged, never tracked).
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);

  await db.schema.alterTable('intents').addColumn('log_secret', 'text').execute();
  await db.schema
    .alterTable('intents')
    .addColumn('origin', 'text', (col) => col.notNull().defaultTo('apply'))
    .execute();
  // What the copy as sent changed from Apply (recipients added or removed, the tracking mode), for the timeline.
  await db.schema.alterTable('intents').addColumn('send_notes', c.json).execute();
  // An email applied but not sent yet keeps its token as its log secret: its draft already carries
  // `log+<token>@…`, and that copy must not be refused. Every other intent gets a secret nobody has seen.
  await db
    .updateTable('intents')
    .set({ log_secret: sql`token` })
    .where('sent_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
  for (;;) {
    const rows = await db.selectFrom('intents').select('id').where('log_secret', 'is', null).limit(500).execute();
    if (!rows.length) break;
    for (const row of rows)
      await db.updateTable('intents').set({ log_secret: newToken() }).where('id', '=', row.id).execute();
  }
  // Looked up before the account is known (SMTP RCPT): unique across accounts, like the token.
  await db.schema.createIndex('intents_log_secret').unique().on('intents').column('log_secret').execute();

  await c
    .id(db.schema.createTable('logging_secrets'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    // personal (bcc+…, one per user) | routing (route+…, one per account)
    .addColumn('kind', 'text', c.notNull)
    .addColumn('user_id', c.bigint, (col) => col.references('users.id'))
    // 144 random bits, base64url.
    .addColumn('secret', 'text', c.notNull)
    .addColumn('created_at', c.bigint, c.notNull)
    // Set when the address is rotated: RCPT then answers that it was replaced.
    .addColumn('retired_at', c.bigint)
    .execute();
  await db.schema.createIndex('logging_secrets_secret').unique().on('logging_secrets').column('secret').execute();
  await db.schema
    .createIndex('logging_secrets_current_personal')
    .unique()
    .on('logging_secrets')
    .columns(['account_id', 'user_id'])
    .where(sql<boolean>`kind = 'personal' and retired_at is null`)
    .execute();
  await db.schema
    .createIndex('logging_secrets_current_routing')
    .unique()
    .on('logging_secrets')
    .column('account_id')
    .where(sql<boolean>`kind = 'routing' and retired_at is null`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('logging_secrets').execute();
  await db.schema.dropIndex('intents_log_secret').execute();
  await db.schema.alterTable('intents').dropColumn('send_notes').execute();
  await db.schema.alterTable('intents').dropColumn('origin').execute();
  await db.schema.alterTable('intents').dropColumn('log_secret').execute();
}
