import { OBJECT_SINGULAR, type ObjectType } from '../../contract/crm';
import type { AssociationTypeDef } from '../../contract/crm-associations';
import { ApiError, validationError } from '../core/api-error';
import type { AccountScope } from '../store';
import type { CrmCatalogue } from './catalogue';

// What a write needs from the rest of the account: unique values free, association targets alive.

/**
 * A custom property created with unique values takes a value no other live record of the type has (contacts'
 * email is checked by the store's unique index instead). 409 names the record that has it.
 */
export async function requireUnique(
  scope: AccountScope,
  catalogue: CrmCatalogue,
  values: Record<string, string | null>,
  self: number | undefined,
): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    const def = catalogue.definition(name);
    if (value === null || !def?.custom || !def.hasUniqueValue) continue;
    const [holder] = (await scope.objects.getByProperty(catalogue.type, name, [value])).filter((r) => r.id !== self);
    if (holder)
      throw new ApiError(
        409,
        'CONFLICT',
        `${OBJECT_SINGULAR[catalogue.type]} ${holder.id} already has ${name} ${JSON.stringify(value)}: its values are unique`,
        { context: { existingId: [String(holder.id)] } },
      );
  }
}

/** Every record an inline association points at exists in this account; a 400 names the missing ones. */
export async function requireTargets(
  scope: AccountScope,
  associations: { toId: number; defs: AssociationTypeDef[] }[],
): Promise<void> {
  const byType = new Map<ObjectType, number[]>();
  for (const a of associations) byType.set(a.defs[0].to, [...(byType.get(a.defs[0].to) ?? []), a.toId]);
  for (const [type, ids] of byType) {
    const found = await scope.objects.existing(type, ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) {
      throw validationError(
        `Cannot associate with ${OBJECT_SINGULAR[type]} ${missing.join(', ')}: no such record in this account. Nothing was created.`,
        {
          subCategory: 'crm.associations.INVALID_OBJECT_IDS',
          context: { [`${type}Ids`]: missing.map(String) },
        },
      );
    }
  }
}
