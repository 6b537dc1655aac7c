// The reading report of the message card covers its whole thread (T8), on SQLite and on PostgreSQL: every
// Message-ID given is noted once, a repeated one is no error, one that does not parse is skipped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../src/emulator';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('what the sidebar reports reading', db), () => {
    let server: InProcessServer;
    let drop: () => Promise<void>;
    let account: TestAccount;

    const call = (url: string, payload: object) =>
      server.app.inject({ method: 'POST', url: `/addon/v1${url}`, headers: { authorization: `Bearer ${signIdentityToken({ email: 'sam@acme.test', now: Date.now(), withEmail: true })}` }, payload });
    const viewed = (messageId: string) => server.store.forAccount(account.accountId).loggedEmails.lastViewed(account.users['sam@acme.test'].id, messageId);

    beforeAll(async () => {
      const created = await db.create();
      drop = created.drop;
      server = await startServer({ db: created.target, dataDir: created.dataDir });
      account = await createTestAccount(server.store, { users: [{ email: 'sam@acme.test', name: 'Sam Seller' }] });
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    it('the message card notes every message of the thread, the selected one included', async () => {
      const res = await call('/message/context', {
        messageId: '<reply-2@engines.example>',
        threadId: 'thread-7',
        from: 'Grace Hopper <grace@engines.example>',
        to: ['sam@acme.test'],
        cc: [],
        neverLog: [],
        threadMessageIds: ['<sent-1@acme.test>', '<reply-2@engines.example>', ' <sent-1@acme.test> ', 'not a message id'],
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(await viewed('<sent-1@acme.test>')).toBeGreaterThan(0);
      expect(await viewed('<reply-2@engines.example>')).toBeGreaterThan(0);
    });

    it('more than a thread can hold is refused, and nothing is noted', async () => {
      const ids = Array.from({ length: 101 }, (_, i) => `<too-many-${i}@acme.test>`);
      const res = await call('/message/context', { messageId: '<too-many-0@acme.test>', threadId: 't', from: 'sam@acme.test', to: [], cc: [], neverLog: [], threadMessageIds: ids });
      expect(res.statusCode).toBe(400);
      expect(await viewed('<too-many-0@acme.test>')).toBeUndefined();
    });

    it('a viewing report naming a message twice is noted once', async () => {
      const res = await call('/viewing', { threadId: 'thread-8', messageIds: ['<twice@acme.test>', '<twice@acme.test>'] });
      expect(res.statusCode, res.body).toBe(204);
      expect(await viewed('<twice@acme.test>')).toBeGreaterThan(0);
    });
  });
}
