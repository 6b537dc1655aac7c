import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ServerConfig } from '../core/config';
import { bccListener } from './smtp';
import type { Store } from '../store';

/** Something that runs beside the HTTP server for the server's whole life: the SMTP listener, background workers. */
export type Service = {
  name: string;
  /** Called after the HTTP server listens. A failure stops the server from starting. */
  start(): Promise<void>;
  /** Called on shutdown, before the HTTP server and the database close; should finish in-flight work. */
  stop(): Promise<void>;
};

export type ServiceContext = {
  app: FastifyInstance;
  config: ServerConfig;
  store: Store;
  logger: FastifyBaseLogger;
  /** The BCC listener says where it listens (with `--smtp-port 0` it picked the port). */
  smtpListening(port: number): void;
};

/**
 * The services `mailtrail serve` starts, in order (stopped in reverse). Append a factory to add one; return
 * undefined to skip it under some configuration.
 */
export const services: ((ctx: ServiceContext) => Service | undefined)[] = [bccListener];
