import { type Kysely } from 'kysely';
import { columns } from './columns';

// Fetches the pixel and links answer without recording an event, still committed with the events of their turn (so
// every answer waits for the same commit, and nothing answered goes uncounted): fetches of unknown, revoked or
// untracked tokens, per UTC day; hits over an email's budgets, summarised per email and source. And the flag of a
// person's open repeated from one source soon after the last: an open, not another person open.
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  await db.schema
    .alterTable('tracking_events')
    .addColumn('repeat', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('tracking_overflow')
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('intent_id', c.bigint, (col) => col.notNull().references('intents.id'))
    // The truncated address (/24, /48) whose own budget ran out, or '' for hits over the email's budget.
    .addColumn('source', 'text', c.notNull)
    .addColumn('fetches', c.bigint, c.notNull)
    .addColumn('first_at', c.bigint, c.notNull)
    .addColumn('last_at', c.bigint, c.notNull)
    .addPrimaryKeyConstraint('tracking_overflow_pk', ['account_id', 'intent_id', 'source'])
    .execute();
  await db.schema
    .createTable('tracking_misses')
    .addColumn('day', 'text', (col) => col.primaryKey())
    .addColumn('fetches', c.bigint, c.notNull)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tracking_misses').execute();
  await db.schema.dropTable('tracking_overflow').execute();
  await db.schema.alterTable('tracking_events').dropColumn('repeat').execute();
}
