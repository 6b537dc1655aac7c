import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/server/store';
import { createTestAccount } from '../helpers/accounts';
import { freshPostgresDatabase, postgresUnavailable } from '../helpers/pg';

// The webhook queue as several instances share it, without HTTP in the way so that takers collide as often as
// they can: two stores (two connection pools, as two processes have), several workers each, leasing and
// finishing as fast as the database lets them.
const pgSkip = await postgresUnavailable();
const DELIVERIES = 600;

describe.skipIf(pgSkip)(
  `the webhook queue shared by several workers on PostgreSQL${pgSkip ? ` (skipped: ${pgSkip})` : ''}`,
  () => {
    let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
    let stores: Store[] = [];

    beforeAll(async () => {
      database = await freshPostgresDatabase();
      stores = [
        await Store.open({ kind: 'postgres', url: database.url }),
        await Store.open({ kind: 'postgres', url: database.url }),
      ];
      const acme = await createTestAccount(stores[0]);
      const webhooks = stores[0].forAccount(acme.accountId).webhooks;
      const endpoint = await webhooks.addEndpoint({
        userId: acme.admin.id,
        kind: 'webhook',
        url: 'https://hooks.example/in',
        secret: 'whsec_q',
      });
      await webhooks.enqueue(
        Array.from({ length: DELIVERIES }, (_, i) => ({ endpointId: endpoint.id, payload: { n: i } })),
        Date.now() - 1000,
      );
    });
    afterAll(async () => {
      for (const s of stores) await s.close();
      await database?.drop();
    });

    it('hands each due delivery to exactly one worker', async () => {
      const taken = new Map<number, number>();
      const worker = async (store: Store) => {
        for (;;) {
          const now = Date.now();
          const batch = await store.webhookQueue.lease(now, now + 60_000, 3);
          if (batch.length === 0) return;
          for (const d of batch) {
            taken.set(d.id, (taken.get(d.id) ?? 0) + 1);
            await store.webhookQueue.finish(d.id, { delivered: true, at: Date.now() });
          }
        }
      };
      await Promise.all(stores.flatMap((s) => Array.from({ length: 4 }, () => worker(s))));

      expect(taken.size).toBe(DELIVERIES);
      expect([...taken].filter(([, times]) => times !== 1)).toEqual([]);
      const left = await stores[0].db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('delivered_at', 'is', null)
        .execute();
      expect(left).toEqual([]);
    });
  },
);
