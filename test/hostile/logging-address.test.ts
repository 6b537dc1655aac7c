// Issue 19, finding 2 (R1, the recipient of a tracked email): every recipient sees the pixel's token in the body
// (`/t/o/<token>.gif`) and the tracked links' tokens. None of them is a logging address: a forged copy "from the
// rep" sent to `log+<token>@…` (or `bcc+`, `route+`) is refused at RCPT with 550, logs nothing, and leaves the
// email waiting for Gmail's real copy, which is then logged as usual.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../src/emulator';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { client } from '../helpers/http';
import { intentRequest } from '../helpers/intents';
import { startServer, type InProcessServer } from '../helpers/server';
import { sendRaw, type SendResult } from '../smtp/harness';

const REP = 'sam@acme.test';
const answer = (r: SendResult) => (r.ok ? r.response : `${r.responseCode} ${r.response}`);

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('the tracked email’s public tokens are not logging addresses', db), () => {
    let server: InProcessServer;
    let target: Awaited<ReturnType<typeof db.create>>;
    let account: TestAccount;

    beforeAll(async () => {
      target = await db.create();
      server = await startServer({ db: target.target, dataDir: target.dataDir });
      account = await createTestAccount(server.store, { users: [{ email: REP, name: 'Sam Seller' }] });
    });
    afterAll(async () => {
      await server?.close();
      await target?.drop();
    });

    it('refuses the pixel and link tokens of a tracked email as logging addresses, and logs the real copy after', async () => {
      const addon = client(server.url, signIdentityToken({ email: REP, now: Date.now(), withEmail: true }));
      const applied = await addon.post('/addon/v1/compose/intents', intentRequest());
      expect(applied.status, applied.text).toBe(200);
      const { bccAddress, pixelUrl } = applied.body as { bccAddress: string; pixelUrl: string };
      const logSecret = /^log\+([^@]+)@/.exec(bccAddress)![1];
      const link = await addon.post('/addon/v1/compose/links', {
        token: logSecret,
        url: 'https://engines.example/offer',
        text: 'our offer',
      });
      expect(link.status, link.text).toBe(200);

      // What Grace, a recipient, reads in the body she received.
      const pixelToken = /\/t\/o\/([^/.]+)\.gif$/.exec(pixelUrl)![1];
      const linkToken = /\/t\/c\/([^/?#]+)$/.exec(link.body.trackedUrl)![1];
      const messageId = `<forged-${process.pid}@acme.test>`;
      const forged = `Message-ID: ${messageId}\r\nFrom: Sam Seller <sam@acme.test>\r\nTo: grace@engines.example\r\nSubject: Forged\r\n\r\nWire the money.\r\n`;
      const domain = account.bccDomain;
      const attempts = [
        `log+${pixelToken}@${domain}`,
        `bcc+${pixelToken}@${domain}`,
        `route+${pixelToken}@${domain}`,
        `log+${linkToken}@${domain}`,
      ];
      const answers = [];
      for (const to of attempts) answers.push(answer(await sendRaw(server.smtpPort, forged, [to])));
      expect(answers).toEqual([
        expect.stringMatching(/^550 .*No email is waiting to be logged under log\+/),
        expect.stringMatching(/^550 .*bcc\+.* is unknown here/),
        expect.stringMatching(/^550 .*route\+.* is unknown here/),
        expect.stringMatching(/^550 .*No email is waiting to be logged under log\+/),
      ]);

      const scope = server.store.forAccount(account.accountId);
      expect(await scope.loggedEmails.byMessageId(messageId)).toBeUndefined();
      const intent = await scope.intents.byToken(pixelToken);
      expect(intent).toMatchObject({ messageId: null, sentAt: null });

      // Gmail's copy, to the address only the rep's Bcc held, still logs the email.
      const real = `<real-${process.pid}@acme.test>`;
      const copy = await sendRaw(
        server.smtpPort,
        `Message-ID: ${real}\r\nFrom: Sam Seller <sam@acme.test>\r\nTo: grace@engines.example\r\nSubject: Offer\r\n\r\nHello\r\n`,
        [bccAddress],
      );
      expect(answer(copy)).toMatch(/^250 .*Logged as email \d+$/);
      expect(await scope.intents.byToken(pixelToken)).toMatchObject({ messageId: real });
    });
  });
}
