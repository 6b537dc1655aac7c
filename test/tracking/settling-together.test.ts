// The certain opens of one commit settle the uncertain opens of all their emails with one read per account
// (notify/notifier.ts, confirmEarlier): each email's own earlier opens are settled, and no other email's.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';
import { trackedEmail } from './fixtures';

const OUTLOOK = 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)';
const MINUTE = 60_000;

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('settling the earlier opens of several emails at once', db), () => {
    let server: InProcessServer;
    let acme: TestAccount;
    let target: Awaited<ReturnType<typeof db.create>>;

    beforeAll(async () => {
      target = await db.create();
      server = await startServer({ db: target.target, dataDir: target.dataDir, config: { trustProxy: ['loopback'] } });
      acme = await createTestAccount(server.store);
    });
    afterAll(async () => {
      await server?.close();
      await target?.drop();
    });
    afterEach(() => vi.useRealTimers());

    const open = (token: string, from: string) =>
      fetch(`${server.url}/t/o/${token}.gif`, { headers: { 'user-agent': OUTLOOK, 'x-forwarded-for': from } }).then(
        (r) => r.arrayBuffer(),
      );
    const labels = async (intentId: number) =>
      (await server.store.forAccount(acme.accountId).tracking.eventsOf(intentId, 10))
        .reverse()
        .map((e) => [e.label, e.uncertain, e.reasons.at(-1)]);

    it("settles each email's early open when its reader opens it again, and leaves an email not opened again alone", async () => {
      const sentAt = Date.now();
      const send = (to: string) =>
        trackedEmail(server.store, acme.accountId, { userId: acme.admin.id, mode: 'identified', to: [to], sentAt });
      const emails = await Promise.all(['ann@globex.test', 'bob@globex.test', 'cy@globex.test'].map(send));
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(sentAt + 3000);
      for (const [i, { intent }] of emails.entries()) await open(intent.token, `198.51.100.${40 + i}`);
      for (const { intent } of emails)
        expect(await labels(intent.id)).toEqual([['prefetch', true, 'open-soon-after-send:3s']]);

      // The first two readers open again from another network, at the same moment.
      vi.setSystemTime(sentAt + 40 * MINUTE);
      await Promise.all(emails.slice(0, 2).map(({ intent }, i) => open(intent.token, `203.0.113.${70 + i}`)));
      for (const { intent } of emails.slice(0, 2))
        await expect
          .poll(() => labels(intent.id))
          .toEqual([
            ['human', false, 'confirmed-by-later-open'],
            ['human', false, undefined],
          ]);
      expect(await labels(emails[2].intent.id)).toEqual([['prefetch', true, 'open-soon-after-send:3s']]);
    });
  });
}
