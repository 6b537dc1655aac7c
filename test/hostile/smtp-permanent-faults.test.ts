// Finding 12 of the hardening review: a copy whose content the store refuses for good (20,000 To addresses make a
// header block longer than a property may hold) was answered 451, so the sending server retried it for days. A
// fault no retry can fix is answered 5xx with a sentence saying why, and nothing is half-written.
import { describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../src/emulator';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { client } from '../helpers/http';
import { intentRequest } from '../helpers/intents';
import { serverWithSam } from '../helpers/server-suite';
import { sendRaw } from '../smtp/harness';

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('A BCC copy that can never be stored', db), () => {
    const suite = serverWithSam(db);

    it('is refused with 554 and a reason when its headers do not fit, and nothing is logged', async () => {
      const addon = client(
        suite.server.url,
        signIdentityToken({ email: 'sam@acme.test', now: Date.now(), withEmail: true }),
      );
      const intent = await addon.post('/addon/v1/compose/intents', intentRequest());
      expect(intent.status, intent.text).toBe(200);
      const to = Array.from({ length: 20_000 }, (_, i) => `person${i}@many.test`).join(', ');
      const raw = `From: Sam <sam@acme.test>\r\nTo: ${to}\r\nSubject: To everyone\r\nMessage-ID: <wide@acme.test>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\n\r\nhello\r\n`;

      const result = await sendRaw(suite.server.smtpPort, raw, [intent.body.bccAddress]);

      expect(result).toMatchObject({ ok: false, responseCode: 554 });
      expect(result.response).toMatch(/^554 5\.\d\.\d This message cannot be logged as it is \(.*hs_email_headers.*\)/);
      const logged = await suite.server.store
        .forAccount(suite.account.accountId)
        .db.selectFrom('logged_emails')
        .select('email_id')
        .where('account_id', '=', suite.account.accountId)
        .execute();
      expect(logged).toEqual([]);
    });
  });
}
