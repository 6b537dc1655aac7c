import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';
import { nearestClicks } from '../../src/server/store/tracking-label-reads';
import { queryWork } from '../helpers/query-work';
import { UA, trackedEmail } from './fixtures';

// Notifications are decided at once (no settle wait); shutting the server down decides any still waiting.
process.env.MAILTRAIL_NOTIFY_SETTLE_MS = '0';

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('a flood of opens and clicks on one email', db), () => {
    let created: Awaited<ReturnType<typeof db.create>>;
    let server: InProcessServer;
    let acme: TestAccount;

    beforeAll(async () => {
      created = await db.create();
      server = await startServer({ db: created.target, dataDir: created.dataDir });
      acme = await createTestAccount(server.store);
    });
    afterAll(async () => {
      await server?.close();
      await created?.drop();
    });

    const repo = () => server.store.forAccount(acme.accountId).tracking;
    const hit = (path: string) =>
      fetch(`${server.url}${path}`, { redirect: 'manual', headers: { 'user-agent': UA.chrome } });

    it('records every open, counts one person open, and notifies the sender once', async () => {
      const { intent } = await trackedEmail(server.store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['grace@client.test'],
      });
      const answers = await Promise.all(
        Array.from({ length: 300 }, () => hit(`/t/o/${intent.token}.gif`).then((r) => r.status)),
      );
      expect(answers.filter((s) => s !== 200)).toEqual([]);
      expect(await repo().eventsOf(intent.id, 1000)).toHaveLength(300);
      // 300 opens from one client within seconds are one person opening the email once, then repeats: counting
      // each as a person open was fake engagement (issue 19, finding 6). All 300 are within the email's budget.
      expect(await repo().counters(intent.id)).toMatchObject({ opens: 300, person_opens: 1 });

      // A restart decides every notification still waiting.
      await server.close();
      server = await startServer({ db: created.target, dataDir: created.dataDir });
      const notifications = await server.store.forAccount(acme.accountId).notifications.after(acme.admin.id, 0, 100);
      expect(notifications.filter((n) => n.intentId === intent.id)).toHaveLength(1);
    });

    it('labels a sweep of every link a scanner, however often one of them was clicked before', async () => {
      const { intent, links } = await trackedEmail(server.store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['hal@client.test'],
        links: ['https://seller.test/pricing', 'https://seller.test/terms', 'https://seller.test/demo'],
      });
      const answers = await Promise.all(
        Array.from({ length: 100 }, () => hit(`/t/c/${links[0].token}`).then((r) => r.status)),
      );
      expect(answers.filter((s) => s !== 302)).toEqual([]);
      await hit(`/t/c/${links[1].token}`);
      await hit(`/t/c/${links[2].token}`);

      const [last] = await repo().eventsOf(intent.id, 1);
      expect(last).toMatchObject({ linkId: links[2].id, label: 'scanner', reasons: ['link-sweep:3-links'] });
      expect(await repo().counters(intent.id)).toMatchObject({ clicks: 102 });
    });

    it('judges a click of a link hammered before on the nearest clicks alone, not on all of them', async () => {
      const { intent, links } = await trackedEmail(server.store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['ida@client.test'],
        links: ['https://seller.test/pricing', 'https://seller.test/terms', 'https://seller.test/demo'],
      });
      const answers = await Promise.all(
        Array.from({ length: 200 }, () => hit(`/t/c/${links[0].token}`).then((r) => r.status)),
      );
      expect(answers.filter((s) => s !== 302)).toEqual([]);

      // The read that labels the next click, 30 s either side of now: the 200 clicks are all in its window.
      const at = Date.now();
      const { db } = server.store;
      const query = nearestClicks(db, {
        accountId: acme.accountId,
        intentId: intent.id,
        from: at - 30_000,
        at,
        to: at + 30_000,
        exceptId: 0,
      });
      const work = await queryWork(db, query, 'tracking_events');
      expect(work.sorted).toBe(false);
      // Six probes per link (the nearest before and after, three columns each), each the first entry it finds.
      if (work.rowsRead !== null) expect(work.rowsRead).toBeLessThanOrEqual(6 * links.length);

      // The clicks of one commit are read together (on PostgreSQL in one statement), and each finds what it
      // would alone: the nearest click of the hammered link, before it and none after.
      const wanted = [
        { intentId: intent.id, at },
        { intentId: intent.id, at: at - 60_000 },
      ];
      const together = await repo().clicksNearMany(wanted, 30_000);
      const alone = await Promise.all(wanted.map((w) => repo().clicksNear(w.intentId, w.at, 30_000)));
      expect(together).toEqual(alone);
      expect(together[0]).toMatchObject({ linkCount: 3, clicks: [{ linkId: String(links[0].id) }] });
      expect(together[1].clicks).toEqual([]);
    });
  });
}
