import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';

/** Answers a request before Fastify routes it, or returns false to leave it to Fastify. */
export type EarlyAnswer = (request: IncomingMessage, response: ServerResponse) => boolean;

/** The options Fastify hands a server factory that its own HTTP/1 server is made with. */
type ServerSettings = {
  http?: ServerOptions;
  keepAliveTimeout: number;
  requestTimeout: number;
  connectionTimeout: number;
  maxRequestsPerSocket?: number;
};

/**
 * Fastify's `serverFactory`: the HTTP/1 server Fastify would make (the same options and timeouts, see
 * fastify/lib/server.js), whose requests first go to `early.answer` once it is set (the pixel and link fast path,
 * wired with the recorder in tracking.ts), and to Fastify otherwise.
 */
export function serverWithEarlyAnswer(early: { answer?: EarlyAnswer }) {
  return (
    fastify: (request: IncomingMessage, response: ServerResponse) => void,
    fastifyOptions: Record<string, unknown>,
  ) => {
    const options = fastifyOptions as unknown as ServerSettings;
    const server: Server = createServer(options.http ?? {}, (request, response) => {
      if (early.answer?.(request, response)) return;
      fastify(request, response);
    });
    server.keepAliveTimeout = options.keepAliveTimeout;
    server.requestTimeout = options.requestTimeout;
    server.setTimeout(options.connectionTimeout);
    if (options.maxRequestsPerSocket && options.maxRequestsPerSocket > 0)
      server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  };
}
