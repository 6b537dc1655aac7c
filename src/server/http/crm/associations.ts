import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { OBJECT_SINGULAR, OBJECT_TYPE_IDS, type ObjectType, type StandardError } from '../../../contract/crm';
import {
  AssociationListParams,
  BatchAssociationCreateInput,
  AssociationListQuery,
  AssociationPage,
  AssociationPairParams,
  AssociationPairParamsV4,
  AssociationSpecList,
  BatchAssociationArchiveInput,
  BatchAssociationParams,
  BatchAssociationReadInput,
  BatchAssociationReadResponse,
  BatchDefaultAssociationInput,
  DefaultAssociationResponse,
  LabelsBetweenObjectPair,
  LabelsBetweenPairsResponse,
  defaultAssociationType,
  type AssociatedObject,
  type AssociationTypeDef,
} from '../../../contract/crm-associations';
import { accountScope } from '../../auth';
import { notFound, validationError } from '../../core/api-error';
import type { AccountScope } from '../../store';
import type { Associated } from '../../store/associations';
import { AccountAssociationTypes } from '../../crm/association-types';
import { errorResponses } from './errors';
import { batchEnvelope, typeOnWire } from './wire';

const PAGE = 500;

function onWire(a: Associated, types: AccountAssociationTypes): AssociatedObject {
  return {
    toObjectId: String(a.toId),
    associationTypes: a.typeIds.map((t) => typeOnWire(t, types.get(t))),
  };
}

/** The type ids of a v4 body, each checked to go from one type to the other (HubSpot's or the account's labels). */
function typeIdsOf(
  specs: { associationCategory: string; associationTypeId: number }[],
  from: ObjectType,
  to: ObjectType,
  types: AccountAssociationTypes,
): number[] {
  return specs.map((spec) => {
    const def = types.get(spec.associationTypeId);
    if (
      !def ||
      spec.associationCategory !== (def.category ?? 'HUBSPOT_DEFINED') ||
      def.from !== from ||
      def.to !== to
    ) {
      throw validationError(
        `Association type ${spec.associationCategory} ${spec.associationTypeId} does not go from ${from} to ${to}. See GET /crm/v4/associations/${from}/${to}/labels for the types there are.`,
      );
    }
    return def.typeId;
  });
}

function defaultType(from: ObjectType, to: ObjectType): AssociationTypeDef {
  const def = defaultAssociationType(from, to);
  if (!def) throw validationError(`${from} cannot be associated with ${to}`);
  return def;
}

/** Both records must be live records of this account; a missing one is a 404 that names it. */
async function requireRecords(scope: AccountScope, records: [ObjectType, number][]): Promise<void> {
  for (const [type, id] of records) {
    if (!(await scope.objects.existing(type, [id])).has(id))
      throw notFound(`No ${OBJECT_SINGULAR[type]} ${id} in this account: it does not exist or has been archived`);
  }
}

/** `/crm/v4`: associations between records, HubSpot's v4 association API. */
export const associationRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['CRM associations'];

  app.get(
    '/objects/:objectType/:objectId/associations/:toObjectType',
    {
      schema: {
        tags,
        summary: 'The records one record is associated with',
        params: AssociationListParams,
        querystring: AssociationListQuery,
        response: { 200: AssociationPage, ...errorResponses },
      },
    },
    async (request) => {
      const { objectType, objectId, toObjectType } = request.params;
      const { limit, after } = request.query;
      const scope = accountScope(request);
      await requireRecords(scope, [[objectType, Number(objectId)]]);
      const page = await scope.associations.list(Number(objectId), toObjectType, {
        limit: limit + 1,
        after: after === undefined ? undefined : Number(after),
      });
      const results = page.slice(0, limit);
      const types = await AccountAssociationTypes.load(scope);
      return {
        results: results.map((a) => onWire(a, types)),
        ...(page.length > limit && { paging: { next: { after: String(results[results.length - 1].toId) } } }),
      };
    },
  );

  app.put(
    '/objects/:fromObjectType/:fromObjectId/associations/default/:toObjectType/:toObjectId',
    {
      schema: {
        tags,
        summary: 'Associate two records with the default (unlabelled) type',
        params: AssociationPairParams,
        response: { 200: DefaultAssociationResponse, ...errorResponses },
      },
    },
    async (request) => {
      const startedAt = new Date().toISOString();
      const { fromObjectType, fromObjectId, toObjectType, toObjectId } = request.params;
      const def = defaultType(fromObjectType, toObjectType);
      const scope = accountScope(request);
      await scope.transaction(async (tx) => {
        await requireRecords(tx, [
          [fromObjectType, Number(fromObjectId)],
          [toObjectType, Number(toObjectId)],
        ]);
        await tx.associations.associate(fromObjectType, Number(fromObjectId), toObjectType, Number(toObjectId), [
          def.typeId,
        ]);
      });
      const spec = (typeId: number) => ({ associationCategory: 'HUBSPOT_DEFINED' as const, associationTypeId: typeId });
      return batchEnvelope(
        [
          { from: { id: fromObjectId }, to: { id: toObjectId }, associationSpec: spec(def.typeId) },
          { from: { id: toObjectId }, to: { id: fromObjectId }, associationSpec: spec(def.reverse) },
        ],
        [],
        startedAt,
      );
    },
  );

  app.put(
    '/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId',
    {
      schema: {
        tags,
        summary: 'Associate two records with the given types',
        params: AssociationPairParamsV4,
        body: AssociationSpecList,
        response: { 201: LabelsBetweenObjectPair, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { objectType, objectId, toObjectType, toObjectId } = request.params;
      const types = await AccountAssociationTypes.load(accountScope(request));
      const typeIds = typeIdsOf(request.body, objectType, toObjectType, types);
      const scope = accountScope(request);
      const [associated] = await scope.transaction(async (tx) => {
        await requireRecords(tx, [
          [objectType, Number(objectId)],
          [toObjectType, Number(toObjectId)],
        ]);
        await tx.associations.associate(
          objectType,
          Number(objectId),
          toObjectType,
          Number(toObjectId),
          typeIds,
          types.lookup,
        );
        return (
          (await tx.associations.listMany([Number(objectId)], toObjectType))
            .get(Number(objectId))
            ?.filter((a) => a.toId === Number(toObjectId)) ?? []
        );
      });
      return reply.code(201).send({
        fromObjectTypeId: OBJECT_TYPE_IDS[objectType],
        fromObjectId: objectId,
        toObjectTypeId: OBJECT_TYPE_IDS[toObjectType],
        toObjectId,
        labels: (associated?.typeIds ?? []).flatMap((t) => types.get(t)?.label ?? []),
      });
    },
  );

  app.delete(
    '/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId',
    {
      schema: {
        tags,
        summary: 'Remove every association between two records',
        params: AssociationPairParamsV4,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { objectType, objectId, toObjectType, toObjectId } = request.params;
      const scope = accountScope(request);
      await requireRecords(scope, [[objectType, Number(objectId)]]);
      await scope.associations.dissociate(Number(objectId), toObjectType, Number(toObjectId));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/associations/:fromObjectType/:toObjectType/batch/read',
    {
      schema: {
        tags,
        summary: 'The associations of up to 1,000 records with one type',
        params: BatchAssociationParams,
        body: BatchAssociationReadInput,
        response: { 200: BatchAssociationReadResponse, 207: BatchAssociationReadResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const startedAt = new Date().toISOString();
      const { fromObjectType, toObjectType } = request.params;
      const scope = accountScope(request);
      const ids = [...new Set(request.body.inputs.map((i) => Number(i.id)))];
      const after = new Map(
        request.body.inputs.map((i) => [Number(i.id), i.after === undefined ? undefined : Number(i.after)]),
      );
      // Only associations of this type's records: an id of another type (or account) has none.
      const live = await scope.objects.existing(fromObjectType, ids);
      const byFrom = await scope.associations.listMany([...live], toObjectType);
      const types = await AccountAssociationTypes.load(scope);
      const results = [];
      const errors: StandardError[] = [];
      for (const id of ids) {
        const from = after.get(id);
        const all = (byFrom.get(id) ?? []).filter((a) => from === undefined || a.toId > from);
        if (!all.length) {
          errors.push({
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            message: `No ${toObjectType} are associated with ${OBJECT_SINGULAR[fromObjectType]} ${id}.`,
            context: { fromObjectId: [String(id)] },
            errors: [
              {
                message: `No ${toObjectType} are associated with ${OBJECT_SINGULAR[fromObjectType]} ${id}.`,
                subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
              },
            ],
            links: {},
          });
          continue;
        }
        const page = all.slice(0, PAGE);
        results.push({
          from: { id: String(id) },
          to: page.map((a) => onWire(a, types)),
          ...(all.length > PAGE && { paging: { next: { after: String(page[page.length - 1].toId) } } }),
        });
      }
      return reply.code(errors.length ? 207 : 200).send(batchEnvelope(results, errors, startedAt));
    },
  );

  app.post(
    '/associations/:fromObjectType/:toObjectType/batch/associate/default',
    {
      schema: {
        tags,
        summary: 'Associate up to 100 pairs of records with the default type',
        params: BatchAssociationParams,
        body: BatchDefaultAssociationInput,
        response: { 200: DefaultAssociationResponse, ...errorResponses },
      },
    },
    async (request) => {
      const startedAt = new Date().toISOString();
      const { fromObjectType, toObjectType } = request.params;
      const def = defaultType(fromObjectType, toObjectType);
      const pairs = request.body.inputs.map((i) => [Number(i.from.id), Number(i.to.id)] as const);
      await accountScope(request).transaction(async (tx) => {
        // All or nothing: one missing record refuses the batch before anything is written.
        await requireRecords(tx, [
          ...pairs.map(([f]) => [fromObjectType, f] as [ObjectType, number]),
          ...pairs.map(([, t]) => [toObjectType, t] as [ObjectType, number]),
        ]);
        for (const [f, t] of pairs) await tx.associations.associate(fromObjectType, f, toObjectType, t, [def.typeId]);
      });
      const spec = { associationCategory: 'HUBSPOT_DEFINED' as const, associationTypeId: def.typeId };
      return batchEnvelope(
        pairs.map(([f, t]) => ({ from: { id: String(f) }, to: { id: String(t) }, associationSpec: spec })),
        [],
        startedAt,
      );
    },
  );

  app.post(
    '/associations/:fromObjectType/:toObjectType/batch/archive',
    {
      schema: {
        tags,
        summary: 'Remove the associations between up to 100 records and their targets',
        params: BatchAssociationParams,
        body: BatchAssociationArchiveInput,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { fromObjectType, toObjectType } = request.params;
      const scope = accountScope(request);
      await scope.transaction(async (tx) => {
        const live = await tx.objects.existing(
          fromObjectType,
          request.body.inputs.map((i) => Number(i.from.id)),
        );
        for (const input of request.body.inputs) {
          if (!live.has(Number(input.from.id))) continue;
          const targets = await tx.objects.existing(
            toObjectType,
            input.to.map((t) => Number(t.id)),
          );
          for (const t of targets) await tx.associations.dissociate(Number(input.from.id), toObjectType, t);
        }
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/associations/:fromObjectType/:toObjectType/batch/create',
    {
      schema: {
        tags,
        summary: 'Associate up to 100 pairs of records with the given types (labels)',
        params: BatchAssociationParams,
        body: BatchAssociationCreateInput,
        response: { 201: LabelsBetweenPairsResponse, 207: LabelsBetweenPairsResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const startedAt = new Date().toISOString();
      const { fromObjectType, toObjectType } = request.params;
      const scope = accountScope(request);
      const types = await AccountAssociationTypes.load(scope);
      // Bad types refuse the whole batch; a missing record fails only its own pair.
      const inputs = request.body.inputs.map((i) => ({
        from: Number(i.from.id),
        to: Number(i.to.id),
        typeIds: typeIdsOf(i.types, fromObjectType, toObjectType, types),
      }));
      const results = [];
      const errors: StandardError[] = [];
      for (const input of inputs) {
        const labels = await scope.transaction(async (tx) => {
          const fromLive = (await tx.objects.existing(fromObjectType, [input.from])).has(input.from);
          const toLive = (await tx.objects.existing(toObjectType, [input.to])).has(input.to);
          if (!fromLive || !toLive) return undefined;
          await tx.associations.associate(
            fromObjectType,
            input.from,
            toObjectType,
            input.to,
            input.typeIds,
            types.lookup,
          );
          const [pair] =
            (await tx.associations.listMany([input.from], toObjectType))
              .get(input.from)
              ?.filter((a) => a.toId === input.to) ?? [];
          return (pair?.typeIds ?? []).flatMap((t) => types.get(t)?.label ?? []);
        });
        if (!labels) {
          errors.push({
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            message: `No ${OBJECT_SINGULAR[fromObjectType]} ${input.from} or no ${OBJECT_SINGULAR[toObjectType]} ${input.to} in this account`,
            context: { fromObjectId: [String(input.from)], toObjectId: [String(input.to)] },
            errors: [],
            links: {},
          });
          continue;
        }
        results.push({
          fromObjectTypeId: OBJECT_TYPE_IDS[fromObjectType],
          fromObjectId: String(input.from),
          toObjectTypeId: OBJECT_TYPE_IDS[toObjectType],
          toObjectId: String(input.to),
          labels,
        });
      }
      return reply.code(errors.length ? 207 : 201).send(batchEnvelope(results, errors, startedAt));
    },
  );
};
