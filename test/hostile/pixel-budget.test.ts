// Issue 19, finding 6: anyone holding one tracked email could fetch its pixel thousands of times (5,000 rows in
// 1.6 s) and make each fetch a "person" open (1,000 Safari hits, 1,003 person opens). Now an email keeps the first
// hits of a source as events and summarises the rest ("and 200 more fetches from one address"), every hit is still
// answered as usual (the GIF, the redirect), and a person's opens repeated from one source count once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIXEL_GIF } from '../../src/server/http/tracking/pixel';
import { HIT_BUDGET } from '../../src/server/tracking/recording/budget';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';
import { UA, trackedEmail } from '../tracking/fixtures';

process.env.MAILTRAIL_NOTIFY_SETTLE_MS = '0';
const OVER = 200;

/** `count` requests, 100 at a time, each answered as `answer` says. */
async function flood<T>(count: number, request: () => Promise<T>): Promise<T[]> {
  const answers: T[] = [];
  for (let i = 0; i < count; i += 100)
    answers.push(...(await Promise.all(Array.from({ length: Math.min(100, count - i) }, request))));
  return answers;
}

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('budgets of hits per email and source', db), () => {
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

    it('keeps the first opens from one address, summarises the rest, and counts one person open', async () => {
      const { intent } = await trackedEmail(server.store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['grace@client.test'],
      });
      const answers = await flood(HIT_BUDGET.perSource + OVER, async () => {
        const res = await fetch(`${server.url}/t/o/${intent.token}.gif`, { headers: { 'user-agent': UA.chrome } });
        return Buffer.from(await res.arrayBuffer()).equals(PIXEL_GIF) && res.status === 200;
      });
      expect(answers.filter((ok) => !ok)).toEqual([]);

      expect(await repo().eventsOf(intent.id, 10_000)).toHaveLength(HIT_BUDGET.perSource);
      expect(await repo().counters(intent.id)).toMatchObject({ opens: HIT_BUDGET.perSource, person_opens: 1 });
      const overflow = await repo().overflowOf(intent.id);
      expect(overflow).toEqual([expect.objectContaining({ fetches: OVER })]);
      expect(overflow[0].source).not.toBe('');
    });

    it('still redirects every click over the budget, and summarises it', async () => {
      const { intent, links } = await trackedEmail(server.store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['hal@client.test'],
        links: ['https://seller.test/pricing'],
      });
      const answers = await flood(HIT_BUDGET.perSource + OVER, async () => {
        const res = await fetch(`${server.url}/t/c/${links[0].token}`, {
          redirect: 'manual',
          headers: { 'user-agent': UA.chrome },
        });
        return `${res.status} ${res.headers.get('location')}`;
      });
      expect(answers.filter((a) => a !== '302 https://seller.test/pricing')).toEqual([]);

      expect(await repo().counters(intent.id)).toMatchObject({ clicks: HIT_BUDGET.perSource });
      expect(await repo().overflowOf(intent.id)).toEqual([expect.objectContaining({ fetches: OVER })]);
    });
  });
}
