import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from './app';
import { devOffLoopback, type ServerConfig } from '../core/config';
import { services as defaultServices, type Service, type ServiceContext } from './services';
import { Store } from '../store';
import type { Clock } from '../core/clock';

export type RunningServer = {
  /** Where the HTTP server listens, e.g. http://127.0.0.1:8787. */
  url: string;
  app: FastifyInstance;
  store: Store;
  config: ServerConfig;
  /** Where the BCC listener listens. */
  smtpPort: number;
  /** Stops the services, then HTTP (letting requests in flight finish), then the database. */
  close(): Promise<void>;
};

export function createLogger(config: Pick<ServerConfig, 'logLevel'>) {
  return pino({ level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] });
}

/** Opens the store (migrating it), starts HTTP and the services. */
export async function startServer(
  config: ServerConfig,
  opts: { logger?: pino.Logger; services?: ((ctx: ServiceContext) => Service | undefined)[]; clock?: Clock } = {},
): Promise<RunningServer> {
  // Whoever starts the server (serve, start, a test), dev mode never listens where others can connect.
  const devProblem = devOffLoopback(config);
  if (devProblem) throw new Error(devProblem);
  const logger = opts.logger ?? createLogger(config);
  const store = await Store.open(config.db);
  const started: Service[] = [];
  let app: FastifyInstance | undefined;
  let smtpPort: number | undefined;

  const close = async () => {
    for (const service of started.reverse()) {
      await service
        .stop()
        .catch((err: unknown) => logger.error({ err, service: service.name }, 'service did not stop cleanly'));
    }
    started.length = 0;
    await app?.close();
    await store.close();
  };

  try {
    app = await buildApp({
      config,
      store,
      logger,
      smtpPort: () => smtpPort,
      ...(opts.clock ? { clock: opts.clock } : {}),
    });
    await app.listen({ host: config.host, port: config.port });
    const ctx: ServiceContext = { app, config, store, logger, smtpListening: (p) => (smtpPort = p) };
    for (const factory of opts.services ?? defaultServices) {
      const service = factory(ctx);
      if (!service) continue;
      await service.start();
      started.push(service);
    }
  } catch (err) {
    await close();
    throw err;
  }
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  const host =
    config.host === '0.0.0.0' || config.host === '::'
      ? '127.0.0.1'
      : config.host.includes(':')
        ? `[${config.host}]`
        : config.host;
  return { url: `http://${host}:${port}`, app, store, config, smtpPort: smtpPort ?? config.smtpPort, close };
}
