import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** Answers a request before Fastify routes it, or returns false to leave it to Fastify. */
export type EarlyAnswer = (request: IncomingMessage, response: ServerResponse) => boolean;

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Puts `early.answer` (the pixel and link fast path, wired with the recorder in tracking.ts) in front of Fastify's
 * own request listener on the server Fastify made: requests it answers never reach Fastify, the rest go on as before.
 * Rather than a `serverFactory`, which would change how Fastify listens and closes.
 */
export function answerEarly(server: Server, early: { answer?: EarlyAnswer }): void {
  const listeners = server.listeners('request') as Listener[];
  if (listeners.length !== 1) throw new Error(`expected Fastify's one request listener, found ${listeners.length}`);
  const [fastify] = listeners;
  server.removeListener('request', fastify);
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (early.answer?.(request, response)) return;
    fastify(request, response);
  });
}
