import type { FastifyPluginAsync } from 'fastify';
import { bodyLimit } from '../route-group';
import { associationLabelRoutes } from './association-labels';
import { associationRoutes } from './associations';
import { gdprRoutes } from './gdpr';
import { objectRoutes } from './objects';
import { ownerRoutes } from './owners';
import { pipelineRoutes } from './pipelines';
import { propertyRoutes } from './properties';

/** `/crm/v3` and `/crm/v4`: HubSpot's CRM API, authenticated with account API keys. */
export const crmApi: FastifyPluginAsync<{ bodyLimit: number }> = async (app, opts) => {
  bodyLimit(app, opts.bodyLimit);
  app.addHook('onRequest', app.mailtrail.auth.requireApiKey);
  await app.register(objectRoutes, { prefix: '/v3/objects' });
  await app.register(gdprRoutes, { prefix: '/v3/objects' });
  await app.register(ownerRoutes, { prefix: '/v3/owners' });
  await app.register(propertyRoutes, { prefix: '/v3/properties' });
  await app.register(pipelineRoutes, { prefix: '/v3/pipelines' });
  await app.register(associationRoutes, { prefix: '/v4' });
  await app.register(associationLabelRoutes, { prefix: '/v4' });
};
