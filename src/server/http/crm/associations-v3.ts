import { objectTypeOf } from '../../../contract/crm';
import { associationType } from '../../../contract/crm-associations';
import { validationError } from '../../core/api-error';
import type { AccountScope } from '../../store';

type V3Associations = { associations?: Record<string, { results: { id: string; type: string }[] }> };

/**
 * The `?associations=companies,deals` part of a v3 read: for each record, its associated ids per type with the v3
 * type names (one entry per id and type, as HubSpot lists them). Types with none are left out.
 */
export async function v3Associations(
  scope: AccountScope,
  ids: number[],
  toTypes: string[] | undefined,
): Promise<(id: number) => V3Associations> {
  if (!toTypes?.length || !ids.length) return () => ({});
  const resolved = toTypes.map((name) => {
    const type = objectTypeOf(name);
    if (!type) throw validationError(`Unable to infer object type from: ${name}`);
    return { name, type };
  });
  const lists = await Promise.all(
    resolved.map(async ({ name, type }) => ({ name, byFrom: await scope.associations.listMany(ids, type) })),
  );
  return (id) => {
    const associations: NonNullable<V3Associations['associations']> = {};
    for (const { name, byFrom } of lists) {
      const results = (byFrom.get(id) ?? []).flatMap((a) =>
        a.typeIds.map((t) => ({ id: String(a.toId), type: associationType(t)?.name ?? String(t) })),
      );
      if (results.length) associations[name] = { results };
    }
    return Object.keys(associations).length ? { associations } : {};
  };
}
