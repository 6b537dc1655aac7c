import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/server/store';
import { createTestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { spawnServer } from '../helpers/server';
import { trackedEmail } from './fixtures';

// The event writer's promise (docs/decisions.md, "Tracking: durability"): an open whose request was answered is
// in the database, even when the server is killed with SIGKILL in the middle of a load.
const WORKERS = 32;
const ANSWERED_BEFORE_KILL = 1500;

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('event writer durability', db), () => {
    const drops: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const d of drops) await d();
    });

    it('keeps every answered open across kill -9 under load', async () => {
      const { target, dataDir, drop } = await db.create();
      drops.push(drop);
      const setup = await Store.open(target);
      const acme = await createTestAccount(setup);
      const tokens: string[] = [];
      for (let i = 0; i < 10; i++)
        tokens.push(
          (
            await trackedEmail(setup, acme.accountId, {
              userId: acme.admin.id,
              mode: 'identified',
              to: [`r${i}@client.test`],
            })
          ).intent.token,
        );
      await setup.close();

      const server = await spawnServer({ db: target, dataDir });
      const answered: string[] = [];
      let stop = false;
      const worker = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const ua = `durability-probe/${w}.${i}`;
          try {
            const res = await fetch(`${server.url}/t/o/${tokens[(w + i) % tokens.length]}.gif`, {
              headers: { 'user-agent': ua },
            });
            const body = await res.arrayBuffer();
            if (res.status === 200 && body.byteLength === 43) answered.push(ua);
          } catch {
            return; // the server is gone: this request was never answered
          }
        }
      };
      const load = Array.from({ length: WORKERS }, (_, w) => worker(w));
      while (answered.length < ANSWERED_BEFORE_KILL) await new Promise((r) => setTimeout(r, 20));
      await server.kill9();
      stop = true;
      await Promise.all(load);

      const after = await Store.open(target);
      try {
        const rows = await after.db.selectFrom('tracking_events').select('user_agent').execute();
        const stored = new Set(rows.map((r) => r.user_agent));
        const lost = answered.filter((ua) => !stored.has(ua));
        expect(answered.length).toBeGreaterThanOrEqual(ANSWERED_BEFORE_KILL);
        expect(lost).toEqual([]);
        // The counters were committed with the events: they agree.
        const counted = await after.db
          .selectFrom('tracking_counters')
          .select((eb) => eb.fn.sum<number>('opens').as('opens'))
          .executeTakeFirst();
        expect(Number(counted?.opens)).toBe(rows.length);
      } finally {
        await after.close();
      }
    });
  });
}
