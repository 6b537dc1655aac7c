import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ADDON_API_PREFIX } from '../../contract/addon';
import { addonApi } from '../http/addon-api';
import { Auth } from '../auth';
import { publicUrlOf, type ServerConfig } from '../core/config';
import { crmApi } from '../http/crm';
import { clientErrorHandler, frameworkErrors, installErrorHandling } from '../http/errors';
import { answerUnreadableTrackingUrl } from '../http/tracking/routes';
import { healthRoutes } from '../http/health/routes';
import { openApiRoute } from '../http/openapi';
import { refuseDeepJson } from '../http/json-depth';
import { installSecurityHeaders } from '../http/security-headers';
import { AttachmentStore } from '../core/attachments';
import type { Store } from '../store';
import { refuseUnstorableText } from '../http/unstorable-text';
import { wireTracking } from './tracking';
import { wireReminders } from './reminders';
import { type Clock, systemClock } from '../core/clock';
import { fastifyTrustProxy } from '../core/trust-proxy';
import type { ServerContext } from '../http/context';
import { webApp } from './web';
import { refuseForeignHosts } from '../http/dev-host';
import { answerEarly, type EarlyAnswer } from './http-server';

/**
 * How long a connection may take over each part of a request, so that connections which never finish one (half a
 * header block, a body trickled a byte a minute) are closed instead of holding a file handle for ever. Fastify's own
 * defaults time nothing but idle keep-alive. Headers arrive in one packet from any real client; the whole request
 * may be a 64 MiB add-on body from Apps Script (whose own fetches give up after 60 s); an idle keep-alive
 * connection outlives a load balancer's usual 60 s idle timeout, so the balancer is the one to close it. Node
 * checks the first two every `connectionsCheckingInterval`.
 */
const HTTP_TIMEOUTS = {
  http: { headersTimeout: 15_000, connectionsCheckingInterval: 1_000 },
  requestTimeout: 90_000,
  keepAliveTimeout: 72_000,
} as const;

export type AppOptions = {
  config: ServerConfig;
  store: Store;
  logger: FastifyBaseLogger;
  /** Where the BCC listener is, once it listens (it starts after HTTP). */
  smtpPort?: () => number | undefined;
  /** The system's clock unless a test brings its own. */
  clock?: Clock;
};

/**
 * Assembles the HTTP app: one plugin per route group, each with its schemas beside it. New route groups are
 * registered here, in one line each, with their own prefix and body limit.
 */
export async function buildApp({
  config,
  store,
  logger,
  smtpPort: boundSmtpPort,
  clock = systemClock,
}: AppOptions): Promise<FastifyInstance> {
  // The pixel and link routes' fast path, set once the recorder exists (wireTracking).
  const early: { answer?: EarlyAnswer } = {};
  const app = Fastify({
    loggerInstance: logger,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // One debug line per request (below) instead of Fastify's two info lines: the pixel route takes heavy traffic.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // request.ip: the client behind the load balancer (`--trust-proxy`), or the peer.
    trustProxy: fastifyTrustProxy(config.trustProxy),
    // Routes outside a group take no body, and an unknown path must not read one: a small limit, refused from the
    // Content-Length before any byte is read. Each group sets its own for its routes (see `bodyLimit` below).
    bodyLimit: config.bodyLimit.other,
    // Requests refused before any route runs get HubSpot's error shape too.
    frameworkErrors: frameworkErrors(answerUnreadableTrackingUrl),
    clientErrorHandler,
    ...HTTP_TIMEOUTS,
  });
  answerEarly(app.server, early);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  let listening: URL | undefined;
  app.addHook('onListen', async () => {
    const address = app.server.address();
    if (address && typeof address === 'object') {
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      listening = new URL(`http://${host}:${address.port}`);
    }
  });
  app.decorate('mailtrail', {
    config,
    store,
    auth: new Auth(store, config, logger),
    attachments: new AttachmentStore(join(config.dataDir, 'attachments')),
    publicUrl: () => publicUrlOf(config, listening),
    smtpPort: () => boundSmtpPort?.() ?? config.smtpPort,
    clock,
  } satisfies ServerContext);
  app.decorateRequest('principal', undefined);

  // Only when someone reads debug logs: otherwise it is one more async hook on every pixel.
  if (logger.level === 'debug' || logger.level === 'trace') {
    app.addHook('onResponse', async (request, reply) => {
      request.log.debug(
        {
          method: request.method,
          route: request.routeOptions.url,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request',
      );
    });
  }
  installErrorHandling(app);
  installSecurityHeaders(app);
  refuseDeepJson(app);
  refuseUnstorableText(app);
  if (config.dev) refuseForeignHosts(app, app.mailtrail.publicUrl);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'mailtrail',
        version: '1',
        description:
          "The CRM API in HubSpot's v3/v4 dialect, and the add-on API. See docs/api.md for what differs from HubSpot.",
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An account API key (`mailtrail apikey create`)' },
        },
      },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });

  await app.register(healthRoutes);
  await app.register(openApiRoute);
  await app.register(crmApi, { prefix: '/crm', bodyLimit: config.bodyLimit.crm });
  // Pixel and link routes, events, notifications; the feed both the add-on and the web app read.
  // A person's open may close a follow-up reminder before its due time; the scheduler, built on the notifier, is
  // made just after (no open is recorded before the server listens).
  const { activity, notifier } = await wireTracking(app, (answer) => (early.answer = answer), {
    onPersonOpen: (event) => reminders.closeEarly(event.accountId, event.intentId),
  });
  app.decorate('activity', activity);
  const reminders = wireReminders(app, notifier);
  await app.register(addonApi, {
    prefix: ADDON_API_PREFIX,
    bodyLimit: config.bodyLimit.addon,
    activity,
  });
  await app.register(webApp, { activity });
  return app;
}
