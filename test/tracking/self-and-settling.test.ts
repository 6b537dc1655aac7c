import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FeedItem } from '../../src/contract/feed';
import { parseServeArgs } from '../../src/server/core/serve-options';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';
import { openSse } from '../helpers/sse-client';
import { UA, trackedEmail } from './fixtures';

// What the backend knows without the add-on's panel (T8), and later evidence settling an uncertain label, over
// real HTTP on both databases. Notifications decide at once here (no settle wait).
process.env.MAILTRAIL_NOTIFY_SETTLE_MS = '0';

const OUTLOOK = 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)';
const MINUTE = 60_000;

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('self-opens and settling', db), () => {
    let server: InProcessServer;
    let acme: TestAccount;
    let target: Awaited<ReturnType<typeof db.create>>;
    let cookie: string;

    beforeAll(async () => {
      target = await db.create();
      server = await startServer({
        db: target.target,
        dataDir: target.dataDir,
        config: { trustProxy: parseServeArgs(['--trust-proxy', '127.0.0.1'], {}).trustProxy },
      });
      acme = await createTestAccount(server.store);
      const signIn = await fetch(`${server.url}/web/v1/auth/dev`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ userId: String(acme.admin.id) }),
      });
      cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    });
    afterAll(async () => {
      await server?.close();
      await target?.drop();
    });
    afterEach(() => vi.useRealTimers());

    const open = (token: string, ua: string, from: string) =>
      fetch(`${server.url}/t/o/${token}.gif`, { headers: { 'user-agent': ua, 'x-forwarded-for': from } }).then((r) =>
        r.arrayBuffer(),
      );
    const events = (intentId: number) =>
      server.store
        .forAccount(acme.accountId)
        .tracking.eventsOf(intentId, 10)
        .then((e) => e.reverse());
    const feedItem = async (id: string) => {
      const feed = (await (await fetch(`${server.url}/web/v1/feed`, { headers: { cookie } })).json()) as {
        results: FeedItem[];
      };
      return feed.results.find((i) => i.id === id);
    };

    it("knows the sender's own client from the draft: the same browser on the same network after the send is the sender, not the reader", async () => {
      const live = await openSse(`${server.url}/web/v1/feed/stream`, { cookie });
      try {
        const { intent } = await trackedEmail(server.store, acme.accountId, {
          userId: acme.admin.id,
          mode: 'identified',
          to: ['grace@client.test'],
          sentAt: null,
          subject: 'Pricing',
        });
        // The draft shows the pixel in the sender's own browser, before the BCC copy records the send.
        await open(intent.token, UA.chrome, '81.2.69.142');
        await server.store.forAccount(acme.accountId).intents.markSent(intent.id, {
          messageId: `<${intent.token}@mail.gmail.com>`,
          subject: 'Pricing',
          sentAt: Date.now() - 20 * MINUTE,
        });
        // The sender reads the sent copy in the same browser; then the reader opens it in Outlook.
        await open(intent.token, UA.chrome, '81.2.69.142');
        await open(intent.token, OUTLOOK, '198.51.100.40');

        const [draft, own, reader] = await events(intent.id);
        expect(draft).toMatchObject({ label: 'self', reasons: ['before-send'] });
        expect(own).toMatchObject({ label: 'self', uncertain: true, reasons: ['sender-same-client'] });
        expect(reader).toMatchObject({ label: 'human', uncertain: false });
        // Only the reader's open notifies.
        const told = JSON.parse((await live.next()).data) as FeedItem;
        expect(told).toMatchObject({ id: `e${intent.id}`, kind: 'opened', label: 'human' });
        expect(told.opens).toHaveLength(1);
        const item = await feedItem(`e${intent.id}`);
        expect(item?.machines.map((m) => m.why)).toEqual([
          'from the network and browser your own draft was shown in: probably you',
          'before the email was sent: your own draft',
        ]);
      } finally {
        live.close();
      }
    });

    it('an open seconds after the send is uncertain and folded with why; the reader opening again from another network half an hour later settles it as theirs', async () => {
      const sentAt = Date.now();
      const { intent } = await trackedEmail(server.store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['hank@globex.test'],
        sentAt,
        subject: 'Rollout',
      });
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(sentAt + 3000);
      await open(intent.token, OUTLOOK, '198.51.100.40');
      const [first] = await events(intent.id);
      expect(first).toMatchObject({ label: 'prefetch', uncertain: true, reasons: ['open-soon-after-send:3s'] });
      const before = await feedItem(`e${intent.id}`);
      expect(before).toMatchObject({ kind: 'sent', machineCount: 1 });
      expect(before?.machines[0]).toMatchObject({
        uncertain: true,
        why: 'fetched 3 s after sending: probably a prefetch or your own Sent view, though a quick reader looks the same',
      });

      vi.setSystemTime(sentAt + 40 * MINUTE);
      await open(intent.token, OUTLOOK, '203.0.113.77');
      await expect
        .poll(async () => (await events(intent.id))[0])
        .toMatchObject({
          label: 'human',
          uncertain: false,
          reasons: ['open-soon-after-send:3s', 'confirmed-by-later-open'],
        });
      const after = await feedItem(`e${intent.id}`);
      expect(after).toMatchObject({ kind: 'opened', machineCount: 0 });
      expect(after?.opens).toHaveLength(2);
      expect(await server.store.forAccount(acme.accountId).tracking.counters(intent.id)).toMatchObject({
        opens: 2,
        person_opens: 2,
      });
    });
  });
}
