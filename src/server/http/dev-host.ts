import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden } from '../core/api-error';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** The host name of a Host header, as a URL spells it (`[::1]`, lower case), or undefined when it is not one. */
function hostName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  try {
    return new URL(`http://${header}`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Dev mode only. A web page can reach a server on loopback by giving its own name a loopback address (DNS rebinding):
 * the browser then sends `Host: evil.test` and `Origin: http://evil.test`, which agree, so the same-origin check
 * passes. The server answers only to the names it is known by: loopback names and the public URL's host.
 *
 * Runs before the handler, after the body limits (an oversized body keeps its 413). The tracking routes answer any
 * visitor by design, in production too, and the pixel never errors: they are left alone.
 */
export function refuseForeignHosts(app: FastifyInstance, publicUrl: () => string): void {
  const known = () => new Set([...LOOPBACK_NAMES, hostName(new URL(publicUrl()).host)]);
  app.addHook('preHandler', async (request: FastifyRequest) => {
    if (request.url.startsWith('/t/')) return;
    const name = hostName(request.headers.host);
    if (name && known().has(name)) return;
    throw forbidden(
      `This mailtrail runs in dev mode and answers only to ${[...known()].join(', ')}, not to the host name ${JSON.stringify(request.headers.host ?? '')}: a page of another site may not reach it (DNS rebinding). Open it at ${publicUrl()}.`,
    );
  });
}
