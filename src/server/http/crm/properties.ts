import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { OBJECT_SINGULAR, type ObjectType, type StandardError } from '../../../contract/crm';
import {
  BatchPropertyCreate,
  BatchPropertyRead,
  FIELD_TYPES_OF,
  GroupNameParams,
  Property,
  PropertyBatchResponse,
  PropertyCreate,
  PropertyGroup,
  PropertyGroupCreate,
  PropertyNameParams,
  PropertyTypeParams,
} from '../../../contract/crm-property-api';
import type { PropertyDefinition } from '../../../contract/crm-properties';
import { accountScope } from '../../auth';
import { ApiError, conflict, notFound, validationError } from '../../core/api-error';
import { CrmCatalogue } from '../../crm/catalogue';
import type { AccountScope } from '../../store';
import type { StoredGroup } from '../../store/crm-properties';
import { errorResponses } from './errors';
import { toOwner } from './owners';

/** The group HubSpot files a type's own properties in: `contactinformation`, `dealinformation`, … */
const defaultGroup = (type: ObjectType): StoredGroup => {
  const singular = OBJECT_SINGULAR[type];
  return {
    name: `${singular}information`,
    label: `${singular[0].toUpperCase()}${singular.slice(1)} information`,
    displayOrder: -1,
  };
};

async function groupsOf(scope: AccountScope, type: ObjectType): Promise<StoredGroup[]> {
  return [defaultGroup(type), ...(await scope.properties.groups(type))];
}

const groupOnWire = (g: StoredGroup) => ({ ...g, archived: false });

function toProperty(
  type: ObjectType,
  def: PropertyDefinition,
  options: { value: string; label: string; hidden?: boolean; displayOrder?: number }[],
  times?: { createdAt: number; updatedAt: number },
): Property {
  return {
    name: def.name,
    label: def.label,
    type: def.type,
    fieldType: def.fieldType,
    groupName: def.groupName ?? defaultGroup(type).name,
    description: def.description ?? '',
    options: options.map((o, i) => ({
      value: o.value,
      label: o.label,
      displayOrder: o.displayOrder ?? i,
      hidden: o.hidden ?? false,
    })),
    displayOrder: def.displayOrder ?? -1,
    hasUniqueValue: Boolean(def.hasUniqueValue),
    hidden: Boolean(def.hidden),
    formField: Boolean(def.formField),
    calculated: Boolean(def.readOnly),
    hubspotDefined: !def.custom,
    modificationMetadata: {
      archivable: Boolean(def.custom),
      readOnlyDefinition: !def.custom,
      readOnlyValue: Boolean(def.readOnly),
    },
    archived: false,
    ...(times && {
      createdAt: new Date(times.createdAt).toISOString(),
      updatedAt: new Date(times.updatedAt).toISOString(),
    }),
  };
}

/** The account's properties of a type on the wire, owners as options of owner properties. */
async function describe(scope: AccountScope, type: ObjectType): Promise<Map<string, Property>> {
  const [catalogue, custom, users] = await Promise.all([
    CrmCatalogue.load(scope, type),
    scope.properties.list(type),
    scope.users.list(),
  ]);
  const times = new Map(custom.map((c) => [c.definition.name, c]));
  const owners = users.map((u) => ({
    value: String(u.id),
    label: toOwner(u).firstName ? `${u.name} (${u.email})` : u.email,
  }));
  return new Map(
    catalogue.definitions.map((def) => [
      def.name,
      toProperty(type, def, def.format === 'owner' ? owners : (def.options ?? []), times.get(def.name)),
    ]),
  );
}

/** A property to create, checked: type and field type fit, options for enumerations, an existing group. */
async function definitionOf(scope: AccountScope, type: ObjectType, input: PropertyCreate): Promise<PropertyDefinition> {
  if (!FIELD_TYPES_OF[input.type].includes(input.fieldType))
    throw validationError(
      `A ${input.type} property cannot have fieldType ${input.fieldType}: use ${FIELD_TYPES_OF[input.type].join(', ')}`,
    );
  if (input.type === 'enumeration' && !input.options?.length)
    throw validationError(`An enumeration property needs options: [{label, value}]`);
  if (input.hasUniqueValue && input.type !== 'string' && input.type !== 'number')
    throw validationError('Only string and number properties can have unique values');
  if (!(await groupsOf(scope, type)).some((g) => g.name === input.groupName))
    throw validationError(
      `There is no property group "${input.groupName}" on ${type}: see GET /crm/v3/properties/${type}/groups`,
    );
  const options =
    input.type === 'bool'
      ? [
          { value: 'true', label: 'Yes' },
          { value: 'false', label: 'No' },
        ]
      : input.options?.map((o) => ({ value: o.value, label: o.label }));
  return {
    name: input.name,
    label: input.label,
    type: input.type,
    fieldType: input.fieldType,
    ...(options && { options }),
    ...(input.fieldType === 'checkbox' && { multiple: true }),
    custom: true,
    hasUniqueValue: Boolean(input.hasUniqueValue),
    groupName: input.groupName,
    description: input.description ?? '',
    displayOrder: input.displayOrder ?? -1,
    hidden: Boolean(input.hidden),
    formField: Boolean(input.formField),
  };
}

/** Creates one property; a name the type already has (HubSpot's own or the account's) is a 409. */
async function createProperty(scope: AccountScope, type: ObjectType, input: PropertyCreate): Promise<Property> {
  const def = await definitionOf(scope, type, input);
  const catalogue = await CrmCatalogue.load(scope, type);
  if (catalogue.definition(def.name) || !(await scope.properties.create(type, def)))
    throw conflict(`A property named "${def.name}" already exists on ${type}`);
  return (await describe(scope, type)).get(def.name)!;
}

function batchError(err: unknown): StandardError {
  if (!(err instanceof ApiError)) throw err;
  return { status: 'error', category: err.category, message: err.message, context: {}, errors: [], links: {} };
}

const envelope = <T>(results: T[], errors: StandardError[], startedAt: string) => ({
  status: 'COMPLETE' as const,
  results,
  startedAt,
  completedAt: new Date().toISOString(),
  ...(errors.length && { numErrors: errors.length, errors }),
});

/**
 * `/crm/v3/properties/{objectType}`: HubSpot's catalogue with the account's pipelines as stage options and the
 * owners as owner options, and the custom properties and groups the account creates (integrations do on install).
 */
export const propertyRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['CRM properties'];

  app.get(
    '/:objectType',
    {
      schema: {
        tags,
        summary: 'The properties of a type',
        params: PropertyTypeParams,
        response: { 200: z.object({ results: z.array(Property) }), ...errorResponses },
      },
    },
    async (request) => ({
      results: [...(await describe(accountScope(request), request.params.objectType)).values()],
    }),
  );

  app.post(
    '/:objectType',
    {
      schema: {
        tags,
        summary: 'Create a custom property',
        params: PropertyTypeParams,
        body: PropertyCreate,
        response: { 201: Property, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createProperty(accountScope(request), request.params.objectType, request.body)),
  );

  app.post(
    '/:objectType/batch/create',
    {
      schema: {
        tags,
        summary: 'Create up to 100 custom properties',
        params: PropertyTypeParams,
        body: BatchPropertyCreate,
        response: { 201: PropertyBatchResponse, 207: PropertyBatchResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const startedAt = new Date().toISOString();
      const scope = accountScope(request);
      const results: Property[] = [];
      const errors: StandardError[] = [];
      for (const input of request.body.inputs) {
        try {
          results.push(await createProperty(scope, request.params.objectType, input));
        } catch (err) {
          errors.push(batchError(err));
        }
      }
      return reply.code(errors.length ? 207 : 201).send(envelope(results, errors, startedAt));
    },
  );

  app.post(
    '/:objectType/batch/read',
    {
      schema: {
        tags,
        summary: 'Read up to 100 properties by name',
        params: PropertyTypeParams,
        body: BatchPropertyRead,
        response: { 200: PropertyBatchResponse, 207: PropertyBatchResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const startedAt = new Date().toISOString();
      const { objectType } = request.params;
      const all = await describe(accountScope(request), objectType);
      // Archived properties are never kept, so an archived read finds none.
      const wanted = [...new Set(request.body.inputs.map((i) => i.name))];
      const found = request.body.archived ? [] : wanted.flatMap((n) => all.get(n) ?? []);
      const missing = wanted.filter((n) => !found.some((p) => p.name === n));
      const errors: StandardError[] = missing.length
        ? [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message: `No such properties on ${objectType}: ${missing.join(', ')}`,
              context: { properties: missing },
              errors: [],
              links: {},
            },
          ]
        : [];
      return reply.code(errors.length ? 207 : 200).send(envelope(found, errors, startedAt));
    },
  );

  app.get(
    '/:objectType/groups',
    {
      schema: {
        tags,
        summary: 'The property groups of a type',
        params: PropertyTypeParams,
        response: { 200: z.object({ results: z.array(PropertyGroup) }), ...errorResponses },
      },
    },
    async (request) => ({
      results: (await groupsOf(accountScope(request), request.params.objectType)).map(groupOnWire),
    }),
  );

  app.post(
    '/:objectType/groups',
    {
      schema: {
        tags,
        summary: 'Create a property group',
        params: PropertyTypeParams,
        body: PropertyGroupCreate,
        response: { 201: PropertyGroup, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { objectType } = request.params;
      const group = { ...request.body, displayOrder: request.body.displayOrder ?? -1 };
      const scope = accountScope(request);
      if (group.name === defaultGroup(objectType).name || !(await scope.properties.createGroup(objectType, group)))
        throw conflict(`A property group named "${group.name}" already exists on ${objectType}`);
      return reply.code(201).send(groupOnWire(group));
    },
  );

  app.get(
    '/:objectType/groups/:groupName',
    {
      schema: {
        tags,
        summary: 'One property group',
        params: GroupNameParams,
        response: { 200: PropertyGroup, ...errorResponses },
      },
    },
    async (request) => {
      const { objectType, groupName } = request.params;
      const group = (await groupsOf(accountScope(request), objectType)).find((g) => g.name === groupName);
      if (!group) throw notFound(`There is no property group "${groupName}" on ${objectType}`);
      return groupOnWire(group);
    },
  );

  app.get(
    '/:objectType/:propertyName',
    {
      schema: {
        tags,
        summary: 'One property, with its options',
        params: PropertyNameParams,
        response: { 200: Property, ...errorResponses },
      },
    },
    async (request) => {
      const { objectType, propertyName } = request.params;
      const property = (await describe(accountScope(request), objectType)).get(propertyName);
      if (!property) throw notFound(`There is no property "${propertyName}" on ${objectType}`);
      return property;
    },
  );
};
