// Finding 10 of the hardening issue: no Content-Security-Policy, X-Frame-Options, X-Content-Type-Options or
// Referrer-Policy on /app, /web/v1, /crm. Every answer carries them, whoever answers (a route, the not-found handler,
// an error, the static files, the pixel); pages and scripts get the app's policy, everything else one that allows
// nothing. That the web app runs under its policy in Chromium is web-csp.test.ts.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../src/emulator';
import { APP_CSP, NOTHING_CSP } from '../../src/server/http/security-headers';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { startServer, type InProcessServer } from '../helpers/server';
import { trackedEmail } from '../tracking/fixtures';
import { webSession } from '../helpers/web-session';

describe('security headers on every answer', () => {
  let server: InProcessServer;
  let account: TestAccount;
  let cookie: string;
  let script: string;

  beforeAll(async () => {
    server = await startServer();
    account = await createTestAccount(server.store, { users: [{ email: 'sam@acme.test', name: 'Sam' }] });
    cookie = await webSession(server.url, account.admin.id);
    const index = readFileSync(join(import.meta.dirname, '../../dist/web/index.html'), 'utf8');
    script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(index)![1];
  });
  afterAll(() => server?.close());

  const addonToken = () => signIdentityToken({ email: 'sam@acme.test', now: Date.now(), withEmail: true });
  const answers: [string, () => [string, RequestInit?], number, 'app' | 'nothing'][] = [
    ['the web app', () => ['/app/'], 200, 'app'],
    ['a page of the web app', () => ['/app/contacts/1'], 200, 'app'],
    ["the web app's script", () => [script], 200, 'app'],
    ['the service worker', () => ['/app/sw.js'], 200, 'app'],
    ['the web API', () => ['/web/v1/admin/apikeys', { headers: { cookie } }], 200, 'nothing'],
    ['the web API signed out', () => ['/web/v1/admin/apikeys'], 401, 'nothing'],
    [
      'the CRM API',
      () => ['/crm/v3/objects/contacts', { headers: { authorization: `Bearer ${account.apiKey}` } }],
      200,
      'nothing',
    ],
    [
      'the add-on API',
      () => ['/addon/v1/me', { headers: { authorization: `Bearer ${addonToken()}` } }],
      200,
      'nothing',
    ],
    ['the pixel', () => ['/t/o/no-such-token.gif'], 200, 'nothing'],
    ["an unknown link's page", () => ['/t/c/no-such-token'], 404, 'nothing'],
    ['the health check', () => ['/healthz'], 200, 'nothing'],
    ['the API description', () => ['/openapi.json'], 200, 'nothing'],
    ['an unknown path', () => ['/no/such/endpoint'], 404, 'nothing'],
    [
      'a body that is not JSON',
      () => [
        '/crm/v3/objects/contacts',
        {
          method: 'POST',
          headers: { authorization: `Bearer ${account.apiKey}`, 'content-type': 'application/json' },
          body: '{',
        },
      ],
      400,
      'nothing',
    ],
    ['a broken %-escape in the path', () => ['/crm/v3/objects/contacts/%E0%A4%A'], 400, 'nothing'],
  ];

  for (const [what, request, status, policy] of answers) {
    it(`sets them on ${what}`, async () => {
      const [path, init] = request();
      const res = await fetch(`${server.url}${path}`, { redirect: 'manual', ...init });
      expect(res.status).toBe(status);
      expect(res.headers.get('content-security-policy')).toBe(policy === 'app' ? APP_CSP : NOTHING_CSP);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    });
  }

  it("sends no Referer from a tracked link's redirect, and refuses inline scripts and framing in the app's policy", async () => {
    const { links } = await trackedEmail(server.store, account.accountId, {
      userId: account.admin.id,
      mode: 'identified',
      to: ['grace@client.test'],
      links: ['https://seller.test/pricing'],
    });
    const res = await fetch(`${server.url}/t/c/${links[0].token}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const directives = APP_CSP.split('; ');
    expect(directives).toContain("frame-ancestors 'none'");
    expect(directives.find((d) => d.startsWith('script-src'))).not.toMatch(/unsafe|data:|\*/);
  });

  it('sets them on the live feed stream, which answers outside the hooks', async () => {
    const stream = new AbortController();
    const res = await fetch(`${server.url}/web/v1/feed/stream`, { headers: { cookie }, signal: stream.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('content-security-policy')).toBe(NOTHING_CSP);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    stream.abort();
  });

  it("keeps the app's policy on a page the browser revalidates (a 304 has no content type)", async () => {
    const first = await fetch(`${server.url}/app/contacts/1`);
    const etag = first.headers.get('etag')!;
    await first.arrayBuffer();
    const again = await fetch(`${server.url}/app/contacts/1`, {
      // fetch would add `cache-control: no-cache` to a conditional request, which a server must answer in full.
      headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('content-security-policy')).toBe(APP_CSP);
  });

  it('sets them on what the HTTP parser refuses before any route', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const url = new URL(server.url);
      const socket = connect(Number(url.port), url.hostname, () =>
        socket.end('GET /healthz HTTP/1.1\r\nBad Header\r\n\r\n'),
      );
      let text = '';
      socket.setEncoding('utf8').on('data', (d: string) => (text += d));
      socket.on('end', () => resolve(text)).on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw.toLowerCase()).toContain(`content-security-policy: ${NOTHING_CSP}`.toLowerCase());
    expect(raw.toLowerCase()).toContain('x-content-type-options: nosniff');
  });
});
