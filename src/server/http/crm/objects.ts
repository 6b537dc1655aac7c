import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import {
  BatchArchiveInput,
  BatchCreateInput,
  BatchReadInput,
  BatchUpdateInput,
  BatchUpsertInput,
  ListQuery,
  MERGEABLE_TYPES,
  MergeInput,
  ObjectBatchResponse,
  ObjectCreateInput,
  ObjectUpsertBatchResponse,
  ObjectPage,
  ObjectPathParams,
  ObjectUpdateInput,
  ReadQuery,
  RecordPathParams,
  SimplePublicObject,
  SimplePublicObjectWithAssociations,
  OBJECT_SINGULAR,
  type ObjectType,
} from '../../../contract/crm';
import { SEARCH_MAX_RESULTS, SearchRequest, SearchResponse } from '../../../contract/crm-search';
import { accountScope } from '../../auth';
import { notFound, validationError } from '../../core/api-error';
import { SearchInputError } from '../../store/objects-search';
import { errorResponses } from './errors';
import { CrmCatalogue } from '../../crm/catalogue';
import { CrmRecords } from '../../crm/records';
import { notFoundError } from '../../crm/record-errors';
import { v3Associations } from './associations-v3';
import { batchEnvelope, toWire } from './wire';

/** `/crm/v3/objects/{objectType}`: records of one type, HubSpot's v3 object API. */
export const objectRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['CRM objects'];

  app.get(
    '/:objectType',
    {
      schema: {
        tags,
        summary: 'List records, oldest first',
        params: ObjectPathParams,
        querystring: ListQuery,
        response: { 200: ObjectPage, ...errorResponses },
      },
    },
    async (request) => {
      const { objectType } = request.params;
      const { limit, after, properties, associations, archived } = request.query;
      const scope = accountScope(request);
      const page = await scope.objects.list(objectType, {
        limit: limit + 1,
        after: after === undefined ? undefined : Number(after),
        archived,
      });
      const records = page.slice(0, limit);
      const linked = await v3Associations(
        scope,
        records.map((r) => r.id),
        associations,
      );
      return {
        results: records.map((r) => ({ ...toWire(r, properties), ...linked(r.id) })),
        ...(page.length > limit && { paging: { next: { after: String(records[records.length - 1].id) } } }),
      };
    },
  );

  app.post(
    '/:objectType',
    {
      schema: {
        tags,
        summary: 'Create a record, with associations',
        params: ObjectPathParams,
        body: ObjectCreateInput,
        response: { 201: SimplePublicObject, ...errorResponses },
      },
    },
    async (request, reply) => {
      const record = await new CrmRecords(accountScope(request)).create(request.params.objectType, request.body);
      return reply.code(201).send(toWire(record, 'all'));
    },
  );

  app.get(
    '/:objectType/:objectId',
    {
      schema: {
        tags,
        summary: 'Read a record by id, or by email / domain with idProperty',
        params: RecordPathParams,
        querystring: ReadQuery,
        response: { 200: SimplePublicObjectWithAssociations, ...errorResponses },
      },
    },
    async (request) => {
      const { objectType, objectId } = request.params;
      const { properties, associations, archived, idProperty } = request.query;
      const scope = accountScope(request);
      const [record] = await new CrmRecords(scope).resolve(objectType, [objectId], idProperty, { archived });
      if (!record) throw missing(objectType, objectId);
      const linked = await v3Associations(scope, [record.id], associations);
      return { ...toWire(record, properties), ...linked(record.id) };
    },
  );

  app.patch(
    '/:objectType/:objectId',
    {
      schema: {
        tags,
        summary: 'Change some properties of a record',
        params: RecordPathParams,
        querystring: z.object({ idProperty: z.optional(z.string()) }),
        body: ObjectUpdateInput,
        response: { 200: SimplePublicObject, ...errorResponses },
      },
    },
    async (request) => {
      const { objectType, objectId } = request.params;
      const records = new CrmRecords(accountScope(request));
      const [found] = await records.resolve(objectType, [objectId], request.query.idProperty);
      const updated = found && (await records.update(objectType, found.id, request.body.properties));
      if (!updated) throw missing(objectType, objectId);
      return toWire(updated, 'all');
    },
  );

  app.delete(
    '/:objectType/:objectId',
    {
      schema: {
        tags,
        summary: 'Archive a record',
        params: RecordPathParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { objectType, objectId } = request.params;
      if (!/^\d{1,18}$/.test(objectId)) throw validationError(`${JSON.stringify(objectId)} is not a record id`);
      await new CrmRecords(accountScope(request)).archive(objectType, [Number(objectId)]);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/:objectType/batch/read',
    {
      schema: {
        tags,
        summary: 'Read up to 100 records by id, email or domain',
        params: ObjectPathParams,
        querystring: z.object({ archived: z.optional(z.enum(['true', 'false'])) }),
        body: BatchReadInput,
        response: { 200: ObjectBatchResponse, 207: ObjectBatchResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const startedAt = new Date().toISOString();
      const { objectType } = request.params;
      const { inputs, properties, idProperty } = request.body;
      const ids = inputs.map((i) => String(i.id));
      const resolved = await new CrmRecords(accountScope(request)).resolve(objectType, ids, idProperty, {
        archived: request.query.archived === 'true',
      });
      const missingIds = ids.filter((_, i) => !resolved[i]);
      const errors = missingIds.length ? [notFoundError(objectType, missingIds)] : [];
      // One result per record, even when two inputs name it.
      const unique = [...new Map(resolved.flatMap((r) => (r ? [[r.id, r] as const] : []))).values()];
      return reply.code(errors.length ? 207 : 200).send(
        batchEnvelope(
          unique.map((r) => toWire(r, properties)),
          errors,
          startedAt,
        ),
      );
    },
  );

  app.post(
    '/:objectType/batch/create',
    {
      schema: {
        tags,
        summary: 'Create up to 100 records',
        params: ObjectPathParams,
        body: BatchCreateInput,
        response: { 201: ObjectBatchResponse, 207: ObjectBatchResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const startedAt = new Date().toISOString();
      const { records, errors } = await new CrmRecords(accountScope(request)).createBatch(
        request.params.objectType,
        request.body.inputs,
      );
      return reply.code(errors.length ? 207 : 201).send(
        batchEnvelope(
          records.map((r) => toWire(r, 'all')),
          errors,
          startedAt,
        ),
      );
    },
  );

  app.post(
    '/:objectType/batch/update',
    {
      schema: {
        tags,
        summary: 'Change up to 100 records',
        params: ObjectPathParams,
        body: BatchUpdateInput,
        response: { 200: ObjectBatchResponse, 207: ObjectBatchResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const startedAt = new Date().toISOString();
      const { records, errors } = await new CrmRecords(accountScope(request)).updateBatch(
        request.params.objectType,
        request.body.inputs,
      );
      return reply.code(errors.length ? 207 : 200).send(
        batchEnvelope(
          records.map((r) => toWire(r, 'all')),
          errors,
          startedAt,
        ),
      );
    },
  );

  app.post(
    '/:objectType/batch/upsert',
    {
      schema: {
        tags,
        summary: 'Create or update up to 100 records by a property with unique values (email, or a custom one)',
        params: ObjectPathParams,
        body: BatchUpsertInput,
        response: { 200: ObjectUpsertBatchResponse, 207: ObjectUpsertBatchResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const startedAt = new Date().toISOString();
      const { records, errors } = await new CrmRecords(accountScope(request)).upsertBatch(
        request.params.objectType,
        request.body.inputs,
      );
      return reply.code(errors.length ? 207 : 200).send(
        batchEnvelope(
          records.map(({ record, created }) => ({ ...toWire(record, 'all'), new: created })),
          errors,
          startedAt,
        ),
      );
    },
  );

  app.post(
    '/:objectType/merge',
    {
      schema: {
        tags,
        summary: 'Merge a record into another of its type (contacts, companies, deals, tickets)',
        params: ObjectPathParams,
        body: MergeInput,
        response: { 200: SimplePublicObject, ...errorResponses },
      },
    },
    async (request) => {
      const { objectType } = request.params;
      if (!MERGEABLE_TYPES.includes(objectType))
        throw validationError(`${objectType} cannot be merged: ${MERGEABLE_TYPES.join(', ')} can`);
      const { primaryObjectId, objectIdToMerge } = request.body;
      const merged = await new CrmRecords(accountScope(request)).merge(objectType, primaryObjectId, objectIdToMerge);
      return toWire(merged, 'all');
    },
  );

  app.post(
    '/:objectType/batch/archive',
    {
      schema: {
        tags,
        summary: 'Archive up to 100 records (204 whether or not they existed, as HubSpot)',
        params: ObjectPathParams,
        body: BatchArchiveInput,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await new CrmRecords(accountScope(request)).archive(
        request.params.objectType,
        request.body.inputs.map((i) => Number(i.id)),
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/:objectType/search',
    {
      preHandler: app.mailtrail.auth.limitSearch,
      schema: {
        tags,
        summary: 'Search records with filters, a query and sorts',
        params: ObjectPathParams,
        body: SearchRequest,
        response: { 200: SearchResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { objectType } = request.params;
      const search = request.body;
      const offset = Number(search.after ?? 0);
      if (offset + search.limit > SEARCH_MAX_RESULTS) {
        throw validationError(
          `Search pages stop at ${SEARCH_MAX_RESULTS} results: narrow the filters instead of paging further`,
        );
      }
      try {
        const scope = accountScope(request);
        const catalogue = await CrmCatalogue.load(scope, objectType);
        const { total, records } = await scope.search.run(objectType, search, offset, (name) =>
          catalogue.definition(name),
        );
        const next = offset + records.length;
        return {
          total,
          results: records.map((r) => toWire(r, search.properties)),
          ...(next < total &&
            next < SEARCH_MAX_RESULTS &&
            records.length && { paging: { next: { after: String(next) } } }),
        };
      } catch (err) {
        if (err instanceof SearchInputError) throw validationError(err.message);
        throw err;
      }
    },
  );
};

function missing(type: ObjectType, id: string) {
  return notFound(`No ${OBJECT_SINGULAR[type]} ${id} in this account: it does not exist or has been archived`);
}
