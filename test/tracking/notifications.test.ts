import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FeedItem } from '../../src/contract/feed';
import { verifyWebhookSignature } from '../../src/server/tracking/notify/webhooks';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startHttpReceiver } from '../helpers/http-receiver';
import { startServer, type InProcessServer } from '../helpers/server';
import { openSse, type SseClient } from '../helpers/sse-client';
import { startPushReceiver, type PushReceiver } from '../helpers/webpush-receiver';
import { UA, trackedEmail } from './fixtures';
import { webSession } from '../helpers/web-session';

// Notifications decide at once here (no settle wait); one test below runs a server that waits, as production does.
process.env.MAILTRAIL_NOTIFY_SETTLE_MS = '0';

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('live notifications', db), () => {
    let server: InProcessServer;
    let acme: TestAccount;
    let target: Awaited<ReturnType<typeof db.create>>;
    let cleanup: (() => unknown)[] = [];
    let push: PushReceiver;

    beforeAll(async () => {
      target = await db.create();
      // The browser's push service is a local stand-in: the operator's option names it, as it would a private relay.
      push = await startPushReceiver();
      process.env.MAILTRAIL_PUSH_SERVICES = new URL(push.subscription.endpoint).origin;
      server = await startServer({ db: target.target, dataDir: target.dataDir });
      acme = await createTestAccount(server.store, { users: [{ email: 'bob@acme.test', name: 'Bob' }] });
    });
    afterAll(async () => {
      await server?.close();
      await push?.close();
      delete process.env.MAILTRAIL_PUSH_SERVICES;
      await target?.drop();
    });
    afterEach(async () => {
      for (const c of cleanup.reverse()) await c();
      cleanup = [];
    });

    const signIn = (userId: number) => webSession(server.url, userId);

    async function stream(userId: number, lastEventId?: string): Promise<SseClient> {
      const client = await openSse(`${server.url}/web/v1/feed/stream`, {
        cookie: await signIn(userId),
        ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
      });
      expect(client.status).toBe(200);
      cleanup.push(() => client.close());
      return client;
    }

    const open = (token: string, ua: string = UA.chrome) =>
      fetch(`${server.url}/t/o/${token}.gif`, { headers: { 'user-agent': ua } }).then((r) => r.arrayBuffer());
    const click = (token: string) =>
      fetch(`${server.url}/t/c/${token}`, { redirect: 'manual', headers: { 'user-agent': UA.chrome } });
    const item = (m: { data: string }) => JSON.parse(m.data) as FeedItem;
    const email = (opts: Partial<Parameters<typeof trackedEmail>[2]> & { to: string[] }) =>
      trackedEmail(server.store, acme.accountId, { userId: acme.admin.id, mode: 'identified', ...opts });

    it('an open by the one eligible reader reaches the sender; machine, anonymous and self opens do not', async () => {
      const live = await stream(acme.admin.id);
      const machine = await email({ to: ['mpp@client.test'] });
      const anonymous = await email({ to: ['a@client.test', 'b@client.test'], mode: 'anonymous' });
      const mine = await email({ to: ['viewed@client.test'] });
      const person = await email({ to: ['grace@client.test'], subject: 'Q3 proposal' });
      await open(machine.intent.token, UA.appleMpp);
      await open(anonymous.intent.token);
      await server.store
        .forAccount(acme.accountId)
        .loggedEmails.recordViews(acme.admin.id, 'thread-1', [mine.intent.messageId!]);
      await open(mine.intent.token, UA.gmailProxy);
      await open(person.intent.token, UA.gmailProxy);

      const first = await live.next();
      expect(first.event).toBe('feed');
      expect(item(first)).toMatchObject({
        id: `e${person.intent.id}`,
        kind: 'opened',
        label: 'proxy',
        anonymous: false,
        subject: 'Q3 proposal',
        contact: { id: null, name: 'grace@client.test', email: 'grace@client.test' },
        opens: [expect.any(String)],
      });
    });

    it('does not show one user the opens of another', async () => {
      const bob = acme.users['bob@acme.test'];
      const bobsLive = await stream(bob.id);
      const adas = await email({ to: ['hal@client.test'] });
      const bobs = await trackedEmail(server.store, acme.accountId, {
        userId: bob.id,
        mode: 'identified',
        to: ['ivy@client.test'],
      });
      await open(adas.intent.token);
      await open(bobs.intent.token);
      expect(item(await bobsLive.next()).id).toBe(`e${bobs.intent.id}`);
      // Ada's own notification is decided on its own schedule: let it land here, not in the next test's live stream.
      await vi.waitFor(async () => {
        const adasNotifications = await server.store
          .forAccount(acme.accountId)
          .notifications.after(acme.admin.id, 0, 100);
        expect(adasNotifications.map((n) => n.intentId)).toContain(adas.intent.id);
      });
    });

    it('folds repeated opens of one email into one notification, and still notifies a click', async () => {
      const live = await stream(acme.admin.id);
      const { intent, links } = await email({ to: ['jan@client.test'], links: ['https://seller.test/pricing'] });
      await open(intent.token);
      await open(intent.token);
      await open(intent.token);
      await click(links[0].token);
      const got = [item(await live.next()), item(await live.next())];
      expect(got.map((g) => [g.id, g.kind])).toEqual([
        [`e${intent.id}`, 'opened'],
        [expect.stringMatching(/^c\d+$/), 'clicked'],
      ]);
      expect(got[1]).toMatchObject({ url: 'https://seller.test/pricing', label: 'human' });
    });

    it('folds repeated clicks of one link into one notification; a click of another link notifies', async () => {
      const live = await stream(acme.admin.id);
      const urls = ['https://seller.test/pricing', 'https://seller.test/demo', 'https://seller.test/faq'];
      const { intent, links } = await email({ to: ['kit@client.test'], links: urls });
      for (let i = 0; i < 3; i++) expect((await click(links[0].token)).status).toBe(302);
      await click(links[1].token);
      const got = [item(await live.next()), item(await live.next())];
      expect(got.map((g) => [g.kind, g.url])).toEqual([
        ['clicked', urls[0]],
        ['clicked', urls[1]],
      ]);
      const scope = server.store.forAccount(acme.accountId);
      const notified = (await scope.notifications.after(acme.admin.id, 0, 1000)).filter(
        (n) => n.intentId === intent.id,
      );
      expect(notified).toHaveLength(2);
      // Every click is recorded all the same.
      expect(await scope.tracking.counters(intent.id)).toMatchObject({ person_clicks: 4 });
    });

    it('a client that comes back with Last-Event-ID gets what it missed, in order, also after a restart', async () => {
      const first = await stream(acme.admin.id);
      const a = await email({ to: ['kim@client.test'] });
      await open(a.intent.token);
      const seen = await first.next();
      first.close();

      const b = await email({ to: ['lee@client.test'] });
      const c = await email({ to: ['max@client.test'] });
      // Two emails settle independently: c is opened once b's notification is stored, so that their order is known.
      const missedWhileAway = async (count: number) =>
        vi.waitFor(async () => {
          const n = await server.store
            .forAccount(acme.accountId)
            .notifications.after(acme.admin.id, Number(seen.id), 10);
          expect(n).toHaveLength(count);
        });
      await open(b.intent.token);
      await missedWhileAway(1);
      await open(c.intent.token);
      await missedWhileAway(2);
      await server.close();
      server = await startServer({ db: target.target, dataDir: target.dataDir });

      const again = await stream(acme.admin.id, seen.id);
      const missed = [await again.next(), await again.next()];
      expect(missed.map((m) => item(m).id)).toEqual([`e${b.intent.id}`, `e${c.intent.id}`]);
      expect(Number(missed[0].id)).toBeGreaterThan(Number(seen.id));
      expect(Number(missed[1].id)).toBeGreaterThan(Number(missed[0].id));
      const d = await email({ to: ['ned@client.test'] });
      await open(d.intent.token);
      expect(item(await again.next()).id).toBe(`e${d.intent.id}`);
    });

    it('answers a HEAD on the live stream with its headers, and ends', async () => {
      const res = await fetch(`${server.url}/web/v1/feed/stream`, {
        method: 'HEAD',
        headers: { cookie: await signIn(acme.admin.id) },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(await res.text()).toBe('');
    });

    it('pushes to the browsers the user subscribed, which can read it', async () => {
      const cookie = await signIn(acme.admin.id);
      const key = await fetch(`${server.url}/web/v1/push/key`, { headers: { cookie } }).then(
        (r) => r.json() as Promise<{ publicKey: string }>,
      );
      expect(key.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
      const subscribed = await fetch(`${server.url}/web/v1/push/subscriptions`, {
        method: 'POST',
        headers: { cookie, origin: server.url, 'content-type': 'application/json' },
        body: JSON.stringify(push.subscription),
      });
      expect(subscribed.status).toBe(204);

      const { intent } = await email({ to: ['oz@client.test'], subject: 'Renewal' });
      await open(intent.token);
      const received = await push.next();
      expect(JSON.parse(received.plaintext)).toEqual({
        title: 'mailtrail',
        body: 'oz@client.test opened “Renewal”',
        tag: `e${intent.id}`,
      });
      expect(received.vapid.audience).toBe(new URL(push.subscription.endpoint).origin);

      // A subscription the push service says is gone is dropped.
      push.answer(410);
      await open((await email({ to: ['pat@client.test'] })).intent.token);
      await vi.waitFor(async () =>
        expect(await server.store.forAccount(acme.accountId).push.list(acme.admin.id)).toEqual([]),
      );
    });

    it('posts signed webhooks and Google Chat messages from the queue, retrying a receiver that failed', async () => {
      const hook = await startHttpReceiver();
      const chat = await startHttpReceiver();
      cleanup.push(
        () => hook.close(),
        () => chat.close(),
      );
      const webhooks = server.store.forAccount(acme.accountId).webhooks;
      const bob = acme.users['bob@acme.test'];
      const endpoint = await webhooks.addEndpoint({
        userId: bob.id,
        kind: 'webhook',
        url: `${hook.url}/mailtrail`,
        secret: 'whsec_test',
      });
      await webhooks.addEndpoint({
        userId: bob.id,
        kind: 'google_chat',
        url: `${chat.url}/v1/spaces/AAA/messages?key=k&token=t`,
        secret: null,
      });

      const { intent } = await trackedEmail(server.store, acme.accountId, {
        userId: bob.id,
        mode: 'identified',
        to: ['quinn@client.test'],
        subject: 'Demo',
      });
      await open(intent.token);
      await vi.waitFor(() => expect(hook.received).toHaveLength(1));
      await vi.waitFor(() => expect(chat.received).toHaveLength(1));
      const [req] = hook.received;
      expect(
        verifyWebhookSignature(
          'whsec_test',
          req.headers['x-mailtrail-signature'] as string,
          req.body,
          Math.floor(Date.now() / 1000),
        ),
      ).toBe(true);
      expect(JSON.parse(req.body)).toMatchObject({
        type: 'email.opened',
        id: expect.stringMatching(/^ntf_\d+$/),
        data: { id: `e${intent.id}`, kind: 'opened' },
      });
      expect(JSON.parse(chat.received[0].body)).toEqual({
        text: 'quinn@client.test opened “Demo”',
        thread: { threadKey: `mailtrail-${intent.id}` },
      });

      hook.answer(503);
      await open(
        (
          await trackedEmail(server.store, acme.accountId, {
            userId: bob.id,
            mode: 'identified',
            to: ['rae@client.test'],
          })
        ).intent.token,
      );
      await vi.waitFor(async () => {
        const [, second] = await webhooks.deliveries(endpoint.id);
        expect(second).toMatchObject({
          attempts: 1,
          delivered_at: null,
          failed_at: null,
          last_error: 'answered 503 receiver says no',
        });
        expect(second.next_attempt_at).toBeGreaterThan(Date.now());
      });
    });
  });
}

describe('a notification waits for late evidence', () => {
  let server: InProcessServer;
  let acme: TestAccount;
  beforeAll(async () => {
    process.env.MAILTRAIL_NOTIFY_SETTLE_MS = '300';
    server = await startServer();
    acme = await createTestAccount(server.store);
  });
  afterAll(() => server?.close());

  it("the sender's viewing report, arriving after Gmail fetched the pixel, makes it their own open: no notification", async () => {
    const live = await openSse(`${server.url}/web/v1/feed/stream`, {
      cookie: await webSession(server.url, acme.admin.id),
    });
    const mine = await trackedEmail(server.store, acme.accountId, {
      userId: acme.admin.id,
      mode: 'identified',
      to: ['sam@client.test'],
    });
    const theirs = await trackedEmail(server.store, acme.accountId, {
      userId: acme.admin.id,
      mode: 'identified',
      to: ['tia@client.test'],
    });

    await fetch(`${server.url}/t/o/${mine.intent.token}.gif`, { headers: { 'user-agent': UA.gmailProxy } });
    await server.store
      .forAccount(acme.accountId)
      .loggedEmails.recordViews(acme.admin.id, 'thread-2', [mine.intent.messageId!]);
    await fetch(`${server.url}/t/o/${theirs.intent.token}.gif`, { headers: { 'user-agent': UA.gmailProxy } });

    expect(JSON.parse((await live.next()).data).id).toBe(`e${theirs.intent.id}`);
    const [settled] = await server.store.forAccount(acme.accountId).tracking.eventsOf(mine.intent.id, 10);
    expect(settled).toMatchObject({
      label: 'self',
      reasons: ['sender-viewing', 'mail-proxy:google'],
      uncertain: false,
    });
    expect(await server.store.forAccount(acme.accountId).tracking.counters(mine.intent.id)).toMatchObject({
      opens: 1,
      person_opens: 0,
      first_open_at: null,
    });
    live.close();
  });

  it('an open whose reader is erased while it waits is not notified: the erasure names no one to the sender', async () => {
    const live = await openSse(`${server.url}/web/v1/feed/stream`, {
      cookie: await webSession(server.url, acme.admin.id),
    });
    const erased = await trackedEmail(server.store, acme.accountId, {
      userId: acme.admin.id,
      mode: 'identified',
      to: ['uma@client.test'],
    });
    const kept = await trackedEmail(server.store, acme.accountId, {
      userId: acme.admin.id,
      mode: 'identified',
      to: ['vic@client.test'],
    });

    await fetch(`${server.url}/t/o/${erased.intent.token}.gif`, { headers: { 'user-agent': UA.chrome } });
    await fetch(`${server.url}/t/o/${erased.intent.token}.gif`, { headers: { 'user-agent': UA.chrome } });
    expect(await server.store.forAccount(acme.accountId).tracking.eraseContact(null, 'uma@client.test')).toMatchObject({
      intents: 1,
      events: 2,
    });
    await fetch(`${server.url}/t/o/${kept.intent.token}.gif`, { headers: { 'user-agent': UA.chrome } });

    expect(JSON.parse((await live.next()).data).id).toBe(`e${kept.intent.id}`);
    live.close();
  });
});
