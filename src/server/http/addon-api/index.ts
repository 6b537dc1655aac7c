import type { FastifyPluginAsync } from 'fastify';
import { bodyLimit } from '../route-group';
import type { Activity } from '../../tracking/notify/activity';
import { composeRoutes } from './compose';
import { meRoutes } from './me';
import { messageRoutes } from './message';
import { recordsRoutes } from './records';

export type AddonApiOptions = { bodyLimit: number; activity: Activity };

/** `/addon/v1`: what the Gmail sidebar asks, one round trip per card or action, with a Google ID token. */
export const addonApi: FastifyPluginAsync<AddonApiOptions> = async (app, opts) => {
  const { activity } = opts;
  bodyLimit(app, opts.bodyLimit);
  app.addHook('onRequest', app.mailtrail.auth.requireAddonUser);
  await app.register(composeRoutes, { prefix: '/compose' });
  await app.register(recordsRoutes, { prefix: '/records' });
  await app.register(messageRoutes, { activity });
  await app.register(meRoutes, { activity });
};
