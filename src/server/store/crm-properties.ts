import type { ObjectType } from '../../contract/crm';
import type { PropertyDefinition } from '../../contract/crm-properties';
import { readJson } from './dialect';
import type { AccountScope } from './scope';

export type StoredProperty = { definition: PropertyDefinition; createdAt: number; updatedAt: number };
export type StoredGroup = { name: string; label: string; displayOrder: number };

/** The custom properties and property groups an account created over the API, per object type. */
export class PropertiesRepo {
  constructor(private readonly scope: AccountScope) {}

  async list(type: ObjectType): Promise<StoredProperty[]> {
    const rows = await this.scope.db
      .selectFrom('crm_properties')
      .selectAll()
      .where('account_id', '=', this.scope.accountId)
      .where('object_type', '=', type)
      .orderBy('created_at')
      .orderBy('name')
      .execute();
    return rows.map((r) => ({
      definition: readJson<PropertyDefinition>(r.definition),
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
    }));
  }

  /** Writes a new property; false when the type already has one of that name. */
  async create(type: ObjectType, definition: PropertyDefinition): Promise<boolean> {
    const now = Date.now();
    const inserted = await this.scope.db
      .insertInto('crm_properties')
      .values({
        account_id: this.scope.accountId,
        object_type: type,
        name: definition.name,
        definition: JSON.stringify(definition),
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['account_id', 'object_type', 'name']).doNothing())
      .returning('name')
      .execute();
    return inserted.length > 0;
  }

  async groups(type: ObjectType): Promise<StoredGroup[]> {
    const rows = await this.scope.db
      .selectFrom('crm_property_groups')
      .select(['name', 'label', 'display_order'])
      .where('account_id', '=', this.scope.accountId)
      .where('object_type', '=', type)
      .orderBy('display_order')
      .orderBy('name')
      .execute();
    return rows.map((r) => ({ name: r.name, label: r.label, displayOrder: r.display_order }));
  }

  /** Writes a new group; false when the type already has one of that name. */
  async createGroup(type: ObjectType, group: StoredGroup): Promise<boolean> {
    const inserted = await this.scope.db
      .insertInto('crm_property_groups')
      .values({
        account_id: this.scope.accountId,
        object_type: type,
        name: group.name,
        label: group.label,
        display_order: group.displayOrder,
        created_at: Date.now(),
      })
      .onConflict((oc) => oc.columns(['account_id', 'object_type', 'name']).doNothing())
      .returning('name')
      .execute();
    return inserted.length > 0;
  }
}
