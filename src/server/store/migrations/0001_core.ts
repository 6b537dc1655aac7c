import { sql, type Kysely } from 'kysely';
import { columns } from './columns';

// Accounts, their people and keys, and the CRM records with their associations.
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);

  await c
    .id(db.schema.createTable('accounts'))
    .addColumn('name', 'text', c.notNull)
    .addColumn('domain', 'text', c.notNull)
    .addColumn('bcc_domain', 'text', c.notNull)
    .addColumn('settings', c.json, c.notNull)
    .addColumn('created_at', c.bigint, c.notNull)
    .addColumn('updated_at', c.bigint, c.notNull)
    .execute();

  await c
    .id(db.schema.createTable('users'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('email', 'text', c.notNull)
    .addColumn('name', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('role', 'text', c.notNull)
    .addColumn('paid_seat', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', c.bigint, c.notNull)
    .addColumn('updated_at', c.bigint, c.notNull)
    .execute();
  await db.schema.createIndex('users_account_email').unique().on('users').columns(['account_id', 'email']).execute();
  // Signing in with a Google ID token finds the user by address before the account is known.
  await db.schema.createIndex('users_email').on('users').column('email').execute();

  await c
    .id(db.schema.createTable('user_addresses'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('user_id', c.bigint, (col) => col.notNull().references('users.id'))
    .addColumn('address', 'text', c.notNull)
    .addColumn('kind', 'text', c.notNull)
    .addColumn('created_at', c.bigint, c.notNull)
    .execute();
  await db.schema
    .createIndex('user_addresses_account_address')
    .unique()
    .on('user_addresses')
    .columns(['account_id', 'address'])
    .execute();
  await db.schema.createIndex('user_addresses_address').on('user_addresses').column('address').execute();

  await c
    .id(db.schema.createTable('api_keys'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('name', 'text', c.notNull)
    .addColumn('key_hash', 'text', c.notNull)
    .addColumn('key_prefix', 'text', c.notNull)
    .addColumn('created_at', c.bigint, c.notNull)
    .addColumn('last_used_at', c.bigint)
    .addColumn('revoked_at', c.bigint)
    .execute();
  await db.schema.createIndex('api_keys_hash').unique().on('api_keys').column('key_hash').execute();

  await c
    .id(db.schema.createTable('crm_objects'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('object_type', 'text', c.notNull)
    .addColumn('properties', c.json, c.notNull)
    .addColumn('email', 'text')
    .addColumn('domain', 'text')
    .addColumn('created_at', c.bigint, c.notNull)
    .addColumn('updated_at', c.bigint, c.notNull)
    .addColumn('archived_at', c.bigint)
    .execute();
  // Lists page by id within a type.
  await db.schema
    .createIndex('crm_objects_account_type_id')
    .on('crm_objects')
    .columns(['account_id', 'object_type', 'id'])
    .execute();
  // One live contact per address (the 409 "Contact already exists"), and the compose context's lookup by recipient.
  // object_type leads with account_id so that, even without planner statistics, a lookup naming the type and the
  // address is more constrained here than on crm_objects_account_type_id and takes this index.
  await db.schema
    .createIndex('crm_objects_contact_email')
    .unique()
    .on('crm_objects')
    .columns(['account_id', 'object_type', 'email'])
    .where(sql.ref('archived_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('crm_objects_company_domain')
    .on('crm_objects')
    .columns(['account_id', 'object_type', 'domain'])
    .where(sql.ref('domain'), 'is not', null)
    .execute();

  await db.schema
    .createTable('crm_associations')
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('from_type', 'text', c.notNull)
    .addColumn('from_id', c.bigint, c.notNull)
    .addColumn('to_type', 'text', c.notNull)
    .addColumn('to_id', c.bigint, c.notNull)
    .addColumn('type_id', 'integer', c.notNull)
    .addColumn('created_at', c.bigint, c.notNull)
    .addPrimaryKeyConstraint('crm_associations_pk', ['account_id', 'from_id', 'to_type', 'to_id', 'type_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['crm_associations', 'crm_objects', 'api_keys', 'user_addresses', 'users', 'accounts']) {
    await db.schema.dropTable(table).execute();
  }
}
