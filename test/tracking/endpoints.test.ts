import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/server/store';
import { PIXEL_GIF } from '../../src/server/http/tracking/pixel';
import { newToken } from '../../src/server/core/tokens';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';
import { UA, trackedEmail } from './fixtures';

const NO_CACHE = 'no-cache, no-store, must-revalidate, private, max-age=0';

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('pixel and link endpoints over HTTP', db), () => {
    let server: InProcessServer;
    let store: Store;
    let acme: TestAccount;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const created = await db.create();
      drop = created.drop;
      server = await startServer({ db: created.target, dataDir: created.dataDir });
      store = server.store;
      acme = await createTestAccount(store);
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    const get = (path: string, init: RequestInit & { ua?: string } = {}) =>
      fetch(`${server.url}${path}`, {
        redirect: 'manual',
        ...init,
        headers: { 'user-agent': init.ua ?? UA.chrome, ...(init.headers as Record<string, string>) },
      });

    async function expectPixel(res: Response, method = 'GET') {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/gif');
      expect(res.headers.get('content-length')).toBe('43');
      expect(res.headers.get('cache-control')).toBe(NO_CACHE);
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.equals(method === 'HEAD' ? Buffer.alloc(0) : PIXEL_GIF)).toBe(true);
    }

    const events = (intentId: number) => store.forAccount(acme.accountId).tracking.eventsOf(intentId, 100);
    const counters = (intentId: number) => store.forAccount(acme.accountId).tracking.counters(intentId);

    it('records an open of a tracked email, labelled, and keeps the counters current', async () => {
      const { intent } = await trackedEmail(store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['grace@client.test'],
      });
      await expectPixel(await get(`/t/o/${intent.token}.gif`));
      await expectPixel(await get(`/t/o/${intent.token}.gif`, { ua: UA.gmailProxy }));
      await expectPixel(await get(`/t/o/${intent.token}.gif`, { ua: UA.appleMpp }));
      const recorded = await events(intent.id);
      expect(recorded.map((e) => [e.kind, e.label, e.reasons])).toEqual([
        ['open', 'apple_mpp', ['apple-mpp-ua']],
        ['open', 'proxy', ['mail-proxy:google']],
        ['open', 'human', []],
      ]);
      expect(recorded[2]).toMatchObject({ anonymous: false, method: 'GET', ip: '127.0.0.0', userAgent: UA.chrome });
      expect(await counters(intent.id)).toMatchObject({ opens: 3, person_opens: 2, clicks: 0, person_clicks: 0 });
      const c = (await counters(intent.id))!;
      expect(c.first_open_at).toBe(recorded[2].occurredAt);
      expect(c.last_open_at).toBe(recorded[1].occurredAt);
    });

    it('answers HEAD the same, and counts it as a prefetch', async () => {
      const { intent } = await trackedEmail(store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['heddy@client.test'],
      });
      await expectPixel(await get(`/t/o/${intent.token}.gif`, { method: 'HEAD' }), 'HEAD');
      expect((await events(intent.id)).map((e) => [e.method, e.label])).toEqual([['HEAD', 'prefetch']]);
      expect(await counters(intent.id)).toMatchObject({ opens: 1, person_opens: 0 });
    });

    it.each([
      ['an unknown token', () => `/t/o/${newToken()}.gif`],
      ['a malformed token', () => "/t/o/abc'%3B%20DROP%20TABLE%20intents.gif"],
      ['no .gif', () => `/t/o/${newToken()}`],
      // Long, yet within what Node's HTTP parser takes (16 KB of request head): longer gets 431 before any route.
      ['a very long token', () => `/t/o/${'A'.repeat(8_000)}.gif`],
      ['a nested path', () => '/t/o/a/b/c.gif'],
      ['nothing at all', () => '/t/o/'],
    ])('answers the image for %s, recording nothing', async (_case, path) => {
      const before = await store.db
        .selectFrom('tracking_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      await expectPixel(await get(path()));
      const after = await store.db
        .selectFrom('tracking_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      expect(Number(after?.n)).toBe(Number(before?.n));
    });

    it('records nothing for a revoked token or an email tracked "off", and still answers the image', async () => {
      const revoked = await trackedEmail(store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['ida@client.test'],
      });
      await store.db
        .updateTable('intents')
        .set({ revoked_at: Date.now() })
        .where('id', '=', revoked.intent.id)
        .execute();
      const off = await trackedEmail(store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'off',
        to: ['jo@client.test'],
      });
      await expectPixel(await get(`/t/o/${revoked.intent.token}.gif`));
      await expectPixel(await get(`/t/o/${off.intent.token}.gif`));
      expect(await events(revoked.intent.id)).toEqual([]);
      expect(await events(off.intent.id)).toEqual([]);
    });

    it('redirects a click to the stored URL and records it', async () => {
      const { intent, links } = await trackedEmail(store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['kay@client.test'],
        links: ['https://seller.test/pricing?plan=pro#top'],
      });
      const res = await get(`/t/c/${links[0].token}?url=https://evil.example/`);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('https://seller.test/pricing?plan=pro#top');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const [click] = await events(intent.id);
      expect(click).toMatchObject({
        kind: 'click',
        label: 'human',
        linkId: links[0].id,
        url: 'https://seller.test/pricing?plan=pro#top',
      });
      expect(await counters(intent.id)).toMatchObject({ clicks: 1, person_clicks: 1, opens: 0 });
    });

    it.each([
      ['an unknown token', () => `/t/c/${newToken()}`],
      ['a malformed token', () => '/t/c/..%2F..%2Fetc%2Fpasswd'],
      ['a very long token', () => `/t/c/${'B'.repeat(8_000)}`],
      ['no token at all', () => '/t/c/'],
    ])('answers a plain 404 page, never a redirect, for %s', async (_case, path) => {
      const res = await get(path());
      expect(res.status).toBe(404);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('This link is not known here');
    });

    it("still leads a revoked email's link where it went, recording nothing; and honours clicks off", async () => {
      const revoked = await trackedEmail(store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['lu@client.test'],
        links: ['https://seller.test/a'],
      });
      await store.forAccount(acme.accountId).tracking.eraseContact(null, 'lu@client.test');
      const noClicks = await trackedEmail(store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['mo@client.test'],
        clicks: false,
        links: ['https://seller.test/b'],
      });
      expect((await get(`/t/c/${revoked.links[0].token}`)).headers.get('location')).toBe('https://seller.test/a');
      expect((await get(`/t/c/${noClicks.links[0].token}`)).headers.get('location')).toBe('https://seller.test/b');
      expect(await events(revoked.intent.id)).toEqual([]);
      expect(await events(noClicks.intent.id)).toEqual([]);
    });

    it('labels the sender trying a link in the draft, before the send, as self', async () => {
      const { intent, links } = await trackedEmail(store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['ned@client.test'],
        sentAt: null,
        links: ['https://seller.test/c'],
      });
      await get(`/t/c/${links[0].token}`);
      await get(`/t/o/${intent.token}.gif`, { ua: UA.gmailProxy });
      expect((await events(intent.id)).map((e) => [e.kind, e.label])).toEqual([
        ['open', 'self'],
        ['click', 'self'],
      ]);
    });

    it('attributes opens of a several-recipient email to nobody', async () => {
      const { intent } = await trackedEmail(store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'anonymous',
        to: ['ola@client.test', 'pia@client.test'],
      });
      await get(`/t/o/${intent.token}.gif`);
      expect(await events(intent.id)).toMatchObject([{ anonymous: true, contactId: null, label: 'human' }]);
      expect((await store.forAccount(acme.accountId).intents.byId(intent.id))?.attributedTo).toBeNull();
    });
  });
}
