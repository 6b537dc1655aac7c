import type { ColumnType, Generated } from 'kysely';
import type { ObjectType } from '../../contract/crm';

/**
 * The tables, as Kysely sees them. Every table has `account_id`; the store's repositories are built for one account
 * and put it in every query. Times are epoch milliseconds (bigint), JSON columns are `jsonb` on PostgreSQL and text
 * on SQLite (write a JSON string, read through `readJson`). Migrations that add tables add their interface here.
 */
type Json = ColumnType<unknown, string, string>;
type Millis = number;

export interface AccountsTable {
  id: Generated<number>;
  name: string;
  domain: string;
  bcc_domain: string;
  settings: Json;
  created_at: Millis;
  updated_at: Millis;
}

export interface UsersTable {
  id: Generated<number>;
  account_id: number;
  /** Normalised with `normaliseAddress`. */
  email: string;
  name: string;
  role: 'super_admin' | 'user';
  /** A paid seat may track clicks when the account limits click tracking to paid seats. */
  paid_seat: ColumnType<number, number | undefined, number>;
  /** 'en' or 'fr'; null until the user picks one (migration 0018). */
  language: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Millis;
  updated_at: Millis;
}

export interface UserAddressesTable {
  id: Generated<number>;
  account_id: number;
  user_id: number;
  address: string;
  kind: 'alias' | 'inbox';
  created_at: Millis;
}

export interface ApiKeysTable {
  id: Generated<number>;
  account_id: number;
  name: string;
  /** SHA-256 of the key, hex. The key itself is shown once and never stored. */
  key_hash: string;
  /** The first characters of the key, to tell keys apart in lists. */
  key_prefix: string;
  created_at: Millis;
  last_used_at: Millis | null;
  revoked_at: Millis | null;
}

export interface CrmObjectsTable {
  id: Generated<number>;
  account_id: number;
  object_type: ObjectType;
  properties: Json;
  /** Contacts: the normalised `email` property, unique per account among live contacts. */
  email: string | null;
  /** Companies: the normalised `domain` property. */
  domain: string | null;
  created_at: Millis;
  updated_at: Millis;
  archived_at: Millis | null;
}

/** Both directions of every association are rows, so one index answers "what is X associated with" either way. */
export interface CrmAssociationsTable {
  account_id: number;
  from_type: string;
  from_id: number;
  to_type: string;
  to_id: number;
  type_id: number;
  created_at: Millis;
}

/** An account's pipelines (deals, tickets); HubSpot's defaults are stored on the account's first change to them. */
export interface CrmPipelinesTable {
  account_id: number;
  object_type: ObjectType;
  pipeline_id: string;
  label: string;
  display_order: number;
  created_at: Millis;
  updated_at: Millis;
  archived_at: Millis | null;
}

export interface CrmPipelineStagesTable {
  account_id: number;
  object_type: ObjectType;
  pipeline_id: string;
  stage_id: string;
  label: string;
  display_order: number;
  /** A string map: `probability` and `isClosed` for deals, `ticketState` for tickets. */
  metadata: Json;
  created_at: Millis;
  updated_at: Millis;
  archived_at: Millis | null;
}

/** Custom properties created over the API: the definition as JSON (a `PropertyDefinition`). */
export interface CrmPropertiesTable {
  account_id: number;
  object_type: ObjectType;
  name: string;
  definition: Json;
  created_at: Millis;
  updated_at: Millis;
}

export interface CrmPropertyGroupsTable {
  account_id: number;
  object_type: ObjectType;
  name: string;
  label: string;
  display_order: number;
  created_at: Millis;
}

export interface CrmAssociationLabelsTable {
  id: Generated<number>;
  account_id: number;
  from_type: ObjectType;
  to_type: ObjectType;
  name: string;
  label: string;
  inverse_label: string | null;
  created_at: Millis;
}

export interface CrmMergedIdsTable {
  account_id: number;
  object_type: ObjectType;
  merged_id: number;
  into_id: number;
  merged_at: Millis;
}

export interface Database {
  accounts: AccountsTable;
  users: UsersTable;
  user_addresses: UserAddressesTable;
  api_keys: ApiKeysTable;
  crm_objects: CrmObjectsTable;
  crm_associations: CrmAssociationsTable;
  crm_pipelines: CrmPipelinesTable;
  crm_pipeline_stages: CrmPipelineStagesTable;
  crm_properties: CrmPropertiesTable;
  crm_property_groups: CrmPropertyGroupsTable;
  crm_association_labels: CrmAssociationLabelsTable;
  crm_merged_ids: CrmMergedIdsTable;
}
