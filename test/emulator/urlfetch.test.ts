// UrlFetchApp over real HTTP to a server in a child process: synchronous calls, Apps Script's option semantics,
// its error messages, and the record of every round trip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Blob } from '../../src/emulator/blob';
import { hostRealm } from '../../src/emulator/realm';
import { createUrlFetchApp, type FetchRecord } from '../../src/emulator/urlfetch/url-fetch-app';
import { type ChildServer, closedPortUrl, startHttpServer } from './helpers';

let server: ChildServer;
beforeAll(async () => {
  server = await startHttpServer();
});
afterAll(() => server?.stop());

function app(timeLeftMs = 10_000, refuse?: (url: string) => string | undefined) {
  const records: FetchRecord[] = [];
  return {
    U: createUrlFetchApp({ realm: hostRealm, timeLeftMs: () => timeLeftMs, onFetch: (r) => records.push(r), refuse }),
    records,
  };
}

const echo = (text: string) =>
  JSON.parse(text) as {
    method: string;
    path: string;
    headers: Record<string, string>;
    body: string;
    bodyBase64: string;
  };

describe('UrlFetchApp.fetch', () => {
  it('GET by default, synchronously, with status, headers and text; recorded with method, URL, status and time', () => {
    const { U, records } = app();
    const res = U.fetch(`${server.url}/echo?q=1`);
    expect(res.getResponseCode()).toBe(200);
    expect(res.getHeaders()).toMatchObject({ 'Content-Type': 'application/json; charset=utf-8', 'X-Echo': 'yes' });
    const got = echo(res.getContentText());
    expect(got.method).toBe('GET');
    expect(got.path).toBe('/echo?q=1');
    expect(got.headers['user-agent']).toMatch(/Google-Apps-Script/);
    expect(records).toEqual([{ method: 'GET', url: `${server.url}/echo?q=1`, status: 200, ms: expect.any(Number) }]);
  });

  it('a string payload with a content type and headers', () => {
    const { U } = app();
    const res = U.fetch(`${server.url}/echo`, {
      method: 'post',
      contentType: 'application/json',
      payload: JSON.stringify({ hello: 'wörld' }),
      headers: { Authorization: 'Bearer abc', 'X-Request-Id': 'r1' },
    });
    const got = echo(res.getContentText());
    expect(got.method).toBe('POST');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers.authorization).toBe('Bearer abc');
    expect(got.headers['x-request-id']).toBe('r1');
    expect(JSON.parse(got.body)).toEqual({ hello: 'wörld' });
  });

  it('an object payload is sent as a form; with a Blob in it, as multipart', () => {
    const { U } = app();
    const form = echo(
      U.fetch(`${server.url}/echo`, { method: 'post', payload: { name: 'Ada Lovelace', n: 3 } }).getContentText(),
    );
    expect(form.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(form.body).toBe('name=Ada+Lovelace&n=3');
    const file = new Blob(hostRealm, Buffer.from('PDF!'), 'application/pdf', 'q.pdf');
    const multi = echo(
      U.fetch(`${server.url}/echo`, { method: 'post', payload: { note: 'hi', file } }).getContentText(),
    );
    expect(multi.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(multi.body).toContain(
      'Content-Disposition: form-data; name="file"; filename="q.pdf"\r\nContent-Type: application/pdf\r\n\r\nPDF!',
    );
    expect(multi.body).toContain('name="note"\r\n\r\nhi');
  });

  it('a string payload without content type goes as a form, as Apps Script defaults; bytes go as they are', () => {
    const { U } = app();
    expect(
      echo(U.fetch(`${server.url}/echo`, { method: 'put', payload: 'a=1' }).getContentText()).headers['content-type'],
    ).toBe('application/x-www-form-urlencoded');
    const bytes = echo(
      U.fetch(`${server.url}/echo`, {
        method: 'post',
        contentType: 'application/octet-stream',
        payload: [1, -1, 127],
      }).getContentText(),
    );
    expect(Buffer.from(bytes.bodyBase64, 'base64')).toEqual(Buffer.from([1, 255, 127]));
  });

  it("a response of 400 or more throws with Apps Script's message, unless muteHttpExceptions", () => {
    const { U, records } = app();
    expect(() => U.fetch(`${server.url}/status/404`)).toThrow(
      `Request failed for ${server.url} returned code 404. Truncated server response: status 404: ${'x'.repeat(88)}... (use muteHttpExceptions option to examine full response)`,
    );
    const res = U.fetch(`${server.url}/status/503`, { muteHttpExceptions: true });
    expect(res.getResponseCode()).toBe(503);
    expect(res.getContentText()).toBe(`status 503: ${'x'.repeat(150)}`);
    expect(records.map((r) => r.status)).toEqual([404, 503]);
  });

  it('thrown errors are Apps Script exceptions: name "Exception"', () => {
    const { U } = app();
    try {
      U.fetch(`${server.url}/status/500`);
      expect.unreachable();
    } catch (err) {
      expect((err as Error).name).toBe('Exception');
    }
  });

  it('follows redirects, or not with followRedirects: false', () => {
    const { U } = app();
    expect(echo(U.fetch(`${server.url}/redirect`).getContentText()).path).toBe('/echo?from=redirect');
    const see = echo(U.fetch(`${server.url}/see-other`, { method: 'post', payload: 'x=1' }).getContentText());
    expect([see.method, see.body]).toEqual(['GET', '']);
    const res = U.fetch(`${server.url}/redirect`, { followRedirects: false });
    expect(res.getResponseCode()).toBe(302);
    expect(res.getHeaders()).toMatchObject({ Location: '/echo?from=redirect' });
  });

  it('decompresses, decodes the declared charset, keeps repeated headers in getAllHeaders, gives signed bytes and blobs', () => {
    const { U } = app();
    expect(U.fetch(`${server.url}/gzip`).getContentText()).toBe('compressed café');
    expect(U.fetch(`${server.url}/latin1`).getContentText()).toBe('café');
    expect(U.fetch(`${server.url}/latin1`).getContentText('UTF-8')).not.toBe('café');
    const cookies = U.fetch(`${server.url}/cookies`);
    expect(cookies.getAllHeaders()).toMatchObject({ 'Set-Cookie': ['a=1', 'b=2'] });
    expect(cookies.getHeaders()).toMatchObject({ 'Set-Cookie': 'a=1' });
    const gif = U.fetch(`${server.url}/binary`);
    expect(gif.getContent()).toEqual([71, 73, 70, -1, -128]);
    expect(gif.getBlob().getContentType()).toBe('image/gif');
    expect(gif.getBlob().getBytes()).toEqual([71, 73, 70, -1, -128]);
  });

  it('no response: Apps Script\'s "Address unavailable" and "Timeout" errors, recorded with the cause', async () => {
    const closed = await closedPortUrl();
    const { U, records } = app();
    expect(() => U.fetch(`${closed}/x`)).toThrow(`Address unavailable: ${closed}/x`);
    expect(records[0]).toMatchObject({
      method: 'GET',
      url: `${closed}/x`,
      status: null,
      error: expect.stringMatching(/^ECONNREFUSED/),
    });
    const hurried = app(300);
    expect(() => hurried.U.fetch(`${server.url}/hang`)).toThrow(`Timeout: ${server.url}/hang`);
  });

  it('HTTPS: a certificate that does not verify is refused, unless validateHttpsCertificates is false', () => {
    const { U, records } = app();
    expect(() => U.fetch(`${server.httpsUrl}/echo`)).toThrow(`SSL Error ${server.httpsUrl}/echo`);
    expect(records[0].error).toMatch(/SELF_SIGNED|CERT/);
    expect(echo(U.fetch(`${server.httpsUrl}/echo`, { validateHttpsCertificates: false }).getContentText()).method).toBe(
      'GET',
    );
  });

  it('bad arguments are refused before anything is sent', () => {
    const { U, records } = app();
    expect(() => U.fetch('ftp://example.com/')).toThrow('Invalid argument: ftp://example.com/');
    expect(() => U.fetch('not a url')).toThrow('Invalid argument: not a url');
    expect(() => U.fetch(`${server.url}/echo`, { method: 'TRACE' })).toThrow(/Invalid argument: method/);
    expect(records).toEqual([]);
  });

  it('a URL the manifest does not whitelist is refused', () => {
    const { U, records } = app(10_000, (url) =>
      url.startsWith('https://allowed.test/') ? undefined : `not allowed: ${url}`,
    );
    expect(() => U.fetch(`${server.url}/echo`)).toThrow(`not allowed: ${server.url}/echo`);
    expect(records).toEqual([]);
  });

  it('nothing is sent once the execution has no time left', () => {
    const { U, records } = app(0);
    expect(() => U.fetch(`${server.url}/echo`)).toThrow('Exceeded maximum execution time');
    expect(records).toEqual([]);
  });
});

describe('UrlFetchApp.fetchAll', () => {
  it('sends every request (URLs or request objects) and returns the responses in order', () => {
    const { U, records } = app();
    const [a, b, c] = U.fetchAll([
      `${server.url}/echo?n=1`,
      { url: `${server.url}/echo?n=2`, method: 'post', payload: 'x=2' },
      { url: `${server.url}/status/418`, muteHttpExceptions: true },
    ]);
    expect(echo(a.getContentText()).path).toBe('/echo?n=1');
    expect(echo(b.getContentText())).toMatchObject({ method: 'POST', body: 'x=2' });
    expect(c.getResponseCode()).toBe(418);
    expect(records.map((r) => [r.method, r.status])).toEqual([
      ['GET', 200],
      ['POST', 200],
      ['GET', 418],
    ]);
  });

  it('throws for the first failure not muted, after every request went out', () => {
    const { U, records } = app();
    expect(() => U.fetchAll([`${server.url}/status/500`, `${server.url}/echo`])).toThrow(/returned code 500/);
    expect(records.map((r) => r.status)).toEqual([500, 200]);
  });
});

describe('UrlFetchApp.getRequest', () => {
  it('shows what would be sent, without sending it', () => {
    const { U, records } = app();
    const req = U.getRequest(`${server.url}/echo`, { method: 'post', payload: { a: 'b c' } }) as Record<
      string,
      unknown
    >;
    expect(req).toMatchObject({
      url: `${server.url}/echo`,
      method: 'post',
      contentType: 'application/x-www-form-urlencoded',
      payload: 'a=b+c',
    });
    expect(records).toEqual([]);
  });
});
