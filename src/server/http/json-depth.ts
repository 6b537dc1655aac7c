import type { FastifyInstance } from 'fastify';
import { validationError } from '../core/api-error';

/**
 * How deep a JSON body may nest arrays and objects. The deepest body a client of mailtrail sends (a CRM batch with
 * associations, a search's filter groups) nests under ten levels; JSON.parse of megabytes of `[[[[…` holds the
 * event loop for seconds, so a body deeper than this is refused before it is parsed.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text nests deeper than `max`. Strings are jumped over quote to quote (a bracket inside one does not
 * count, and a long base64 attachment costs a few indexOf calls); linear in the text, and it stops at the first
 * level too deep. Malformed text is left to JSON.parse to refuse.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // An escaped quote has an odd number of backslashes before it.
      for (;;) {
        const end = text.indexOf('"', i + 1);
        if (end === -1) return false;
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
        i = end;
        if (slashes % 2 === 0) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/**
 * Replaces Fastify's JSON parser with one that checks the depth first, then parses as Fastify does (the route's
 * body limit, the refusal of `__proto__` and `constructor` keys). Call on the root instance before the route groups.
 */
export function refuseDeepJson(app: FastifyInstance, max = MAX_JSON_DEPTH): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (nestsDeeperThan(body as string, max)) {
      done(
        validationError(
          `Invalid input JSON: it nests arrays and objects deeper than ${max} levels, more than any request to mailtrail needs`,
        ),
        undefined,
      );
      return;
    }
    parse(request, body as string, done);
  });
}
