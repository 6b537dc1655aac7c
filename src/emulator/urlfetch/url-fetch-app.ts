// UrlFetchApp: fetch and fetchAll over real HTTP, synchronous like Apps Script's, with its option semantics and
// its error messages. Every call is reported (method, URL, status, time) so tests can count round trips.
import { Blob } from '../blob';
import { fromByteArray, isByteArray } from '../bytes';
import { Check, describe } from '../check';
import { charsetOf, encodeText } from '../charset';
import type { Realm } from '../realm';
import { Grants, SCOPE } from '../scopes';
import { fetchSync } from './client';
import { HTTPResponse } from './http-response';
import type { WireRequest, WireResult } from './protocol';

export interface FetchRecord {
  method: string;
  url: string;
  /** null when no response came back (refused, DNS, timeout); then `error` says why. */
  status: number | null;
  ms: number;
  error?: string;
}

export interface UrlFetchDeps {
  realm: Realm;
  /** Milliseconds left for this execution; each request's timeout is what remains (Gmail stops an add-on at 30 s). */
  timeLeftMs: () => number;
  /**
   * Added to each request's timeout. Inside a callback the driver's deadline ends the execution itself, in the middle
   * of the wait: the request must not time out first and hand the add-on an error it could still act on.
   */
  timeoutGraceMs?: number;
  onFetch: (record: FetchRecord) => void;
  /** Returns why a URL may not be fetched (Apps Script's urlFetchWhitelist), or undefined when it may. */
  refuse?: (url: string) => string | undefined;
  /** The manifest's scopes: UrlFetchApp needs script.external_request. */
  grants?: Grants;
  quota?: UrlFetchQuota;
}

/**
 * Apps Script's limits per call (https://developers.google.com/apps-script/guides/services/quotas#current_limitations):
 * URL length 2 KB, 100 headers, 8 KB of headers, 50 MB of payload, 50 MB of response.
 */
export const URLFETCH_LIMITS = {
  urlLength: 2 * 1024,
  headers: 100,
  headerBytes: 8 * 1024,
  payloadBytes: 50 * 1024 * 1024,
  responseBytes: 50 * 1024 * 1024,
} as const;

/**
 * "URL Fetch calls" per user and day: 20,000 for consumer accounts, 100,000 for Google Workspace; the count restarts
 * 24 hours after the first call (https://developers.google.com/apps-script/guides/services/quotas#current_quotas).
 */
export class UrlFetchQuota {
  readonly limit: number;
  private windowStart: number | undefined;
  constructor(
    user: string,
    private readonly clock: () => number,
    private used = 0,
  ) {
    this.limit = /@(gmail|googlemail)\.com$/i.test(user) ? 20_000 : 100_000;
    if (used) this.windowStart = clock();
  }

  /** Counts `calls` more, or throws Apps Script's quota error and counts nothing. */
  take(realm: Realm, calls: number): void {
    const now = this.clock();
    if (this.windowStart === undefined || now - this.windowStart >= 86_400_000) {
      this.windowStart = now;
      this.used = 0;
    }
    if (this.used + calls > this.limit) throw realm.error('Service invoked too many times for one day: urlfetch.');
    this.used += calls;
  }
}

/** UrlFetchApp's params (URLFetchRequestOptions). */
export type FetchOptions = {
  method?: string;
  payload?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  muteHttpExceptions?: boolean;
  followRedirects?: boolean;
  validateHttpsCertificates?: boolean;
  escaping?: boolean;
  useIntranet?: boolean;
};

const METHODS = ['get', 'delete', 'patch', 'post', 'put'];
const USER_AGENT =
  'Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: mailtrail-emulator)';
const FORM = 'application/x-www-form-urlencoded';
const TRUNCATE_AT = 100;

function networkMessage(code: string, url: string): string {
  // Apps Script's wording for requests that got no response.
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL')
    return `Address unavailable: ${url}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `DNS error: ${url}`;
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return `Timeout: ${url}`;
  if (/CERT|SSL|TLS/.test(code)) return `SSL Error ${url}`;
  if (code === 'ERESPONSETOOLARGE') return 'Limit Exceeded: URLFetch response size.';
  return `Unexpected error: ${url}`;
}

export function createUrlFetchApp(deps: UrlFetchDeps) {
  const c: Check = new Check(deps.realm);

  function multipart(fields: [string, unknown][]): { body: Buffer; contentType: string } {
    const boundary = `----mailtrail${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    for (const [name, value] of fields) {
      if (value instanceof Blob) {
        const filename = value.getName() ?? name;
        parts.push(
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${value.getContentType() ?? 'application/octet-stream'}\r\n\r\n`,
          ),
        );
        parts.push(value.buffer(), Buffer.from('\r\n'));
      } else {
        parts.push(
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${String(value)}\r\n`),
        );
      }
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
  }

  /** Apps Script's payload rules: a string or bytes go as they are; an object is a form (multipart if it holds a Blob). */
  function encodePayload(payload: unknown, contentType: string | undefined): { body: Buffer; contentType: string } {
    if (typeof payload === 'string') {
      const type = contentType ?? FORM;
      const body = encodeText(payload, charsetOf(type));
      if (!body) c.fail(`Invalid argument: contentType (charset ${charsetOf(type)} is not emulated)`);
      return { body, contentType: type };
    }
    if (payload instanceof Blob)
      return { body: payload.buffer(), contentType: contentType ?? payload.getContentType() ?? FORM };
    if (isByteArray(payload)) return { body: fromByteArray(payload)!, contentType: contentType ?? FORM };
    if (payload !== null && typeof payload === 'object' && !Array.isArray(payload)) {
      const fields = Object.entries(payload);
      if (fields.some(([, v]) => v instanceof Blob)) return multipart(fields);
      return {
        body: Buffer.from(new URLSearchParams(fields.map(([k, v]) => [k, String(v)])).toString()),
        contentType: FORM,
      };
    }
    return c.fail(
      `Invalid argument: payload (expected a string, a byte array, a Blob or an object, got ${describe(payload)})`,
    );
  }

  function toWire(url: unknown, params: unknown): { request: WireRequest; mute: boolean } {
    deps.grants?.require(c.realm, 'UrlFetchApp.fetch', SCOPE.externalRequest);
    const target = c.text('url', url);
    if (Buffer.byteLength(target) > URLFETCH_LIMITS.urlLength) c.fail('Limit Exceeded: URLFetch URL Length.');
    let parsed: URL;
    try {
      parsed = new URL(target);
    } catch {
      return c.fail(`Invalid argument: ${target}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') c.fail(`Invalid argument: ${target}`);
    const refusal = deps.refuse?.(target);
    if (refusal) c.fail(refusal);
    if (params !== undefined && (params === null || typeof params !== 'object'))
      c.fail(`Invalid argument: params (expected an object, got ${describe(params)})`);
    const o = (params ?? {}) as FetchOptions;
    const method = (o.method === undefined ? 'get' : c.text('method', o.method)).toLowerCase();
    if (!METHODS.includes(method))
      c.fail(`Invalid argument: method (${o.method}; UrlFetchApp takes get, delete, patch, post or put)`);

    const headers: [string, string][] = [];
    let contentType = o.contentType === undefined ? undefined : c.text('contentType', o.contentType);
    if (o.headers !== undefined) {
      if (o.headers === null || typeof o.headers !== 'object') c.fail('Invalid argument: headers');
      for (const [name, value] of Object.entries(o.headers)) {
        if (name.toLowerCase() === 'content-type') contentType ??= c.text(`headers.${name}`, value);
        else headers.push([name, c.text(`headers.${name}`, value)]);
      }
    }
    let body: Buffer | undefined;
    if (o.payload !== undefined && method !== 'get') {
      const encoded = encodePayload(o.payload, contentType);
      body = encoded.body;
      contentType = encoded.contentType;
    }
    if (contentType !== undefined) headers.push(['Content-Type', contentType]);
    if (headers.length > URLFETCH_LIMITS.headers) c.fail('Limit Exceeded: URLFetch headers.');
    if (headers.reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0) > URLFETCH_LIMITS.headerBytes)
      c.fail('Limit Exceeded: URLFetch header size.');
    if (body && body.length > URLFETCH_LIMITS.payloadBytes) c.fail('Limit Exceeded: URLFetch POST Size.');
    if (!headers.some(([n]) => n.toLowerCase() === 'user-agent')) headers.push(['User-Agent', USER_AGENT]);
    headers.push(['Accept-Encoding', 'gzip, deflate, br']);

    const timeoutMs = Math.max(1, Math.floor(deps.timeLeftMs())) + (deps.timeoutGraceMs ?? 0);
    return {
      request: {
        url: target,
        method: method.toUpperCase(),
        headers,
        body,
        followRedirects: o.followRedirects !== false,
        validateHttpsCertificates: o.validateHttpsCertificates !== false,
        timeoutMs,
        maxResponseBytes: URLFETCH_LIMITS.responseBytes,
      },
      mute: o.muteHttpExceptions === true,
    };
  }

  function toResponse(request: WireRequest, result: WireResult, mute: boolean): HTTPResponse {
    deps.onFetch({
      method: request.method,
      url: request.url,
      status: result.ok ? result.status : null,
      ms: result.ms,
      ...(result.ok ? {} : { error: `${result.code}: ${result.message}` }),
    });
    if (!result.ok) throw c.realm.error(networkMessage(result.code, request.url));
    const response = new HTTPResponse(deps.realm, result.status, result.headers, result.body);
    if (result.status >= 400 && !mute) {
      const origin = new URL(request.url).origin;
      const text = response.getContentText();
      const shown = text.length > TRUNCATE_AT ? `${text.slice(0, TRUNCATE_AT)}...` : text;
      throw c.realm.error(
        `Request failed for ${origin} returned code ${result.status}. Truncated server response: ${shown} (use muteHttpExceptions option to examine full response)`,
      );
    }
    return response;
  }

  function run(calls: { request: WireRequest; mute: boolean }[]): HTTPResponse[] {
    if (deps.timeLeftMs() <= 0) c.fail('Exceeded maximum execution time');
    deps.quota?.take(c.realm, calls.length);
    const results = fetchSync(calls.map((x) => x.request));
    // Every request is recorded before the first failure is thrown: fetchAll sends them all at once.
    const responses: (HTTPResponse | Error)[] = calls.map((x, i) => {
      try {
        return toResponse(x.request, results[i], x.mute);
      } catch (err) {
        return err as Error;
      }
    });
    const failure = responses.find((r): r is Error => !(r instanceof HTTPResponse));
    if (failure) throw failure;
    return responses as HTTPResponse[];
  }

  return {
    fetch(url: string, params?: FetchOptions): HTTPResponse {
      return run([toWire(url, params)])[0];
    },
    fetchAll(requests: (string | ({ url: string } & FetchOptions))[]): HTTPResponse[] {
      if (!Array.isArray(requests)) c.fail(`Invalid argument: requests (expected an array, got ${describe(requests)})`);
      return run(
        requests.map((r) => (typeof r === 'string' ? toWire(r, undefined) : toWire((r as { url?: unknown })?.url, r))),
      );
    },
    getRequest(url: string, params?: FetchOptions): object {
      const { request } = toWire(url, params);
      const headers = Object.fromEntries(request.headers);
      return {
        url: request.url,
        method: request.method.toLowerCase(),
        headers,
        contentType: headers['Content-Type'],
        payload: request.body ? Buffer.from(request.body).toString('utf8') : '',
        followRedirects: request.followRedirects,
        validateHttpsCertificates: request.validateHttpsCertificates,
        muteHttpExceptions: (params as FetchOptions | undefined)?.muteHttpExceptions === true,
        useIntranet: false,
      };
    },
  };
}
