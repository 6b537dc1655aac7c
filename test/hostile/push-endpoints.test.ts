// Findings 7 and 8 of the hardening review. A push endpoint is a URL the browser gives and the server later posts
// to: `https://127.0.0.1…`, `localhost`, `[::1]` or the server's own port made it connect where a user chose
// (SSRF). And registering another account's endpoint moved it, with its notifications, to the new account. Now an
// endpoint must be at one of the known push services (an operator may name others: `--push-service`), and belongs
// to the user who registered it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';
import { webSession } from '../helpers/web-session';

const KEYS = {
  p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
  auth: 'tBHItJI5svbpez7KI4CCXg',
};
const OTHER_KEYS = { ...KEYS, auth: 'AAAAAAAAAAAAAAAAAAAAAA' };

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('Web Push endpoints', db), () => {
    let server: InProcessServer;
    let drop: () => Promise<void>;
    let a: TestAccount;
    let b: TestAccount;
    const cookies = new Map<number, string>();

    beforeAll(async () => {
      const fresh = await db.create();
      drop = fresh.drop;
      server = await startServer({ db: fresh.target, dataDir: fresh.dataDir });
      a = await createTestAccount(server.store, {
        domain: 'a.test',
        users: [{ email: 'colleague@a.test', name: 'Colleague' }],
      });
      b = await createTestAccount(server.store, { name: 'Beta', domain: 'b.test' });
      for (const id of [a.admin.id, a.users['colleague@a.test'].id, b.admin.id])
        cookies.set(id, await webSession(server.url, id));
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    const subscribe = (userId: number, endpoint: string, keys = KEYS) =>
      fetch(`${server.url}/web/v1/push/subscriptions`, {
        method: 'POST',
        headers: { cookie: cookies.get(userId)!, origin: server.url, 'content-type': 'application/json' },
        body: JSON.stringify({ endpoint, expirationTime: null, keys }),
      }).then(async (r) => ({ status: r.status, text: await r.text() }));
    const stored = async () =>
      (
        await server.store.db
          .selectFrom('push_subscriptions')
          .select(['endpoint', 'account_id', 'user_id', 'auth'])
          .orderBy('id')
          .execute()
      ).map((r) => ({ ...r, account_id: Number(r.account_id), user_id: Number(r.user_id) }));

    it('refuses endpoints the server would connect to on a user’s say-so, and stores none', async () => {
      const own = new URL(server.url);
      const hostile = [
        'https://127.0.0.1/push/x',
        'https://127.0.0.1:8443/push/x',
        'https://localhost/push/x',
        'https://[::1]/push/x',
        `https://127.0.0.1:${own.port}/web/v1/admin/settings`,
        `${server.url}/web/v1/admin/settings`,
        'https://10.0.0.5/internal',
        'https://169.254.169.254/latest/meta-data/',
        'http://fcm.googleapis.com/fcm/send/x',
        'https://fcm.googleapis.com:8443/fcm/send/x',
        'https://fcm.googleapis.com.evil.test/fcm/send/x',
        'https://evil.test/fcm.googleapis.com/fcm/send/x',
        'https://user:pass@fcm.googleapis.com/fcm/send/x',
        'https://push.apple.com.evil.test/x',
      ];
      for (const endpoint of hostile) {
        const answer = await subscribe(a.admin.id, endpoint);
        expect(answer.status, endpoint).toBe(400);
        expect(answer.text).toMatch(/must be at one of the browsers' push services/);
      }
      expect(await stored()).toEqual([]);
    });

    it('takes the endpoints of the browsers’ push services', async () => {
      const endpoints = [
        'https://fcm.googleapis.com/fcm/send/chrome-1',
        'https://updates.push.services.mozilla.com/wpush/v2/firefox-1',
        'https://web.push.apple.com/safari-1',
        'https://wns2-par02p.notify.windows.com/w/?token=edge-1',
      ];
      for (const endpoint of endpoints) expect((await subscribe(a.admin.id, endpoint)).status, endpoint).toBe(204);
      expect((await stored()).map((r) => r.endpoint)).toEqual(endpoints);
    });

    it('binds an endpoint to its subscriber: another account’s or another user’s registration is refused, not moved', async () => {
      const endpoint = 'https://fcm.googleapis.com/fcm/send/bound-1';
      expect((await subscribe(a.admin.id, endpoint)).status).toBe(204);

      const fromB = await subscribe(b.admin.id, endpoint, OTHER_KEYS);
      expect(fromB.status).toBe(409);
      expect(fromB.text).toMatch(/already registered to someone else/);
      const colleague = await subscribe(a.users['colleague@a.test'].id, endpoint, OTHER_KEYS);
      expect(colleague.status).toBe(409);
      expect((await stored()).filter((r) => r.endpoint === endpoint)).toEqual([
        { endpoint, account_id: a.accountId, user_id: a.admin.id, auth: KEYS.auth },
      ]);

      // Its own subscriber may register it again, with the browser's new keys.
      expect((await subscribe(a.admin.id, endpoint, OTHER_KEYS)).status).toBe(204);
      expect((await stored()).filter((r) => r.endpoint === endpoint)).toEqual([
        { endpoint, account_id: a.accountId, user_id: a.admin.id, auth: OTHER_KEYS.auth },
      ]);
    });
  });
}
