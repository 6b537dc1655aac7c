import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import type { ObjectType } from '../../../contract/crm';
import {
  AssociationLabelCreate,
  AssociationLabelList,
  AssociationLabelParams,
  AssociationLabelUpdate,
  BatchAssociationParams,
  defaultAssociationType,
} from '../../../contract/crm-associations';
import { accountScope } from '../../auth';
import { conflict, notFound, validationError } from '../../core/api-error';
import type { AccountScope } from '../../store';
import { AccountAssociationTypes } from '../../crm/association-types';
import { errorResponses } from './errors';
import { typeOnWire } from './wire';

/** `/crm/v4/associations/{from}/{to}/labels`: the association types between two object types, and custom labels. */
export const associationLabelRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['CRM associations'];

  const labelsOf = async (scope: AccountScope, from: ObjectType, to: ObjectType) => ({
    results: (await AccountAssociationTypes.load(scope)).between(from, to).map((t) => typeOnWire(t.typeId, t)),
  });

  app.get(
    '/associations/:fromObjectType/:toObjectType/labels',
    {
      schema: {
        tags,
        summary: 'The association types from one object type to another, with their labels',
        params: BatchAssociationParams,
        response: { 200: AssociationLabelList, ...errorResponses },
      },
    },
    async (request) => labelsOf(accountScope(request), request.params.fromObjectType, request.params.toObjectType),
  );

  app.post(
    '/associations/:fromObjectType/:toObjectType/labels',
    {
      schema: {
        tags,
        summary: 'Create a custom association label (USER_DEFINED), with its inverse',
        params: BatchAssociationParams,
        body: AssociationLabelCreate,
        response: { 200: AssociationLabelList, ...errorResponses },
      },
    },
    async (request) => {
      const { fromObjectType, toObjectType } = request.params;
      if (!defaultAssociationType(fromObjectType, toObjectType))
        throw validationError(`${fromObjectType} cannot be associated with ${toObjectType}`);
      const scope = accountScope(request);
      const existing = await AccountAssociationTypes.load(scope);
      if (
        existing
          .between(fromObjectType, toObjectType)
          .some((t) => t.category === 'USER_DEFINED' && t.name === request.body.name)
      )
        throw conflict(`A label named "${request.body.name}" already exists from ${fromObjectType} to ${toObjectType}`);
      await scope.associationLabels.create(fromObjectType, toObjectType, request.body);
      const all = await labelsOf(scope, fromObjectType, toObjectType);
      return { results: all.results.filter((t) => t.category === 'USER_DEFINED') };
    },
  );

  /** A custom label's type id from one type to the other, or a 404. */
  const customLabel = async (scope: AccountScope, from: ObjectType, to: ObjectType, typeId: number) => {
    const def = (await AccountAssociationTypes.load(scope)).get(typeId);
    if (!def || def.category !== 'USER_DEFINED' || def.from !== from || def.to !== to)
      throw notFound(`No custom association label ${typeId} from ${from} to ${to}`);
    return def;
  };

  app.put(
    '/associations/:fromObjectType/:toObjectType/labels',
    {
      schema: {
        tags,
        summary: 'Rename a custom association label',
        params: BatchAssociationParams,
        body: AssociationLabelUpdate,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { fromObjectType, toObjectType } = request.params;
      const scope = accountScope(request);
      await customLabel(scope, fromObjectType, toObjectType, request.body.associationTypeId);
      await scope.associationLabels.update(request.body.associationTypeId, request.body);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/associations/:fromObjectType/:toObjectType/labels/:associationTypeId',
    {
      schema: {
        tags,
        summary: 'Delete a custom association label and the labelled associations (the unlabelled ones stay)',
        params: AssociationLabelParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { fromObjectType, toObjectType, associationTypeId } = request.params;
      const scope = accountScope(request);
      await customLabel(scope, fromObjectType, toObjectType, associationTypeId);
      await scope.associationLabels.delete(associationTypeId);
      return reply.code(204).send(null);
    },
  );
};
