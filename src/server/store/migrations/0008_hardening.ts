import { sql, type Kysely } from 'kysely';
import { columns } from './columns';

// What the hardening review (issue 19) needed of the store.
// - The domains an account claims beyond its own (finding 4): an alias may only be in a domain the account owns, and
//   an admin proves ownership of another with a DNS TXT record holding the row's secret. A domain is verified for
//   one account at most (the partial unique index); claims not yet verified may be many.
// - Not-logged items past the budget of one logging address (finding 9) are counted on the last item kept, not
//   stored one by one: `more`.
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  await db.schema
    .alterTable('not_logged_emails')
    .addColumn('more', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await c
    .id(db.schema.createTable('account_domains'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('domain', 'text', c.notNull)
    .addColumn('secret', 'text', c.notNull)
    .addColumn('verified_at', c.bigint)
    .addColumn('created_at', c.bigint, c.notNull)
    .execute();
  await db.schema
    .createIndex('account_domains_claim')
    .unique()
    .on('account_domains')
    .columns(['account_id', 'domain'])
    .execute();
  await db.schema
    .createIndex('account_domains_verified')
    .unique()
    .on('account_domains')
    .column('domain')
    .where(sql.ref('verified_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_domains').execute();
  await db.schema.alterTable('not_logged_emails').dropColumn('more').execute();
}
