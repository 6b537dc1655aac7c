import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { PIXEL_GIF, PIXEL_HEADERS } from './pixel';
import type { Recorder } from '../../tracking/recording/recorder';
import { isWellFormedToken, pixelTokenOf } from '../../../contract/tracking-urls';
import { locationOf } from '../../core/link-target';

export const NOT_FOUND = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Link not found</title>
<p>This link is not known here. It may have been mistyped or cut short; ask the sender for it again.</p></html>\n`;
export const LINK_UNAVAILABLE = 'This link cannot be followed right now; try again in a moment.\n';

/**
 * A pixel or link URL the router cannot even decode (a broken %-escape never comes from a URL we issued): the same
 * answers as for an unknown token, so the pixel still never errors. Called by the server's framework-error handler;
 * answers and returns true when the URL is a tracking one.
 */
export function answerUnreadableTrackingUrl(url: string, reply: FastifyReply): boolean {
  if (/^\/t\/o(\/|\?|$)/.test(url)) {
    reply.code(200).headers(PIXEL_HEADERS).send(PIXEL_GIF);
    return true;
  }
  if (/^\/t\/c(\/|\?|$)/.test(url)) {
    reply.code(404).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NOT_FOUND);
    return true;
  }
  return false;
}

/**
 * `/t/o/<token>.gif` and `/t/c/<token>`, open to anyone (a mail client or a proxy fetches them). Wildcards rather
 * than parameters: any path, however long, reaches the handler, so the pixel always answers with the image.
 * Fastify answers HEAD with the GET handler and no body; the recorder labels it.
 */
export const trackingRoutes: FastifyPluginAsync<{ recorder: Recorder }> = async (app, { recorder }) => {
  const rest = (request: FastifyRequest) => (request.params as { '*'?: string })['*'] ?? '';

  const pixel = async (request: FastifyRequest, reply: FastifyReply) => {
    const token = pixelTokenOf(rest(request));
    if (token) {
      // The image goes out whatever happens here: Gmail's proxy would cache an error for a long time.
      await recorder.open(token, request).catch((err: unknown) => request.log.error({ err }, 'open not recorded'));
    }
    return reply.code(200).headers(PIXEL_HEADERS).send(PIXEL_GIF);
  };

  const link = async (request: FastifyRequest, reply: FastifyReply) => {
    const segment = rest(request);
    let target: string | null = null;
    if (isWellFormedToken(segment)) {
      try {
        target = await recorder.click(segment, request, (err) => request.log.error({ err }, 'click not recorded'));
      } catch (err) {
        request.log.error({ err }, 'click lookup failed');
        return reply.code(503).header('retry-after', '5').type('text/plain; charset=utf-8').send(LINK_UNAVAILABLE);
      }
    }
    if (target === null)
      return reply.code(404).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NOT_FOUND);
    // The target was stored when the link was registered; nothing from this request goes into it.
    return reply
      .code(302)
      .headers({ location: locationOf(target), 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' })
      .send();
  };

  // The bare prefixes too: with trailing slashes ignored, `/t/o/` is `/t/o`, which the wildcard does not match.
  for (const url of ['/t/o', '/t/o/*']) app.get(url, { schema: { hide: true } }, pixel);
  for (const url of ['/t/c', '/t/c/*']) app.get(url, { schema: { hide: true } }, link);
};
