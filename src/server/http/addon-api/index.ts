import type { FastifyPluginAsync } from 'fastify';
import { ADDON_ANSWER_BY_MS } from '../../../contract/addon';
import { bodyLimit } from '../route-group';
import { answerBy } from './answer-by';
import type { Activity } from '../../tracking/notify/activity';
import { composeRoutes } from './compose';
import { meRoutes } from './me';
import { messageRoutes } from './message';
import { templateRoutes } from './templates';
import { recordsRoutes } from './records';

export type AddonApiOptions = { bodyLimit: number; activity: Activity };

/** `/addon/v1`: what the Gmail sidebar asks, one round trip per card or action, with a Google ID token. */
export const addonApi: FastifyPluginAsync<AddonApiOptions> = async (app, opts) => {
  const { activity } = opts;
  bodyLimit(app, opts.bodyLimit);
  answerBy(app, ADDON_ANSWER_BY_MS);
  app.addHook('onRequest', app.mailtrail.auth.requireAddonUser);
  await app.register(composeRoutes, { prefix: '/compose' });
  await app.register(templateRoutes, { prefix: '/compose' });
  await app.register(recordsRoutes, { prefix: '/records' });
  await app.register(messageRoutes, { activity });
  await app.register(meRoutes, { activity });
};
