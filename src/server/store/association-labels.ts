import type { ObjectType } from '../../contract/crm';
import type { AssociationTypeDef } from '../../contract/crm-associations';
import { defaultAssociationType } from '../../contract/crm-associations';
import type { AccountScope } from './scope';

/**
 * An account's custom association labels (USER_DEFINED). Each is two association types, one per direction, whose ids
 * come from the row id: 1000 + 2·id one way, the next number back. HubSpot's own type ids stay below 1000.
 */
const LABEL_TYPE_BASE = 1000;

export class AssociationLabelsRepo {
  constructor(private readonly scope: AccountScope) {}

  /** Both directions of every label of the account, as association types. */
  async types(): Promise<AssociationTypeDef[]> {
    const rows = await this.scope.db
      .selectFrom('crm_association_labels')
      .selectAll()
      .where('account_id', '=', this.scope.accountId)
      .orderBy('id')
      .execute();
    return rows.flatMap((r) => {
      const forward = LABEL_TYPE_BASE + 2 * r.id;
      const reverse = forward + 1;
      const common = { isDefault: false, category: 'USER_DEFINED' as const };
      return [
        {
          ...common,
          typeId: forward,
          from: r.from_type,
          to: r.to_type,
          name: r.name,
          label: r.label,
          reverse,
          withDefault: defaultAssociationType(r.from_type, r.to_type)?.typeId,
        },
        {
          ...common,
          typeId: reverse,
          from: r.to_type,
          to: r.from_type,
          name: `${r.name}_inverse`,
          label: r.inverse_label ?? r.label,
          reverse: forward,
          withDefault: defaultAssociationType(r.to_type, r.from_type)?.typeId,
        },
      ];
    });
  }

  async create(from: ObjectType, to: ObjectType, input: { name: string; label: string; inverseLabel?: string }) {
    await this.scope.db
      .insertInto('crm_association_labels')
      .values({
        account_id: this.scope.accountId,
        from_type: from,
        to_type: to,
        name: input.name,
        label: input.label,
        inverse_label: input.inverseLabel ?? null,
        created_at: Date.now(),
      })
      .execute();
  }

  /** The row behind a type id of either direction, when it is the account's. */
  private rowId(typeId: number): number {
    return Math.floor((typeId - LABEL_TYPE_BASE) / 2);
  }

  async update(typeId: number, input: { label: string; inverseLabel?: string }): Promise<void> {
    const forward = (typeId - LABEL_TYPE_BASE) % 2 === 0;
    await this.scope.db
      .updateTable('crm_association_labels')
      .set(
        forward
          ? { label: input.label, ...(input.inverseLabel !== undefined && { inverse_label: input.inverseLabel }) }
          : { inverse_label: input.label, ...(input.inverseLabel !== undefined && { label: input.inverseLabel }) },
      )
      .where('account_id', '=', this.scope.accountId)
      .where('id', '=', this.rowId(typeId))
      .execute();
  }

  /** Deletes a label and every association that carried it (the default association between the records stays). */
  async delete(typeId: number): Promise<void> {
    const id = this.rowId(typeId);
    const forward = LABEL_TYPE_BASE + 2 * id;
    await this.scope.transaction(async (tx) => {
      await tx.db
        .deleteFrom('crm_associations')
        .where('account_id', '=', tx.accountId)
        .where('type_id', 'in', [forward, forward + 1])
        .execute();
      await tx.db
        .deleteFrom('crm_association_labels')
        .where('account_id', '=', tx.accountId)
        .where('id', '=', id)
        .execute();
    });
  }
}
