import type { FastifyInstance } from 'fastify';

/** Google Identity Services, for "Sign in with Google" (the sources its documentation asks a CSP to allow). */
const GOOGLE_SIGN_IN = 'https://accounts.google.com/gsi/';

/**
 * The policy of the web app's pages and files (under /app). Its own scripts, styles and API only, plus Google's sign-in; no
 * inline script or style element, no plugin, no `<base>` elsewhere, no framing by anyone. Images may come from
 * anywhere over http(s): a logged email's pictures once its reader clicks "Show images" (the email frame inherits
 * this policy), a card's icons in the emulated Gmail.
 */
export const APP_CSP = [
  "default-src 'self'",
  `script-src 'self' ${GOOGLE_SIGN_IN}client`,
  `style-src 'self' ${GOOGLE_SIGN_IN}style`,
  "img-src 'self' data: https: http:",
  `connect-src 'self' ${GOOGLE_SIGN_IN}`,
  `frame-src 'self' ${GOOGLE_SIGN_IN}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const REFERRER_POLICY = 'strict-origin-when-cross-origin';

/** Everything else (JSON, the pixel, attachments, a link's page) runs and loads nothing, even opened on its own. */
export const NOTHING_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The headers of an answer to this path. The policy follows the path, not the content type: a page revalidated
 * with a 304 (which has no content type) must keep its policy, since the browser stores the 304's headers.
 */
export function securityHeaders(url: string): Record<string, string> {
  return {
    'content-security-policy': /^\/app(\/|\?|$)/.test(url) ? APP_CSP : NOTHING_CSP,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
  };
}

/**
 * Security headers on every answer a route, the not-found handler or the error handler gives (the answers given
 * before routing, see errors.ts, add them themselves): the web app's policy on its pages and files, one that
 * allows nothing on the rest; no framing; no content sniffing (an attachment is what its type says); and no path
 * of this server in the Referer of a request elsewhere (the origin only, which Google's sign-in checks; a tracked
 * link's redirect sends none).
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.headers(securityHeaders(request.url));
    if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', REFERRER_POLICY);
    return payload;
  });
}
