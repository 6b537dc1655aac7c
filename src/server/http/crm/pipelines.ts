import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomInt } from 'node:crypto';
import * as z from 'zod/mini';
import type { PipelineObjectType } from '../../../contract/crm';
import {
  Pipeline,
  PipelineInput,
  PipelineParams,
  PipelinePatch,
  PipelineStage,
  PipelineStageInput,
  PipelineStagePatch,
  PipelineTypeParam,
  StageParams,
} from '../../../contract/crm-pipelines';
import { accountScope } from '../../auth';
import { conflict, notFound } from '../../core/api-error';
import type { AccountScope } from '../../store';
import type { StoredPipeline, StoredStage } from '../../store/crm-pipelines';
import { errorResponses } from './errors';

const iso = (ms: number) => new Date(ms).toISOString();

function stageOnWire(s: StoredStage): PipelineStage {
  return {
    id: s.id,
    label: s.label,
    displayOrder: s.displayOrder,
    metadata: s.metadata,
    writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
    archived: s.archivedAt !== null,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
  };
}

function pipelineOnWire(p: StoredPipeline): Pipeline {
  return {
    id: p.id,
    label: p.label,
    displayOrder: p.displayOrder,
    stages: p.stages.filter((s) => s.archivedAt === null).map(stageOnWire),
    archived: p.archivedAt !== null,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

/** HubSpot gives new pipelines and stages numeric ids; these cannot meet the defaults' (`default`, `0`–`4`). */
const newId = () => String(randomInt(100_000_000, 999_999_999));

async function pipelineOf(scope: AccountScope, type: PipelineObjectType, id: string): Promise<StoredPipeline> {
  const found = (await scope.pipelines.list(type)).find((p) => p.id === id && p.archivedAt === null);
  if (!found) throw notFound(`No ${type} pipeline ${id} in this account: see GET /crm/v3/pipelines/${type}`);
  return found;
}

function stageOf(pipeline: StoredPipeline, type: PipelineObjectType, id: string): StoredStage {
  const found = pipeline.stages.find((s) => s.id === id && s.archivedAt === null);
  if (!found) throw notFound(`No stage ${id} in ${type} pipeline ${pipeline.id}`);
  return found;
}

/**
 * `/crm/v3/pipelines/{objectType}`: the account's deal and ticket pipelines, which an API key (the account's admin)
 * may rename, reorder, archive and add to. Archived pipelines and stages are left out of reads, as in HubSpot.
 */
export const pipelineRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['CRM pipelines'];

  app.get(
    '/:objectType',
    {
      schema: {
        tags,
        summary: 'The pipelines of deals or tickets, with their stages',
        params: z.object({ objectType: PipelineTypeParam }),
        response: { 200: z.object({ results: z.array(Pipeline) }), ...errorResponses },
      },
    },
    async (request) => {
      const { objectType } = request.params;
      const pipelines = await accountScope(request).pipelines.list(objectType);
      return { results: pipelines.filter((p) => p.archivedAt === null).map(pipelineOnWire) };
    },
  );

  app.post(
    '/:objectType',
    {
      schema: {
        tags,
        summary: 'Create a pipeline with its stages',
        params: z.object({ objectType: PipelineTypeParam }),
        body: PipelineInput,
        response: { 201: Pipeline, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { objectType } = request.params;
      const scope = accountScope(request);
      const id = newId();
      const created = await scope.pipelines.create(objectType, id, {
        ...request.body,
        stages: request.body.stages.map((s) => ({ ...s, id: newId() })),
      });
      if (!created) throw conflict('A pipeline or stage id was taken at the same moment: send the request again');
      return reply.code(201).send(pipelineOnWire(await pipelineOf(scope, objectType, id)));
    },
  );

  app.get(
    '/:objectType/:pipelineId',
    {
      schema: {
        tags,
        summary: 'One pipeline with its stages',
        params: PipelineParams,
        response: { 200: Pipeline, ...errorResponses },
      },
    },
    async (request) => {
      const { objectType, pipelineId } = request.params;
      return pipelineOnWire(await pipelineOf(accountScope(request), objectType, pipelineId));
    },
  );

  app.patch(
    '/:objectType/:pipelineId',
    {
      schema: {
        tags,
        summary: 'Rename, reorder or archive a pipeline',
        params: PipelineParams,
        body: PipelinePatch,
        response: { 200: Pipeline, ...errorResponses },
      },
    },
    async (request) => {
      const { objectType, pipelineId } = request.params;
      const scope = accountScope(request);
      await pipelineOf(scope, objectType, pipelineId);
      await scope.pipelines.updatePipeline(objectType, pipelineId, request.body);
      const updated = (await scope.pipelines.list(objectType)).find((p) => p.id === pipelineId)!;
      return pipelineOnWire(updated);
    },
  );

  app.get(
    '/:objectType/:pipelineId/stages',
    {
      schema: {
        tags,
        summary: 'The stages of a pipeline',
        params: PipelineParams,
        response: { 200: z.object({ results: z.array(PipelineStage) }), ...errorResponses },
      },
    },
    async (request) => {
      const { objectType, pipelineId } = request.params;
      return { results: pipelineOnWire(await pipelineOf(accountScope(request), objectType, pipelineId)).stages };
    },
  );

  app.post(
    '/:objectType/:pipelineId/stages',
    {
      schema: {
        tags,
        summary: 'Add a stage to a pipeline',
        params: PipelineParams,
        body: PipelineStageInput,
        response: { 201: PipelineStage, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { objectType, pipelineId } = request.params;
      const scope = accountScope(request);
      await pipelineOf(scope, objectType, pipelineId);
      const id = newId();
      if (!(await scope.pipelines.addStage(objectType, pipelineId, { ...request.body, id })))
        throw conflict('A stage id was taken at the same moment: send the request again');
      return reply
        .code(201)
        .send(stageOnWire(stageOf(await pipelineOf(scope, objectType, pipelineId), objectType, id)));
    },
  );

  app.get(
    '/:objectType/:pipelineId/stages/:stageId',
    {
      schema: {
        tags,
        summary: 'One stage of a pipeline',
        params: StageParams,
        response: { 200: PipelineStage, ...errorResponses },
      },
    },
    async (request) => {
      const { objectType, pipelineId, stageId } = request.params;
      const pipeline = await pipelineOf(accountScope(request), objectType, pipelineId);
      return stageOnWire(stageOf(pipeline, objectType, stageId));
    },
  );

  app.patch(
    '/:objectType/:pipelineId/stages/:stageId',
    {
      schema: {
        tags,
        summary: 'Rename, reorder, archive or change the metadata of a stage',
        params: StageParams,
        body: PipelineStagePatch,
        response: { 200: PipelineStage, ...errorResponses },
      },
    },
    async (request) => {
      const { objectType, pipelineId, stageId } = request.params;
      const scope = accountScope(request);
      stageOf(await pipelineOf(scope, objectType, pipelineId), objectType, stageId);
      await scope.pipelines.updateStage(objectType, pipelineId, stageId, request.body);
      const updated = (await scope.pipelines.list(objectType))
        .find((p) => p.id === pipelineId)!
        .stages.find((s) => s.id === stageId)!;
      return stageOnWire(updated);
    },
  );
};
