// A GET of a pixel or link URL as mailtrail mints it is answered before Fastify routes it (http/tracking/fast-path.ts);
// HEAD, and URLs of any other shape, go through the Fastify routes. Both must give the same answers: these tests
// hold each fast answer beside Fastify's answer to the same request made with HEAD, or to a URL the fast path
// leaves alone, and check that what the fast path records is what the routes record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/server/store';
import { PIXEL_GIF } from '../../src/server/http/tracking/pixel';
import { newToken } from '../../src/server/core/tokens';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';
import { UA, trackedEmail } from './fixtures';

// What differs from one answer to the next, and the connection's own headers (node closes after a HEAD whose
// handler wrote a body).
const PER_ANSWER = ['date', 'x-hubspot-correlation-id', 'connection', 'keep-alive'];

/** The headers of an answer, without those that differ from one answer to the next. */
function headersOf(res: Response): [string, string][] {
  return [...res.headers.entries()].filter(([name]) => !PER_ANSWER.includes(name));
}

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('the pixel and link fast path', db), () => {
    let server: InProcessServer;
    let store: Store;
    let acme: TestAccount;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const created = await db.create();
      drop = created.drop;
      // Behind a load balancer on loopback, so that the reader's address comes from X-Forwarded-For.
      server = await startServer({
        db: created.target,
        dataDir: created.dataDir,
        config: { trustProxy: ['loopback'] },
      });
      store = server.store;
      acme = await createTestAccount(store);
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    const request = (path: string, method = 'GET', forwardedFor = '203.0.113.9') =>
      fetch(`${server.url}${path}`, {
        method,
        redirect: 'manual',
        headers: { 'user-agent': UA.chrome, 'x-forwarded-for': forwardedFor },
      });
    const events = (intentId: number) => store.forAccount(acme.accountId).tracking.eventsOf(intentId, 100);

    it("answers a pixel with Fastify's headers, a fresh correlation id, and records the reader's address", async () => {
      const { intent } = await trackedEmail(store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['grace@client.test'],
      });
      const fast = await request(`/t/o/${intent.token}.gif?utm=1`);
      const routed = await request(`/t/o/${intent.token}.gif`, 'HEAD');
      expect(fast.status).toBe(200);
      expect(Buffer.from(await fast.arrayBuffer()).equals(PIXEL_GIF)).toBe(true);
      expect(headersOf(fast)).toEqual(headersOf(routed));
      expect(fast.headers.get('x-hubspot-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(fast.headers.get('x-hubspot-correlation-id')).not.toBe(routed.headers.get('x-hubspot-correlation-id'));
      const recorded = await events(intent.id);
      expect(recorded.map((e) => [e.method, e.label, e.ip])).toEqual([
        ['HEAD', 'prefetch', '203.0.113.0'],
        ['GET', 'human', '203.0.113.0'],
      ]);
    });

    it("answers a pixel of an unknown token with the image and the routes' headers, recording nothing", async () => {
      const fast = await request(`/t/o/${newToken()}.gif`);
      // The bare prefix is answered by the routes, with the same image.
      const routed = await request('/t/o/');
      expect(fast.status).toBe(200);
      expect(Buffer.from(await fast.arrayBuffer()).equals(PIXEL_GIF)).toBe(true);
      expect(headersOf(fast)).toEqual(headersOf(routed));
    });

    it("redirects a tracked link with Fastify's headers, and records the click", async () => {
      const { intent, links } = await trackedEmail(store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['heddy@client.test'],
        links: ['https://example.com/café?q=1'],
      });
      const fast = await request(`/t/c/${links[0].token}`);
      const routed = await request(`/t/c/${links[0].token}`, 'HEAD', '198.51.100.7');
      expect(fast.status).toBe(302);
      expect(fast.headers.get('location')).toBe('https://example.com/caf%C3%A9?q=1');
      expect(await fast.text()).toBe('');
      expect(headersOf(fast)).toEqual(headersOf(routed));
      const recorded = await events(intent.id);
      expect(recorded.map((e) => [e.kind, e.method, e.ip])).toEqual([
        ['click', 'HEAD', '198.51.100.0'],
        ['click', 'GET', '203.0.113.0'],
      ]);
    });

    it("answers an unknown link with the routes' page and headers", async () => {
      const token = newToken();
      const fast = await request(`/t/c/${token}`);
      const routed = await request(`/t/c/${token}/`);
      expect(fast.status).toBe(404);
      expect(routed.status).toBe(404);
      expect(await fast.text()).toBe(await routed.text());
      expect(headersOf(fast)).toEqual(headersOf(routed));
    });
  });
}
