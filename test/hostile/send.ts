// Sends a table request over real HTTP with the credentials of its surface, and reads the answer whole (or only the
// head of an event stream).
import { request } from 'node:http';
import type { Answer } from '../helpers/http';
import type { Req, Surface } from './routes';
import type { Side } from './world';

export type Sent = Answer & { url: string; method: string; requestText: string };

/** Headers that authenticate `side` on `surface`; web writes also carry the server's own Origin (CSRF check). */
export function credentials(surface: Surface, side: Side, baseUrl: string): Record<string, string> {
  switch (surface) {
    case 'crm':
      return { authorization: `Bearer ${side.account.apiKey}` };
    case 'addon':
      return { authorization: `Bearer ${side.idToken}` };
    case 'web':
    case 'admin':
      return { cookie: side.session, origin: baseUrl };
    case 'public':
    case 'gmail':
      return { origin: baseUrl };
    case 'static':
    case 'tracking':
      return {};
  }
}

export function urlOf(baseUrl: string, req: Pick<Req, 'path' | 'query'>): string {
  const query = req.query && Object.keys(req.query).length ? `?${new URLSearchParams(req.query)}` : '';
  return `${baseUrl}${req.path}${query}`;
}

/** A request whose path goes out byte for byte (fetch would resolve `..` and `%2e%2e` itself). */
export async function sendRaw(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<Sent> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON: keep the text.
        }
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolve({
          status: res.statusCode ?? 0,
          headers: h,
          text,
          body,
          url: `${baseUrl}${path}`,
          method,
          requestText: `${method} ${path}`,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * `body` is sent as JSON unless it is a string (sent as it is, for malformed JSON). `rawQuery` replaces the query
 * string with exactly what is given.
 */
export async function send(
  baseUrl: string,
  req: Req & { rawQuery?: string; headers?: Record<string, string> },
  headers: Record<string, string>,
  opts: { stream?: boolean } = {},
): Promise<Sent> {
  const url = req.rawQuery === undefined ? urlOf(baseUrl, req) : `${baseUrl}${req.path}?${req.rawQuery}`;
  const bodyText =
    req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
  const abort = new AbortController();
  const response = await fetch(url, {
    method: req.method,
    redirect: 'manual',
    signal: abort.signal,
    headers: { ...(bodyText !== undefined && { 'content-type': 'application/json' }), ...headers, ...req.headers },
    body: bodyText,
  });
  let text: string;
  if (opts.stream && response.status === 200 && response.headers.get('content-type')?.startsWith('text/event-stream')) {
    // The stream stays open for as long as the client listens: hang up once its head has come.
    abort.abort();
    text = '';
  } else {
    text = await response.text();
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return {
    status: response.status,
    headers: response.headers,
    text,
    body,
    url,
    method: req.method,
    requestText: `${req.method} ${safeDecode(url)} ${bodyText ?? ''}`,
  };
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/** HubSpot's error shape, which every JSON route answers a 4xx with. */
export function isErrorBody(body: unknown): boolean {
  const b = body as Record<string, unknown> | undefined;
  return (
    !!b &&
    b.status === 'error' &&
    typeof b.message === 'string' &&
    b.message.length > 0 &&
    typeof b.correlationId === 'string' &&
    typeof b.category === 'string'
  );
}
