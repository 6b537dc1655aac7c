import type { SimplePublicObject, StandardError } from '../../../contract/crm';
import type { AssociationTypeDef } from '../../../contract/crm-associations';
import { DEFAULT_PROPERTIES } from '../../../contract/crm-properties';
import type { ObjectRecord } from '../../store/objects';

const iso = (ms: number) => new Date(ms).toISOString();

/** Activities name their creation time `hs_createdate`; the other types `createdate`. */
const ENGAGEMENTS = new Set<ObjectRecord['type']>(['emails', 'notes', 'tasks']);

/** The properties computed from the record's columns rather than stored. */
function computed(record: ObjectRecord): Record<string, string> {
  const created = iso(record.createdAt);
  const modified = iso(record.updatedAt);
  const base: Record<string, string> = { hs_object_id: String(record.id), hs_lastmodifieddate: modified };
  if (ENGAGEMENTS.has(record.type)) return { ...base, hs_createdate: created };
  if (record.type === 'contacts') return { ...base, createdate: created, lastmodifieddate: modified };
  return { ...base, createdate: created };
}

/**
 * A record in HubSpot's wire shape. `properties` lists what the client asked for (those it has), HubSpot's
 * defaults for the type when it asked for nothing, or, with `'all'`, everything set (create and update answers).
 */
export function toWire(record: ObjectRecord, wanted: string[] | 'all' | undefined): SimplePublicObject {
  const all = { ...record.properties, ...computed(record) };
  let properties: Record<string, string>;
  if (wanted === 'all') properties = all;
  else {
    // Names the type does not have are left out, as HubSpot does, rather than refused: they have no value.
    const names = wanted?.length ? wanted : DEFAULT_PROPERTIES[record.type];
    // A requested property the record has no value for is left out: the spec's values are non-null strings (see
    // docs/api.md, "Empty properties").
    properties = Object.fromEntries(names.flatMap((n) => (all[n] === undefined ? [] : [[n, all[n]]])));
  }
  return {
    id: String(record.id),
    properties,
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
    archived: record.archivedAt !== null,
    ...(record.archivedAt !== null && { archivedAt: iso(record.archivedAt) }),
  };
}

/** An association type as HubSpot's v4 answers name it: its category, id and label. */
export function typeOnWire(typeId: number, def: AssociationTypeDef | undefined) {
  return {
    category: def?.category ?? ('HUBSPOT_DEFINED' as const),
    typeId,
    ...(def?.label && { label: def.label }),
  };
}

/** A batch answer as HubSpot gives it: COMPLETE, with the per-input errors counted beside the results. */
export const batchEnvelope = <T>(results: T[], errors: StandardError[], startedAt: string) => ({
  status: 'COMPLETE' as const,
  results,
  startedAt,
  completedAt: new Date().toISOString(),
  ...(errors.length && { numErrors: errors.length, errors }),
});
