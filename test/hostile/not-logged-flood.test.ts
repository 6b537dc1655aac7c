// Finding 9 of the hardening review: anyone holding a logging address (it is in the Bcc of the copy, and sent
// emails get forwarded) could add unlimited "Not logged: <subject>" items to the rep's feed, one per forged copy.
// The first copies of one address are items; the rest are counted on the last one ("and 9 more copies").
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/contract/feed';
import { signIdentityToken } from '../../src/emulator';
import { NOT_LOGGED_PER_ADDRESS } from '../../src/server/store/not-logged';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { client } from '../helpers/http';
import { intentRequest } from '../helpers/intents';
import { serverWithSam } from '../helpers/server-suite';
import { sendRaw } from '../smtp/harness';

const FORGED = 12;

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('Forged copies to one logging address', db), () => {
    const suite = serverWithSam(db);

    it('fill the feed with a few not-logged items and a count, not one item each', async () => {
      const addon = client(
        suite.server.url,
        signIdentityToken({ email: 'sam@acme.test', now: Date.now(), withEmail: true }),
      );
      const intent = await addon.post('/addon/v1/compose/intents', intentRequest());
      expect(intent.status, intent.text).toBe(200);
      for (let i = 0; i < FORGED; i++) {
        const raw = `From: Mallory <mallory@elsewhere.test>\r\nTo: sam@acme.test\r\nSubject: Spam ${i}\r\nMessage-ID: <forged-${i}@elsewhere.test>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\n\r\nbuy now\r\n`;
        const answer = await sendRaw(suite.server.smtpPort, raw, [intent.body.bccAddress]);
        expect(answer.response).toMatch(/^250 .*Not logged: it was sent from mallory@elsewhere\.test/);
      }

      const feed = await addon.get<{ items: FeedItem[] }>('/addon/v1/feed?limit=50');
      expect(feed.status, feed.text).toBe(200);
      const items = feed.body.items.filter((i) => i.kind === 'not_logged');
      expect(items.map((i) => i.subject).sort()).toEqual(['Spam 0', 'Spam 1', 'Spam 2']);
      expect(items).toHaveLength(NOT_LOGGED_PER_ADDRESS);
      const more = FORGED - NOT_LOGGED_PER_ADDRESS;
      expect(items.filter((i) => i.reason?.includes(`and ${more} more copies to this logging address`))).toHaveLength(
        1,
      );
      const rows = await suite.server.store
        .forAccount(suite.account.accountId)
        .db.selectFrom('not_logged_emails')
        .select('message_id')
        .where('account_id', '=', suite.account.accountId)
        .execute();
      expect(rows).toHaveLength(NOT_LOGGED_PER_ADDRESS);

      // A copy delivered again is still recognised, not counted twice.
      const again = `From: Mallory <mallory@elsewhere.test>\r\nTo: sam@acme.test\r\nSubject: Spam 0\r\nMessage-ID: <forged-0@elsewhere.test>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\n\r\nbuy now\r\n`;
      await sendRaw(suite.server.smtpPort, again, [intent.body.bccAddress]);
      const after = await addon.get<{ items: FeedItem[] }>('/addon/v1/feed?limit=50');
      expect(after.body.items.filter((i) => i.reason?.includes(`and ${more} more copies`))).toHaveLength(1);
    });
  });
}
