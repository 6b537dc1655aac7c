import type { Kysely } from 'kysely';
import { columns } from './columns';

// Templates and snippets (P2): the team's library, and each insert from the sidebar, tied to the email it went into
// by the intent (when Apply came first) or by the compose card's draft key (the intent Apply makes from that card).
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  await c
    .id(db.schema.createTable('templates'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('owner_id', c.bigint, (col) => col.notNull().references('users.id'))
    .addColumn('kind', 'text', c.notNull)
    .addColumn('name', 'text', c.notNull)
    .addColumn('subject', 'text')
    .addColumn('body', 'text', c.notNull)
    .addColumn('shared', 'integer', c.notNull)
    .addColumn('created_at', c.bigint, c.notNull)
    .addColumn('updated_at', c.bigint, c.notNull)
    .addColumn('last_used_at', c.bigint)
    .execute();
  await db.schema.createIndex('templates_account').on('templates').columns(['account_id', 'owner_id']).execute();

  await c
    .id(db.schema.createTable('template_uses'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('template_id', c.bigint, (col) => col.notNull().references('templates.id').onDelete('cascade'))
    .addColumn('user_id', c.bigint, (col) => col.notNull().references('users.id'))
    .addColumn('draft_key', 'text', c.notNull)
    .addColumn('intent_id', c.bigint, (col) => col.references('intents.id'))
    .addColumn('used_at', c.bigint, c.notNull)
    .execute();
  await db.schema
    .createIndex('template_uses_template')
    .on('template_uses')
    .columns(['account_id', 'template_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('template_uses').execute();
  await db.schema.dropTable('templates').execute();
}
