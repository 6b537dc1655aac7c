import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { Recorder } from '../../tracking/recording/recorder';
import { locationOf } from '../../core/link-target';
import { NOTHING_CSP, REFERRER_POLICY } from '../security-headers';
import { PIXEL_GIF, PIXEL_HEADERS } from './pixel';
import { LINK_UNAVAILABLE, NOT_FOUND } from './routes';

// The pixel and link URLs as mailtrail mints them, with any query string: a GET of one of these is answered here,
// before Fastify routes it. Every other request, HEAD, and any URL in another shape (escapes, a trailing slash,
// extra segments) goes on to the routes of routes.ts, which answer the rest the same way.
const PIXEL = /^\/t\/o\/([A-Za-z0-9_-]{22,64})\.gif(?:\?|$)/;
const LINK = /^\/t\/c\/([A-Za-z0-9_-]{22,64})(?:\?|$)/;

/** Header lists as node's writeHead takes them flat; the correlation id goes between the route's and the server's. */
const flat = (headers: Record<string, string>) => Object.entries(headers).flat();
const PIXEL_HEAD = flat(PIXEL_HEADERS);
/** What the server's onSend hooks add to every answer (errors.ts, security-headers.ts), for a /t/ path. */
const SECURITY = [
  'content-security-policy',
  NOTHING_CSP,
  'x-frame-options',
  'DENY',
  'x-content-type-options',
  'nosniff',
];
const CORRELATION = 'x-hubspot-correlation-id';
const NOT_FOUND_BODY = Buffer.from(NOT_FOUND);
const UNAVAILABLE_BODY = Buffer.from(LINK_UNAVAILABLE);

/**
 * `GET /t/o/<token>.gif` and `GET /t/c/<token>` without the framework: no routing, request object, reply object or
 * hook chain, which cost the pixel more than a third of its time (docs/performance.md). The answers are those of
 * routes.ts byte for byte, headers included (the onSend hooks' correlation id and security headers), the client
 * address is Fastify's `request.ip` (same proxy-addr call), and the recorder is the same. `answerEarly` returns false
 * for a request it leaves to Fastify; `closing` hands every request to Fastify from then on.
 */
export function trackingFastPath(o: {
  recorder: Recorder;
  clientAddress: (request: IncomingMessage) => string;
  log: FastifyBaseLogger;
}): { answerEarly: (request: IncomingMessage, response: ServerResponse) => boolean; closing: () => void } {
  const { recorder, clientAddress, log } = o;
  // Fastify's one debug line per request (app.ts) is kept when someone reads debug logs.
  const debug = log.level === 'debug' || log.level === 'trace';
  // Once the server is closing, Fastify answers (503, as to every other request), since the writer is about to stop.
  let closing = false;

  const answer = (
    response: ServerResponse,
    id: string,
    status: number,
    head: string[],
    body: Buffer | undefined,
    started: number,
    route: string,
  ) => {
    response.writeHead(status, head);
    response.end(body);
    if (debug)
      log.debug({ reqId: id, method: 'GET', route, status, ms: Math.round(performance.now() - started) }, 'request');
  };

  const pixel = async (request: IncomingMessage, response: ServerResponse, token: string) => {
    const id = randomUUID();
    const started = debug ? performance.now() : 0;
    const hit = { method: 'GET', headers: request.headers, ip: clientAddress(request) };
    // The image goes out whatever happens here: Gmail's proxy would cache an error for a long time.
    await recorder.open(token, hit).catch((err: unknown) => log.error({ reqId: id, err }, 'open not recorded'));
    const head = [...PIXEL_HEAD, CORRELATION, id, ...SECURITY, 'referrer-policy', REFERRER_POLICY];
    answer(response, id, 200, head, PIXEL_GIF, started, '/t/o/*');
  };

  const link = async (request: IncomingMessage, response: ServerResponse, token: string) => {
    const id = randomUUID();
    const started = debug ? performance.now() : 0;
    const hit = { method: 'GET', headers: request.headers, ip: clientAddress(request) };
    let target: string | null;
    try {
      target = await recorder.click(token, hit, (err) => log.error({ reqId: id, err }, 'click not recorded'));
    } catch (err) {
      log.error({ reqId: id, err }, 'click lookup failed');
      const head = ['retry-after', '5', 'content-type', 'text/plain; charset=utf-8', CORRELATION, id];
      head.push(...SECURITY, 'referrer-policy', REFERRER_POLICY, 'content-length', String(UNAVAILABLE_BODY.length));
      return answer(response, id, 503, head, UNAVAILABLE_BODY, started, '/t/c/*');
    }
    if (target === null) {
      const head = ['cache-control', 'no-store', 'content-type', 'text/html; charset=utf-8', CORRELATION, id];
      head.push(...SECURITY, 'referrer-policy', REFERRER_POLICY, 'content-length', String(NOT_FOUND_BODY.length));
      return answer(response, id, 404, head, NOT_FOUND_BODY, started, '/t/c/*');
    }
    // The target was stored when the link was registered; nothing from this request goes into it.
    const head = ['location', locationOf(target), 'cache-control', 'no-store', 'referrer-policy', 'no-referrer'];
    head.push(CORRELATION, id, ...SECURITY, 'content-length', '0');
    answer(response, id, 302, head, undefined, started, '/t/c/*');
  };

  const answerEarly = (request: IncomingMessage, response: ServerResponse) => {
    const url = request.url;
    if (
      closing ||
      request.method !== 'GET' ||
      url === undefined ||
      url.charCodeAt(1) !== 116 ||
      url.charCodeAt(2) !== 47
    )
      return false;
    let m = PIXEL.exec(url);
    if (m) {
      void pixel(request, response, m[1]);
      return true;
    }
    m = LINK.exec(url);
    if (m) {
      void link(request, response, m[1]);
      return true;
    }
    return false;
  };
  return { answerEarly, closing: () => void (closing = true) };
}
