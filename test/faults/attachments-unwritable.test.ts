// The attachment store cannot be written (L6, L9), for real: the tests run as root, whom chmod does not stop, so
// `<data dir>/attachments` is made a plain file and no directory can be created under it. A BCC copy with an
// attachment then gets 451 (the sending server keeps it and retries), and nothing is half-written: no email, no
// attachment row, no file, nothing left in the spool. Once the operator fixes the store, the retry logs it once.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { filesUnder, rig, serve, type Rig, type Served } from './rig';

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('an attachment store that cannot be written', db), () => {
    let target: Awaited<ReturnType<typeof db.create>>;
    let r: Rig;
    let server: Served | undefined;

    beforeAll(async () => {
      target = await db.create();
      r = await rig(target.target, target.dataDir);
    });
    afterAll(async () => {
      await server?.stop();
      await r?.store.close();
      await target?.drop();
    });

    it('answers 451, writes nothing, and logs the email once when the sender retries after the fix', async () => {
      const store = join(target.dataDir, 'attachments');
      await rm(store, { recursive: true, force: true });
      await writeFile(store, 'not a directory\n');
      server = await serve(target.target, target.dataDir);
      const bcc = await r.apply(server.url);
      const messageId = `<unwritable-${process.pid}@acme.test>`;

      const first = await r.deliver(server.smtpPort, bcc, messageId);
      expect(first).toMatchObject({ ok: false, responseCode: 451 });
      expect(first.response).toMatch(
        /^451 4\.3\.0 Cannot log this email right now \(the attachment store is not writable\); try again later$/,
      );
      expect(await r.logged(messageId)).toEqual({ keys: 0, emails: 0, attachments: 0, filesMissing: 0 });
      expect(await r.strayEmails()).toBe(0);
      expect(
        await r.store.db
          .selectFrom('email_attachments')
          .select('id')
          .where('account_id', '=', r.account.accountId)
          .execute(),
      ).toEqual([]);
      expect(await filesUnder(join(target.dataDir, 'tmp', 'smtp'))).toEqual([]);

      // The operator puts a directory back; the server was never restarted.
      await rm(store);
      await mkdir(store);
      const retry = await r.deliver(server.smtpPort, bcc, messageId);
      expect(retry.ok, retry.response).toBe(true);
      expect(await r.logged(messageId)).toEqual({ keys: 1, emails: 1, attachments: 1, filesMissing: 0 });
      expect(await filesUnder(join(store, '.staging'))).toEqual([]);
      expect(await filesUnder(join(target.dataDir, 'tmp', 'smtp'))).toEqual([]);
    });
  });
}
