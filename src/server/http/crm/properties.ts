import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { OBJECT_SINGULAR, ObjectPathParams, ObjectTypeParam, type ObjectType } from '../../../contract/crm';
import { PROPERTY_CATALOGUE, propertyDefinition, type PropertyDefinition } from '../../../contract/crm-properties';
import { accountScope } from '../../auth';
import { notFound } from '../../core/api-error';
import { errorResponses } from './errors';
import { toOwner } from './owners';

const Option = z.object({
  value: z.string(),
  label: z.string(),
  displayOrder: z.int(),
  hidden: z.boolean(),
  description: z.optional(z.string()),
});
const Property = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  fieldType: z.string(),
  groupName: z.string(),
  description: z.string(),
  options: z.array(Option),
  hasUniqueValue: z.boolean(),
  hidden: z.boolean(),
  calculated: z.boolean(),
  modificationMetadata: z.object({
    archivable: z.boolean(),
    readOnlyDefinition: z.boolean(),
    readOnlyValue: z.boolean(),
  }),
  archived: z.boolean(),
});

function toProperty(type: ObjectType, def: PropertyDefinition, options: { value: string; label: string }[]) {
  return {
    name: def.name,
    label: def.label,
    type: def.type === 'bool' ? 'bool' : def.type === 'datetime' ? 'datetime' : def.type,
    fieldType: def.fieldType,
    groupName: `${OBJECT_SINGULAR[type]}information`,
    description: '',
    options: options.map((o, i) => ({ ...o, displayOrder: i, hidden: false })),
    hasUniqueValue: type === 'contacts' && def.name === 'email',
    hidden: false,
    calculated: Boolean(def.readOnly),
    modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: Boolean(def.readOnly) },
    archived: false,
  };
}

/** `/crm/v3/properties/{objectType}`: the fixed property catalogue, with the account's owners as owner options. */
export const propertyRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['CRM properties'];

  const optionsOf = async (request: Parameters<typeof accountScope>[0], def: PropertyDefinition) =>
    def.format === 'owner'
      ? (await accountScope(request).users.list()).map((u) => ({
          value: String(u.id),
          label: toOwner(u).firstName ? `${u.name} (${u.email})` : u.email,
        }))
      : (def.options ?? []);

  app.get(
    '/:objectType',
    {
      schema: {
        tags,
        summary: 'The properties of a type',
        params: ObjectPathParams,
        response: { 200: z.object({ results: z.array(Property) }), ...errorResponses },
      },
    },
    async (request) => {
      const { objectType } = request.params;
      const results = [];
      for (const def of PROPERTY_CATALOGUE[objectType])
        results.push(toProperty(objectType, def, await optionsOf(request, def)));
      return { results };
    },
  );

  app.get(
    '/:objectType/:propertyName',
    {
      schema: {
        tags,
        summary: 'One property, with its options',
        params: z.object({ objectType: ObjectTypeParam, propertyName: z.string() }),
        response: { 200: Property, ...errorResponses },
      },
    },
    async (request) => {
      const { objectType, propertyName } = request.params;
      const def = propertyDefinition(objectType, propertyName);
      if (!def) throw notFound(`There is no property "${propertyName}" on ${objectType}`);
      return toProperty(objectType, def, await optionsOf(request, def));
    },
  );
};
