// Issue 19, finding 16: the pixel answered an unknown token at once and a valid one only after its group commit, so
// an outsider could tell real tokens by the answer's timing. Now every fetch waits for the same commit (an unknown
// token's is counted as a miss). Shown without any timing threshold: while another connection holds the store's
// write lock, neither a valid nor an unknown token's fetch is answered; once it is released, both get the GIF.
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIXEL_GIF } from '../../src/server/http/tracking/pixel';
import { Store, type DbTarget } from '../../src/server/store';
import { createTestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { spawnServer, type SpawnedServer } from '../helpers/server';
import { trackedEmail, UA } from '../tracking/fixtures';

/** Takes the store's write lock from another connection; the returned function releases it. */
async function holdWriteLock(target: DbTarget): Promise<() => Promise<void>> {
  if (target.kind === 'sqlite') {
    const other = new Database(target.path);
    other.exec('BEGIN IMMEDIATE');
    return async () => {
      other.exec('COMMIT');
      other.close();
    };
  }
  const other = new pg.Client({ connectionString: target.url });
  await other.connect();
  await other.query('begin');
  await other.query('lock table tracking_events, tracking_counters, tracking_misses in exclusive mode');
  return async () => {
    await other.query('commit');
    await other.end();
  };
}

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('the pixel answer tells nothing about the token', db), () => {
    // A server of its own process: on SQLite a write waiting for the lock blocks that process's thread.
    let created: Awaited<ReturnType<typeof db.create>>;
    let server: SpawnedServer;
    let store: Store;

    beforeAll(async () => {
      created = await db.create();
      store = await Store.open(created.target);
      server = await spawnServer({ db: created.target, dataDir: created.dataDir });
    });
    afterAll(async () => {
      await server?.stop();
      await store?.close();
      await created?.drop();
    });

    it('answers a valid and an unknown token only after the same commit', async () => {
      const acme = await createTestAccount(store);
      const { intent } = await trackedEmail(store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['grace@client.test'],
      });
      const unknown = `${intent.token.slice(0, -1)}${intent.token.endsWith('A') ? 'B' : 'A'}`;
      const pixel = async (token: string) => {
        const res = await fetch(`${server.url}/t/o/${token}.gif`, { headers: { 'user-agent': UA.chrome } });
        return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
      };
      // The lookup of each token is cached first, so only the commit stands between a fetch and its answer.
      await pixel(intent.token);
      await pixel(unknown);
      const missesBefore = await store.events.missesOn(new Date().toISOString().slice(0, 10));

      const release = await holdWriteLock(created.target);
      const answered: string[] = [];
      const pause = () => new Promise((r) => setTimeout(r, 300));
      let valid, miss;
      try {
        // The unknown one first: on SQLite the valid one's wait for the lock holds the server's thread.
        miss = pixel(unknown).finally(() => answered.push('unknown'));
        await pause();
        valid = pixel(intent.token).finally(() => answered.push('valid'));
        await pause();
        expect(answered).toEqual([]);
      } finally {
        await release();
      }
      for (const answer of await Promise.all([valid, miss])) {
        expect(answer.status).toBe(200);
        expect(answer.body.equals(PIXEL_GIF)).toBe(true);
      }
      expect(await store.forAccount(acme.accountId).tracking.counters(intent.id)).toMatchObject({ opens: 2 });
      // The operator can see fetches of unknown tokens (a scan for tokens shows up there).
      expect(await store.events.missesOn(new Date().toISOString().slice(0, 10))).toBe(missesBefore + 1);
    });
  });
}
