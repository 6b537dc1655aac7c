import type { FastifyInstance, FastifyRequest } from 'fastify';
import { validationError } from '../core/api-error';
import { MAX_JSON_DEPTH } from './json-depth';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const WHERE = { body: 'request body', query: 'query string', params: 'path' } as const;

/** The first string (or key) in `value` that no database here can store, with where it is. */
function unstorable(value: unknown, path: string, depth = 0): { path: string; what: string } | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { path, what: 'a NUL character (\\u0000)' };
    if (LONE_SURROGATE.test(value))
      return { path, what: 'half of a UTF-16 surrogate pair (a \\ud800–\\udfff escape without its other half)' };
    return null;
  }
  // Bodies deeper than this were refused before parsing; query strings and paths do not nest.
  if (!value || typeof value !== 'object' || depth > MAX_JSON_DEPTH) return null;
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    const inKey = unstorable(key, at, depth + 1);
    if (inKey) return inKey;
    const inItem = unstorable(item, at, depth + 1);
    if (inItem) return inItem;
  }
  return null;
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or unpaired surrogates, and SQLite would store what PostgreSQL
 * refuses: such text is refused wherever a route validates its input, on both databases alike, before the handler.
 * The check is attached only to routes that declare what they read, so the pixel and link routes (any path and
 * query, and they must answer) pay nothing for it.
 */
export function refuseUnstorableText(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    const parts = (['params', 'query', 'body'] as const).filter(
      (part) => schema[part === 'query' ? 'querystring' : part],
    );
    if (!parts.length) return;
    const check = async (request: FastifyRequest) => {
      for (const part of parts) {
        const found = unstorable(request[part], '');
        if (found) {
          const where = found.path ? `${WHERE[part]}: ${found.path}` : WHERE[part];
          throw validationError(
            `Invalid ${where} contains ${found.what}, which cannot be stored. Remove it and send the request again.`,
          );
        }
      }
    };
    const existing = route.preValidation ?? [];
    route.preValidation = [...(Array.isArray(existing) ? existing : [existing]), check];
  });
}
