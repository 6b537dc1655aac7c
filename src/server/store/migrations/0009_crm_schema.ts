import type { Kysely } from 'kysely';
import { columns } from './columns';

// What an account defines of its CRM beyond HubSpot's fixed catalogue (issue 18): pipelines and their stages (the
// defaults are written on first use), custom properties and property groups, custom association labels, and the
// ids merged records leave behind.
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);

  await db.schema
    .createTable('crm_pipelines')
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('object_type', 'text', c.notNull)
    .addColumn('pipeline_id', 'text', c.notNull)
    .addColumn('label', 'text', c.notNull)
    .addColumn('display_order', 'integer', c.notNull)
    .addColumn('created_at', c.bigint, c.notNull)
    .addColumn('updated_at', c.bigint, c.notNull)
    .addColumn('archived_at', c.bigint)
    .addPrimaryKeyConstraint('crm_pipelines_pk', ['account_id', 'object_type', 'pipeline_id'])
    .execute();

  // Stage ids are unique within an object type, across its pipelines, as in HubSpot: a record's stage names its pipeline.
  await db.schema
    .createTable('crm_pipeline_stages')
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('object_type', 'text', c.notNull)
    .addColumn('pipeline_id', 'text', c.notNull)
    .addColumn('stage_id', 'text', c.notNull)
    .addColumn('label', 'text', c.notNull)
    .addColumn('display_order', 'integer', c.notNull)
    .addColumn('metadata', c.json, c.notNull)
    .addColumn('created_at', c.bigint, c.notNull)
    .addColumn('updated_at', c.bigint, c.notNull)
    .addColumn('archived_at', c.bigint)
    .addPrimaryKeyConstraint('crm_pipeline_stages_pk', ['account_id', 'object_type', 'stage_id'])
    .execute();

  await db.schema
    .createTable('crm_properties')
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('object_type', 'text', c.notNull)
    .addColumn('name', 'text', c.notNull)
    .addColumn('definition', c.json, c.notNull)
    .addColumn('created_at', c.bigint, c.notNull)
    .addColumn('updated_at', c.bigint, c.notNull)
    .addPrimaryKeyConstraint('crm_properties_pk', ['account_id', 'object_type', 'name'])
    .execute();

  await db.schema
    .createTable('crm_property_groups')
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('object_type', 'text', c.notNull)
    .addColumn('name', 'text', c.notNull)
    .addColumn('label', 'text', c.notNull)
    .addColumn('display_order', 'integer', c.notNull)
    .addColumn('created_at', c.bigint, c.notNull)
    .addPrimaryKeyConstraint('crm_property_groups_pk', ['account_id', 'object_type', 'name'])
    .execute();

  // A label is two association types, one per direction; their ids come from the row id (see store/association-labels.ts).
  await c
    .id(db.schema.createTable('crm_association_labels'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('from_type', 'text', c.notNull)
    .addColumn('to_type', 'text', c.notNull)
    .addColumn('name', 'text', c.notNull)
    .addColumn('label', 'text', c.notNull)
    .addColumn('inverse_label', 'text')
    .addColumn('created_at', c.bigint, c.notNull)
    .execute();
  await db.schema
    .createIndex('crm_association_labels_pair')
    .on('crm_association_labels')
    .columns(['account_id', 'from_type', 'to_type'])
    .execute();

  // A merged record's id keeps answering, with the record it was merged into.
  await db.schema
    .createTable('crm_merged_ids')
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('object_type', 'text', c.notNull)
    .addColumn('merged_id', c.bigint, c.notNull)
    .addColumn('into_id', c.bigint, c.notNull)
    .addColumn('merged_at', c.bigint, c.notNull)
    .addPrimaryKeyConstraint('crm_merged_ids_pk', ['account_id', 'merged_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'crm_merged_ids',
    'crm_association_labels',
    'crm_property_groups',
    'crm_properties',
    'crm_pipeline_stages',
    'crm_pipelines',
  ])
    await db.schema.dropTable(table).execute();
}
