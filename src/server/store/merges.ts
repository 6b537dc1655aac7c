import type { ObjectType } from '../../contract/crm';
import { associationType } from '../../contract/crm-associations';
import { ObjectsRepo, type ObjectRecord } from './objects';
import type { AccountScope } from './scope';

/**
 * Merging two records (HubSpot's `…/merge`): the secondary's associations move to the primary, the secondary is
 * archived, and its id keeps answering with the primary (`mergedInto`).
 */
export class MergesRepo {
  constructor(private readonly scope: AccountScope) {}

  /**
   * In one transaction: writes `properties` on the primary, moves every association of the secondary to it (a
   * primary-labelled one only when the primary has none of that kind, as HubSpot keeps the primary's), archives the
   * secondary and records where its id now leads (ids merged into the secondary earlier follow it).
   */
  async merge(
    type: ObjectType,
    primaryId: number,
    secondaryId: number,
    properties: Record<string, string | null>,
  ): Promise<ObjectRecord | undefined> {
    return this.scope.transaction(async (tx) => {
      const rows = await tx.db
        .selectFrom('crm_associations')
        .selectAll()
        .where('account_id', '=', tx.accountId)
        .where((eb) => eb.or([eb('from_id', '=', secondaryId), eb('to_id', '=', secondaryId)]))
        .execute();
      const primaryHas = new Set(
        (
          await tx.db
            .selectFrom('crm_associations')
            .select('type_id')
            .where('account_id', '=', tx.accountId)
            .where('from_id', '=', primaryId)
            .execute()
        ).map((r) => r.type_id),
      );
      const now = Date.now();
      const moved = rows
        .filter((r) => r.from_id !== primaryId && r.to_id !== primaryId)
        .filter((r) => {
          const outward = r.from_id === secondaryId ? r.type_id : associationType(r.type_id)?.reverse;
          return !(outward !== undefined && associationType(outward)?.primaryOf && primaryHas.has(outward));
        })
        .map((r) => ({
          ...r,
          from_id: r.from_id === secondaryId ? primaryId : r.from_id,
          to_id: r.to_id === secondaryId ? primaryId : r.to_id,
          created_at: now,
        }));
      await tx.db
        .deleteFrom('crm_associations')
        .where('account_id', '=', tx.accountId)
        .where((eb) => eb.or([eb('from_id', '=', secondaryId), eb('to_id', '=', secondaryId)]))
        .execute();
      if (moved.length)
        await tx.db
          .insertInto('crm_associations')
          .values(moved)
          .onConflict((oc) => oc.columns(['account_id', 'from_id', 'to_type', 'to_id', 'type_id']).doNothing())
          .execute();
      await new ObjectsRepo(tx).archive(type, [secondaryId]);
      await tx.db
        .updateTable('crm_merged_ids')
        .set({ into_id: primaryId })
        .where('account_id', '=', tx.accountId)
        .where('into_id', '=', secondaryId)
        .execute();
      await tx.db
        .insertInto('crm_merged_ids')
        .values({
          account_id: tx.accountId,
          object_type: type,
          merged_id: secondaryId,
          into_id: primaryId,
          merged_at: now,
        })
        .execute();
      return new ObjectsRepo(tx).update(type, primaryId, properties);
    });
  }

  /** The record each merged id of `ids` now leads to. */
  async mergedInto(type: ObjectType, ids: number[]): Promise<Map<number, number>> {
    if (!ids.length) return new Map();
    const rows = await this.scope.db
      .selectFrom('crm_merged_ids')
      .select(['merged_id', 'into_id'])
      .where('account_id', '=', this.scope.accountId)
      .where('object_type', '=', type)
      .where('merged_id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [Number(r.merged_id), Number(r.into_id)]));
  }
}
