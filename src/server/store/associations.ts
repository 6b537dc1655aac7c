import { associationType, type AssociationTypeDef } from '../../contract/crm-associations';
import type { ObjectType } from '../../contract/crm';
import type { AccountScope } from './scope';

/** The associations of one record with one target record: all the types between them in that direction. */
export type Associated = { toId: number; typeIds: number[] };

/**
 * Associations between records, HubSpot v4 style. Each association is written in both directions (the type and its
 * reverse), so reading either side is one index range. Rows pointing at archived records stay but are not read.
 */
export class AssociationsRepo {
  constructor(private readonly scope: AccountScope) {}

  /**
   * Associates two live records with the given types (all from `fromType` to `toType`; the caller checks them).
   * A primary type replaces the record's previous primary of that kind and brings its unlabelled twin.
   */
  async associate(
    fromType: ObjectType,
    fromId: number,
    toType: ObjectType,
    toId: number,
    typeIds: number[],
    // HubSpot's types unless the caller passes the account's (with its custom labels).
    typeOf: (typeId: number) => AssociationTypeDef | undefined = associationType,
  ): Promise<void> {
    const types = new Map<number, AssociationTypeDef>();
    for (const id of typeIds) {
      const t = typeOf(id);
      if (!t || t.from !== fromType || t.to !== toType)
        throw new Error(`association type ${id} does not go from ${fromType} to ${toType}`);
      types.set(t.typeId, t);
      const implied = t.primaryOf ?? t.withDefault;
      if (implied) types.set(implied, typeOf(implied)!);
    }
    if (!types.size) return;
    await this.scope.transaction(async (tx) => {
      for (const t of types.values()) {
        if (!t.primaryOf) continue;
        // At most one primary: demote the previous one (it keeps its unlabelled association).
        await tx.db
          .deleteFrom('crm_associations')
          .where('account_id', '=', tx.accountId)
          .where((eb) =>
            eb.or([
              eb.and([eb('from_id', '=', fromId), eb('type_id', '=', t.typeId), eb('to_id', '!=', toId)]),
              eb.and([eb('to_id', '=', fromId), eb('type_id', '=', t.reverse), eb('from_id', '!=', toId)]),
            ]),
          )
          .execute();
      }
      const now = Date.now();
      const rows = [...types.values()].flatMap((t) => [
        {
          account_id: tx.accountId,
          from_type: fromType,
          from_id: fromId,
          to_type: toType,
          to_id: toId,
          type_id: t.typeId,
          created_at: now,
        },
        {
          account_id: tx.accountId,
          from_type: toType,
          from_id: toId,
          to_type: fromType,
          to_id: fromId,
          type_id: t.reverse,
          created_at: now,
        },
      ]);
      await tx.db
        .insertInto('crm_associations')
        .values(rows)
        .onConflict((oc) => oc.columns(['account_id', 'from_id', 'to_type', 'to_id', 'type_id']).doNothing())
        .execute();
    });
  }

  /**
   * Writes many default associations at once, both directions, for bulk loads. The caller guarantees that the
   * records exist and the types fit; repeats are ignored.
   */
  async insertMany(
    pairs: { fromType: ObjectType; fromId: number; toType: ObjectType; toId: number; typeId: number }[],
  ): Promise<void> {
    const now = Date.now();
    const rows = pairs.flatMap((p) => {
      const def = associationType(p.typeId);
      if (!def || def.from !== p.fromType || def.to !== p.toType || def.primaryOf)
        throw new Error(`association type ${p.typeId} cannot be bulk-written from ${p.fromType} to ${p.toType}`);
      return [
        {
          account_id: this.scope.accountId,
          from_type: p.fromType,
          from_id: p.fromId,
          to_type: p.toType,
          to_id: p.toId,
          type_id: def.typeId,
          created_at: now,
        },
        {
          account_id: this.scope.accountId,
          from_type: p.toType,
          from_id: p.toId,
          to_type: p.fromType,
          to_id: p.fromId,
          type_id: def.reverse,
          created_at: now,
        },
      ];
    });
    // Chunked to stay under SQLite's bound-parameter limit.
    for (let i = 0; i < rows.length; i += 2_000) {
      await this.scope.db
        .insertInto('crm_associations')
        .values(rows.slice(i, i + 2_000))
        .onConflict((oc) => oc.columns(['account_id', 'from_id', 'to_type', 'to_id', 'type_id']).doNothing())
        .execute();
    }
  }

  /** Removes every association between a record and a record of `toType`, both directions. Returns whether there was one. */
  async dissociate(fromId: number, toType: ObjectType, toId: number): Promise<boolean> {
    const result = await this.scope.db
      .deleteFrom('crm_associations')
      .where('account_id', '=', this.scope.accountId)
      .where((eb) =>
        eb.or([
          eb.and([eb('from_id', '=', fromId), eb('to_type', '=', toType), eb('to_id', '=', toId)]),
          eb.and([eb('from_id', '=', toId), eb('from_type', '=', toType), eb('to_id', '=', fromId)]),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  private query(fromIds: number[], toTypes: ObjectType[]) {
    return this.scope.db
      .selectFrom('crm_associations as a')
      .innerJoin('crm_objects as o', (join) =>
        join.onRef('o.id', '=', 'a.to_id').onRef('o.account_id', '=', 'a.account_id'),
      )
      .select(['a.from_id', 'a.to_id', 'a.type_id', 'a.to_type'])
      .where('a.account_id', '=', this.scope.accountId)
      .where('a.from_id', 'in', fromIds)
      .where('a.to_type', 'in', toTypes)
      .where('o.archived_at', 'is', null);
  }

  /** A page of the records one record is associated with, in target id order, after target id `after`. */
  async list(fromId: number, toType: ObjectType, opts: { limit: number; after?: number }): Promise<Associated[]> {
    let query = this.query([fromId], [toType]);
    if (opts.after !== undefined) query = query.where('a.to_id', '>', opts.after);
    // Rows, not targets, are limited here: read enough rows for `limit` targets with every type each has.
    const rows = await query
      .orderBy('a.to_id')
      .orderBy('a.type_id')
      .limit(opts.limit * 4 + 4)
      .execute();
    return group(rows).get(fromId)?.slice(0, opts.limit) ?? [];
  }

  /** Every association from each of `fromIds` to `toType`. */
  async listMany(fromIds: number[], toType: ObjectType): Promise<Map<number, Associated[]>> {
    return (await this.listManyTypes(fromIds, [toType]))[toType];
  }

  /** `listMany` to several target types in one read: per type, every association from each of `fromIds`. */
  async listManyTypes<T extends ObjectType>(
    fromIds: number[],
    toTypes: T[],
  ): Promise<Record<T, Map<number, Associated[]>>> {
    const rows = fromIds.length
      ? await this.query(fromIds, toTypes).orderBy('a.from_id').orderBy('a.to_id').orderBy('a.type_id').execute()
      : [];
    return Object.fromEntries(toTypes.map((t) => [t, group(rows.filter((r) => r.to_type === t))])) as Record<
      T,
      Map<number, Associated[]>
    >;
  }
}

function group(rows: { from_id: number; to_id: number; type_id: number }[]): Map<number, Associated[]> {
  const byFrom = new Map<number, Associated[]>();
  for (const row of rows) {
    let list = byFrom.get(row.from_id);
    if (!list) byFrom.set(row.from_id, (list = []));
    const last = list[list.length - 1];
    if (last && last.toId === row.to_id) last.typeIds.push(row.type_id);
    else list.push({ toId: row.to_id, typeIds: [row.type_id] });
  }
  return byFrom;
}
