import { sql, type Kysely } from 'kysely';
import { columns } from './columns';

// The domains an account claims beyond its own (issue 19, finding 4): an alias may only be in a domain the account
// owns, and an admin proves ownership of another with a DNS TXT record holding the row's secret. A domain is
// verified for one account at most (the partial unique index); claims not yet verified may be many.
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
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
}
