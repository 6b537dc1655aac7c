// Size caps (R1): header blocks past node's 16 KiB are refused with a 431 in HubSpot's shape and the server
// carries on; a huge user agent on the pixel gets that same clean 431, a large one under the cap gets the GIF and is
// stored cut to MAX_USER_AGENT; request bodies over each route group's limit get a 413 in HubSpot's shape and write
// nothing, whether they say their length or stream it chunked.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../src/emulator';
import { MAX_USER_AGENT } from '../../src/server/tracking/facts';
import { PIXEL_GIF } from '../../src/server/http/tracking/pixel';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { startServer, type InProcessServer } from '../helpers/server';
import { trackedEmail } from '../tracking/fixtures';
import { wholeState } from './db-state';
import { isErrorBody } from './send';
import { webSession } from '../helpers/web-session';

/** Node's default `--max-http-header-size`: the whole header block, request line included. */
const NODE_HEADER_LIMIT = 16 * 1024;

describe('size caps', () => {
  let server: InProcessServer;
  let account: TestAccount;
  let cookie: string;

  beforeAll(async () => {
    server = await startServer();
    account = await createTestAccount(server.store, { users: [{ email: 'sam@acme.test', name: 'Sam' }] });
    cookie = await webSession(server.url, account.admin.id);
  });
  afterAll(() => server?.close());

  const state = () => wholeState(server.store, server.config.dataDir);

  it("refuses a 100 KB header with a 431 in HubSpot's shape, and keeps serving", async () => {
    const res = await fetch(`${server.url}/crm/v3/objects/contacts`, {
      headers: { authorization: `Bearer ${account.apiKey}`, 'x-padding': 'a'.repeat(100_000) },
    });
    expect(res.status).toBe(431);
    const body = await res.json();
    expect(isErrorBody(body)).toBe(true);
    expect(body.message).toMatch(/16 KiB/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('answers a pixel with a 100 KB user agent with that clean 431, and one under the cap with the GIF, storing at most MAX_USER_AGENT characters', async () => {
    const { intent } = await trackedEmail(server.store, account.accountId, {
      userId: account.admin.id,
      mode: 'identified',
      to: ['grace@client.test'],
    });
    const huge = await fetch(`${server.url}/t/o/${intent.token}.gif`, {
      headers: { 'user-agent': `Mozilla/5.0 ${'x'.repeat(100_000)}` },
    });
    expect(huge.status).toBe(431);
    expect(isErrorBody(await huge.json())).toBe(true);

    const large = `Mozilla/5.0 (X11; Linux x86_64) ${'y'.repeat(NODE_HEADER_LIMIT - 1024)}`;
    const res = await fetch(`${server.url}/t/o/${intent.token}.gif`, { headers: { 'user-agent': large } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PIXEL_GIF)).toBe(true);
    const [event] = await server.store.forAccount(account.accountId).tracking.eventsOf(intent.id, 10);
    expect(event.userAgent).toBe(large.slice(0, MAX_USER_AGENT));
  });

  it("answers a request line or header block that is not HTTP with a 400 in HubSpot's shape", async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const url = new URL(server.url);
      const socket = connect(Number(url.port), url.hostname, () =>
        socket.end('GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n'),
      );
      let text = '';
      socket.setEncoding('utf8').on('data', (d: string) => (text += d));
      socket.on('end', () => resolve(text)).on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(isErrorBody(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)))).toBe(true);
  });

  // Each group's limit, and a request in it that would write if it were accepted.
  const groups = [
    {
      group: 'CRM API',
      limit: () => server.config.bodyLimit.crm,
      path: '/crm/v3/objects/contacts',
      headers: () => ({ authorization: `Bearer ${account.apiKey}` }),
      body: (pad: string) => ({ properties: { email: 'big@client.test', firstname: pad } }),
    },
    {
      group: 'add-on API',
      limit: () => server.config.bodyLimit.addon,
      path: '/addon/v1/viewing',
      headers: () => ({
        authorization: `Bearer ${signIdentityToken({ email: 'sam@acme.test', now: Date.now(), withEmail: true })}`,
      }),
      body: (pad: string) => ({ threadId: 'thread-big', messageIds: ['<big@client.test>', pad] }),
    },
    {
      group: 'web API',
      limit: () => server.config.bodyLimit.web,
      path: '/web/v1/admin/apikeys',
      headers: () => ({ cookie, origin: server.url }),
      body: (pad: string) => ({ name: 'Big', pad }),
    },
  ];

  for (const g of groups) {
    it(`refuses a ${g.group} body over its limit with a 413 in HubSpot's shape and writes nothing, sized or chunked`, async () => {
      const limit = g.limit();
      const text = JSON.stringify(g.body('z'.repeat(limit)));
      const before = await state();
      const sized = await fetch(`${server.url}${g.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...g.headers() },
        body: text,
      });
      expect(sized.status).toBe(413);
      const body = await sized.json();
      expect(body).toMatchObject({ status: 'error', category: 'PAYLOAD_TOO_LARGE' });
      expect(body.message).toContain(String(limit));

      const bytes = new TextEncoder().encode(text);
      const chunked = await fetch(`${server.url}${g.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...g.headers() },
        body: new ReadableStream({
          start(controller) {
            for (let i = 0; i < bytes.length; i += 1 << 20) controller.enqueue(bytes.subarray(i, i + (1 << 20)));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(isErrorBody(await chunked.json())).toBe(true);
      expect(await state()).toBe(before);
    });
  }

  // Found by an outsider: any unknown path (or a route that takes no body) parsed up to 64 MiB of JSON before its
  // 404, freezing the event loop. Each request below announces 60 MB and sends none of it: only an answer decided
  // from the Content-Length, before any byte of the body is read, can arrive.
  for (const [method, path] of [
    ['POST', '/no/such/endpoint'],
    ['POST', '/healthz'],
    ['POST', '/t/o/x.gif'],
    ['PUT', '/openapi.json'],
  ] as const) {
    it(`answers ${method} ${path} with a 60 MB body from its length alone, before reading it`, async () => {
      const url = new URL(server.url);
      const head = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname, () =>
          socket.write(
            `${method} ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60000000\r\n\r\n[[[[`,
          ),
        );
        let text = '';
        socket.setEncoding('utf8').on('data', (d: string) => {
          text += d;
          if (text.includes('\r\n\r\n')) {
            socket.destroy();
            resolve(text);
          }
        });
        // A server that waits for the body never answers: give up after a while and let the assertion say so.
        socket.setTimeout(10_000, () => socket.destroy());
        socket.on('error', reject).on('close', () => resolve(text));
      });
      expect(head).toMatch(/^HTTP\/1\.1 413 /);
      // The server carries on.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    });
  }
});
