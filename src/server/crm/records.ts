import { normaliseAddress } from '../../contract/addresses';
import {
  OBJECT_SINGULAR,
  type InlineAssociation,
  type ObjectType,
  type PropertiesInput,
  type StandardError,
} from '../../contract/crm';
import { associationType, type AssociationTypeDef } from '../../contract/crm-associations';
import { ID_PROPERTIES, REQUIRED_PROPERTIES } from '../../contract/crm-properties';
import { normaliseDomain, normalisePropertyValue, type PropertyProblem } from '../../contract/crm-property-values';
import { notFound, validationError } from '../core/api-error';
import type { AccountScope } from '../store';
import type { ObjectRecord } from '../store/objects';
import { computedChanges, pipelineProblems, withComputed } from './computed-properties';
import { requireTargets, requireUnique } from './record-checks';
import { notFoundError, propertyError, standardError } from './record-errors';
import { CrmCatalogue } from './catalogue';

/**
 * The rules of CRM records, between the HTTP routes and the store: property checking and the properties mailtrail
 * computes, owners, inline associations, and HubSpot's batch semantics. Anything that creates or changes a record
 * (the CRM API, logging from the add-on or by BCC, the seed) goes through here so the rules hold everywhere.
 */
export class CrmRecords {
  constructor(private readonly scope: AccountScope) {}

  // -------------------------------------------------------------------------------------------------------------
  // Checking input.

  /**
   * Checks every property against the account's catalogue and returns canonical values (null clears). All problems
   * are reported at once, in HubSpot's "Property values were not valid" form.
   */
  async checkProperties(
    catalogue: CrmCatalogue,
    input: PropertiesInput,
    creating: boolean,
  ): Promise<Record<string, string | null>> {
    const { type } = catalogue;
    const problems: PropertyProblem[] = [];
    const values: Record<string, string | null> = {};
    for (const [name, raw] of Object.entries(input)) {
      const def = catalogue.definition(name);
      if (!def) {
        problems.push({
          name,
          error: 'PROPERTY_DOESNT_EXIST',
          message: `Property "${name}" does not exist on ${type}`,
        });
        continue;
      }
      const checked = normalisePropertyValue(def, raw);
      if ('error' in checked) problems.push(checked);
      else values[name] = checked.value;
    }
    const owner = values.hubspot_owner_id;
    if (owner && !(await this.scope.users.existing([Number(owner)])).has(Number(owner))) {
      problems.push({
        name: 'hubspot_owner_id',
        error: 'INVALID_OWNER_ID',
        message: `${owner} is not an owner of this account: see GET /crm/v3/owners`,
      });
    }
    for (const name of REQUIRED_PROPERTIES[type] ?? []) {
      if (creating ? !values[name] : name in values && !values[name])
        problems.push({ name, error: 'REQUIRED_PROPERTY', message: `${name} is required on ${type}` });
    }
    problems.push(...pipelineProblems(catalogue, values, creating));
    if (problems.length) throw propertyError(problems);
    return values;
  }

  /** The association types of an inline `associations` list, checked against the record's type. */
  checkAssociations(
    type: ObjectType,
    associations: InlineAssociation[] | undefined,
  ): { toId: number; defs: AssociationTypeDef[] }[] {
    return (associations ?? []).map((a) => {
      const defs = a.types.map((t) => {
        const def = associationType(t.associationTypeId);
        if (!def || t.associationCategory !== 'HUBSPOT_DEFINED') {
          throw validationError(
            `Association type ${t.associationCategory} ${t.associationTypeId} does not exist. See docs/api.md for the types mailtrail knows.`,
          );
        }
        if (def.from !== type)
          throw validationError(`Association type ${def.typeId} (${def.name}) goes from ${def.from}, not from ${type}`);
        return def;
      });
      const targets = new Set(defs.map((d) => d.to));
      if (targets.size > 1)
        throw validationError(
          `The association types for record ${a.to.id} point at different object types: ${[...targets].join(', ')}`,
        );
      return { toId: Number(a.to.id), defs };
    });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Writing.

  /**
   * Creates a record and its associations in one transaction. `marketable` is for mailtrail's own callers only:
   * through the API a contact is created non-marketing, as HubSpot does for an integration by default.
   */
  async create(
    type: ObjectType,
    input: { properties: PropertiesInput; associations?: InlineAssociation[] },
    opts: { marketable?: boolean } = {},
  ): Promise<ObjectRecord> {
    const catalogue = await CrmCatalogue.load(this.scope, type);
    const values = await this.checkProperties(catalogue, input.properties, true);
    const associations = this.checkAssociations(type, input.associations);
    return this.insert(catalogue, values, associations, opts);
  }

  private async insert(
    catalogue: CrmCatalogue,
    values: Record<string, string | null>,
    associations: { toId: number; defs: AssociationTypeDef[] }[],
    opts: { marketable?: boolean },
  ) {
    const { type } = catalogue;
    return this.scope.transaction(async (tx) => {
      await requireTargets(tx, associations);
      await requireUnique(tx, catalogue, values, undefined);
      const properties = withComputed(catalogue, {}, values, opts);
      const record = await tx.objects.create(type, properties);
      for (const { toId, defs } of associations) {
        await tx.associations.associate(
          type,
          record.id,
          defs[0].to,
          toId,
          defs.map((d) => d.typeId),
        );
      }
      return record;
    });
  }

  /** Batch create: bad input refuses the whole batch; a conflict or a missing association target fails only its own record. */
  async createBatch(
    type: ObjectType,
    inputs: { properties: PropertiesInput; associations?: InlineAssociation[] }[],
  ): Promise<{ records: ObjectRecord[]; errors: StandardError[] }> {
    const catalogue = await CrmCatalogue.load(this.scope, type);
    const checked = [];
    for (const input of inputs)
      checked.push({
        values: await this.checkProperties(catalogue, input.properties, true),
        associations: this.checkAssociations(type, input.associations),
      });
    const records: ObjectRecord[] = [];
    const errors: StandardError[] = [];
    for (const { values, associations } of checked) {
      try {
        records.push(await this.insert(catalogue, values, associations, {}));
      } catch (err) {
        errors.push(standardError(err));
      }
    }
    return { records, errors };
  }

  /** Changes some properties of a live record; undefined when there is none with that id. */
  async update(type: ObjectType, id: number, input: PropertiesInput): Promise<ObjectRecord | undefined> {
    const catalogue = await CrmCatalogue.load(this.scope, type);
    const values = await this.checkProperties(catalogue, input, false);
    return this.scope.transaction(async (tx) => {
      const current = await tx.objects.get(type, id);
      if (!current) return undefined;
      await requireUnique(tx, catalogue, values, id);
      return tx.objects.update(type, id, computedChanges(catalogue, current.properties, values));
    });
  }

  async updateBatch(
    type: ObjectType,
    inputs: { id: string | number; idProperty?: string; properties: PropertiesInput }[],
  ): Promise<{ records: ObjectRecord[]; errors: StandardError[] }> {
    const catalogue = await CrmCatalogue.load(this.scope, type);
    const checked = [];
    for (const input of inputs)
      checked.push({
        id: String(input.id),
        idProperty: input.idProperty,
        values: await this.checkProperties(catalogue, input.properties, false),
      });
    const records: ObjectRecord[] = [];
    const errors: StandardError[] = [];
    for (const { id, idProperty, values } of checked) {
      try {
        const [found] = await this.resolve(type, [id], idProperty);
        const record =
          found &&
          (await this.scope.transaction(async (tx) => {
            const current = await tx.objects.get(type, found.id);
            if (current) await requireUnique(tx, catalogue, values, found.id);
            return current && tx.objects.update(type, found.id, computedChanges(catalogue, current.properties, values));
          }));
        if (record) records.push(record);
        else errors.push(notFoundError(type, [id]));
      } catch (err) {
        errors.push(standardError(err));
      }
    }
    return { records, errors };
  }

  /**
   * HubSpot's `batch/upsert`: each input names a record by a property with unique values (`email` on contacts, or a
   * custom one created with `hasUniqueValue`), updated when it exists and created with that value when not; or by
   * record id, updated only. Bad input refuses the whole batch; a record that fails for its own reason is reported.
   */
  async upsertBatch(
    type: ObjectType,
    inputs: { id: string | number; idProperty?: string; properties: PropertiesInput }[],
  ): Promise<{ records: { record: ObjectRecord; created: boolean }[]; errors: StandardError[] }> {
    const catalogue = await CrmCatalogue.load(this.scope, type);
    const idProperty = inputs[0]?.idProperty ?? 'hs_object_id';
    if (inputs.some((i) => (i.idProperty ?? 'hs_object_id') !== idProperty))
      throw validationError('Every input of an upsert must use the same idProperty');
    const def = catalogue.definition(idProperty);
    if (idProperty !== 'hs_object_id' && !def?.hasUniqueValue)
      throw validationError(
        `${idProperty} cannot identify ${type} in an upsert: use a property with unique values (${catalogue.definitions
          .filter((d) => d.hasUniqueValue)
          .map((d) => d.name)
          .concat('hs_object_id')
          .join(', ')})`,
      );
    // The values as stored, so that "ADA@x.test" finds ada@x.test.
    const keys = inputs.map((i) => {
      if (idProperty === 'hs_object_id') return String(i.id);
      const checked = normalisePropertyValue(def!, String(i.id));
      if ('error' in checked) throw propertyError([checked]);
      return checked.value ?? '';
    });
    if (new Set(keys).size < keys.length) throw validationError('Duplicate ids in the batch: name each record once');
    const found =
      idProperty === 'hs_object_id'
        ? await this.resolve(type, keys)
        : idProperty === 'email' && type === 'contacts'
          ? await this.resolve(type, keys, 'email')
          : await this.byUniqueValue(type, idProperty, keys);
    const checked = [];
    for (const [i, input] of inputs.entries()) {
      const creating = !found[i] && idProperty !== 'hs_object_id';
      const properties = creating ? { ...input.properties, [idProperty]: keys[i] } : input.properties;
      checked.push({
        key: keys[i],
        existing: found[i],
        values: await this.checkProperties(catalogue, properties, creating),
      });
    }
    const records: { record: ObjectRecord; created: boolean }[] = [];
    const errors: StandardError[] = [];
    for (const { key, existing, values } of checked) {
      try {
        if (existing) {
          const record = await this.scope.transaction(async (tx) => {
            const current = await tx.objects.get(type, existing.id);
            if (current) await requireUnique(tx, catalogue, values, existing.id);
            return (
              current && tx.objects.update(type, existing.id, computedChanges(catalogue, current.properties, values))
            );
          });
          if (record) records.push({ record, created: false });
          else errors.push(notFoundError(type, [key]));
        } else if (idProperty === 'hs_object_id') errors.push(notFoundError(type, [key]));
        else records.push({ record: await this.insert(catalogue, values, [], {}), created: true });
      } catch (err) {
        errors.push(standardError(err));
      }
    }
    return { records, errors };
  }

  private async byUniqueValue(type: ObjectType, name: string, values: string[]): Promise<(ObjectRecord | undefined)[]> {
    const found = await this.scope.objects.getByProperty(type, name, values);
    return values.map((v) => found.find((r) => r.properties[name] === v));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reading.

  /**
   * Finds records by id, or by `idProperty` (email for contacts, domain for companies). The answer lines up with
   * `ids`: undefined where nothing matched. An `idProperty` without a unique lookup is refused.
   */
  async resolve(
    type: ObjectType,
    ids: string[],
    idProperty?: string,
    opts: { archived?: boolean } = {},
  ): Promise<(ObjectRecord | undefined)[]> {
    if (idProperty && idProperty !== 'hs_object_id') {
      const unique = ID_PROPERTIES[type];
      if (idProperty !== unique) {
        throw validationError(
          `${idProperty} cannot identify ${type}: use ${unique ? `"${unique}" or ` : ''}"hs_object_id"`,
        );
      }
      const normalise = unique === 'email' ? normaliseAddress : normaliseDomain;
      const wanted = ids.map(normalise);
      const found = await this.scope.objects.getByUniqueProperty(type, unique, [...new Set(wanted)], opts);
      const byValue = new Map<string, ObjectRecord>();
      for (const r of found) if (!byValue.has(r.properties[unique])) byValue.set(r.properties[unique], r);
      return wanted.map((v) => byValue.get(v));
    }
    const numeric = ids.filter((id) => /^\d{1,18}$/.test(id)).map(Number);
    const found = new Map((await this.scope.objects.getMany(type, [...new Set(numeric)], opts)).map((r) => [r.id, r]));
    if (!opts.archived) {
      // A merged record's id answers with the record it was merged into, as in HubSpot.
      const merged = await this.scope.merges.mergedInto(
        type,
        numeric.filter((id) => !found.has(id)),
      );
      const into = await this.scope.objects.getMany(type, [...new Set(merged.values())]);
      for (const [from, to] of merged) {
        const record = into.find((r) => r.id === to);
        if (record) found.set(from, record);
      }
    }
    return ids.map((id) => (/^\d{1,18}$/.test(id) ? found.get(Number(id)) : undefined));
  }

  /**
   * HubSpot's merge: the primary keeps its values and takes the secondary's where it has none; a contact keeps its
   * address and lists the secondary's in `hs_additional_emails`; the secondary's associations (and so its logged
   * emails) move to the primary; the secondary is archived and its id answers with the primary from then on.
   */
  async merge(type: ObjectType, primaryId: string, secondaryId: string): Promise<ObjectRecord> {
    if (primaryId === secondaryId) throw validationError('A record cannot be merged with itself');
    const [primary, secondary] = await this.resolve(type, [primaryId, secondaryId]);
    if (!primary || !secondary)
      throw notFound(`No ${OBJECT_SINGULAR[type]} ${!primary ? primaryId : secondaryId} in this account`);
    if (primary.id === secondary.id)
      throw validationError(`${OBJECT_SINGULAR[type]} ${secondaryId} is already merged into ${primaryId}`);
    const catalogue = await CrmCatalogue.load(this.scope, type);
    const changes: Record<string, string | null> = {};
    for (const [name, value] of Object.entries(secondary.properties)) {
      const def = catalogue.definition(name);
      if (def && !def.readOnly && !def.hasUniqueValue && primary.properties[name] === undefined) changes[name] = value;
    }
    const list = (...values: (string | undefined)[]) =>
      [...new Set(values.flatMap((v) => v?.split(';') ?? []).filter(Boolean))].join(';') || null;
    changes.hs_merged_object_ids = list(
      primary.properties.hs_merged_object_ids,
      String(secondary.id),
      secondary.properties.hs_merged_object_ids,
    );
    if (type === 'contacts')
      changes.hs_additional_emails = list(
        primary.properties.hs_additional_emails,
        secondary.properties.email,
        secondary.properties.hs_additional_emails,
      );
    const merged = await this.scope.merges.merge(type, primary.id, secondary.id, changes);
    if (!merged) throw notFound(`No ${OBJECT_SINGULAR[type]} ${primaryId} in this account`);
    return merged;
  }

  /** Archives the records among `ids` that exist; HubSpot's archive answers 204 whether or not they did. */
  async archive(type: ObjectType, ids: number[]): Promise<number[]> {
    return this.scope.objects.archive(type, ids);
  }
}
