// Migration 0007 (issue 19, finding 2): intents made before it get a log secret. An email applied but not sent
// yet keeps its token there, so the copy Gmail is about to deliver to `log+<token>@…` is still taken; a sent or
// cancelled one gets a secret nobody has seen, so its public pixel token logs nothing.
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken } from '../../src/server/core/tokens';
import { Store } from '../../src/server/store';
import { migrations } from '../../src/server/store/migrations';
import { suiteTitle, testDatabases } from '../helpers/databases';

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('migration 0007: log secrets of existing intents', db), () => {
    let target: Awaited<ReturnType<typeof db.create>>;
    let store: Store;

    beforeAll(async () => {
      target = await db.create();
      store = await Store.open(target.target, { migrate: false });
    });
    afterAll(async () => {
      await store?.close();
      await target?.drop();
    });

    it('keeps the token of an unsent intent as its log secret and gives the others a fresh one', async () => {
      const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations } });
      const before = await migrator.migrateTo('0006_clicks_by_link');
      expect(before.error).toBeUndefined();
      // Rows as 0006 knows them, written without the store's types (which already have the new columns).
      const raw = store.db as unknown as import('kysely').Kysely<any>;
      const now = Date.now();
      const { id: accountId } = await raw
        .insertInto('accounts')
        .values({
          name: 'Acme',
          domain: 'acme.test',
          bcc_domain: 'bcc.acme.test',
          settings: '{}',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { id: userId } = await raw
        .insertInto('users')
        .values({
          account_id: accountId,
          email: 'sam@acme.test',
          name: 'Sam',
          role: 'user',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const intent = (draftKey: string, state: { sent?: boolean; revoked?: boolean }) => ({
        account_id: accountId,
        user_id: userId,
        token: newToken(),
        draft_key: draftKey,
        track: 1,
        log: 1,
        mode: 'identified',
        clicks: 0,
        pixel_issued: 1,
        associations: '[]',
        create_contacts: '[]',
        never_log: '[]',
        recipients: '{"to":[],"cc":[],"bcc":[]}',
        message_id: state.sent ? `<${draftKey}@acme.test>` : null,
        sent_at: state.sent ? now : null,
        created_at: now,
        updated_at: now,
        revoked_at: state.revoked ? now : null,
      });
      const rows = [
        intent('waiting-0001', {}),
        intent('sent-00001', { sent: true }),
        intent('revoked-0001', { revoked: true }),
      ];
      await raw.insertInto('intents').values(rows).execute();

      expect(await store.migrate()).toContain('0007_logging_secrets');
      const scope = store.forAccount(accountId);
      const [waiting, sent, revoked] = await Promise.all(rows.map((r) => scope.intents.byToken(r.token)));
      expect(waiting).toMatchObject({ logSecret: rows[0].token, origin: 'apply', sendNotes: [] });
      for (const other of [sent!, revoked!]) {
        expect(other.logSecret).toMatch(/^[A-Za-z0-9_-]{24}$/);
        expect(other.logSecret).not.toBe(other.token);
      }
      expect(sent!.logSecret).not.toBe(revoked!.logSecret);
    });
  });
}
