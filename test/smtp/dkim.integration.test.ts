// L11, issue 12 "sender authenticity" and issue 19 finding 2: an account that requires DKIM logs a copy from its
// domain only with a valid signature aligned with it. Keys are made here and published through a DNS resolver made
// here (no network), given to the real BCC inbox behind a real SMTP listener on the server's store, on SQLite and
// on PostgreSQL.
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { dkimSign, type DKIMSignOptions, type DNSResolver } from 'mailauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../src/emulator';
import { AttachmentStore } from '../../src/server/core/attachments';
import { dkimRequirement } from '../../src/server/smtp/authenticity';
import { BccInbox } from '../../src/server/smtp/inbox';
import { startSmtpListener, type SmtpListener } from '../../src/server/smtp/listener';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { client, type Client } from '../helpers/http';
import { intentRequest } from '../helpers/intents';
import { startServer, type InProcessServer } from '../helpers/server';
import { sendRaw, type SendResult } from './harness';

const ALICE = 'alice@acme.test';
const answer = (r: SendResult) => (r.ok ? r.response : `${r.responseCode} ${r.response}`);
let serial = 0;

function dkimKey() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: `v=DKIM1; k=rsa; p=${p}`,
  };
}

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('DKIM required on copies from the account’s domain', db), () => {
    let server: InProcessServer;
    let target: Awaited<ReturnType<typeof db.create>>;
    let account: TestAccount;
    let listener: SmtpListener;
    let addon: Client;
    let personal: string;
    const acmeKey = dkimKey();
    const evilKey = dkimKey();
    const txt: Record<string, string> = {
      'mail._domainkey.acme.test': acmeKey.record,
      'mail._domainkey.evil.example': evilKey.record,
    };
    const resolver: DNSResolver = async (name, rr) => {
      if (rr === 'TXT' && txt[name]) return [[txt[name]]];
      throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    };

    const scope = () => server.store.forAccount(account.accountId);
    const message = (subject: string) => {
      const messageId = `<dkim-${process.pid}-${++serial}@acme.test>`;
      const raw = [
        'From: Alice Archer <alice@acme.test>',
        'To: Carol Cole <carol@carol.example>',
        `Subject: ${subject}`,
        `Message-ID: ${messageId}`,
        'Date: Tue, 03 Mar 2026 09:15:00 +0000',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Hello Carol, here is our offer.',
        '',
      ].join('\r\n');
      return { messageId, raw };
    };
    const signed = async (raw: string, signingDomain: string, privateKey: string) => {
      // mailauth's types describe one signature's options; the function reads them from `signatureData`.
      const options = { signatureData: [{ signingDomain, selector: 'mail', privateKey }] };
      const result = await dkimSign(raw, options as unknown as DKIMSignOptions);
      expect(result.errors).toEqual([]);
      return result.signatures + raw;
    };
    const logged = async (messageId: string) => Boolean(await scope().loggedEmails.byMessageId(messageId));

    beforeAll(async () => {
      target = await db.create();
      server = await startServer({ db: target.target, dataDir: target.dataDir });
      account = await createTestAccount(server.store, { users: [{ email: ALICE, name: 'Alice Archer' }] });
      await scope().account.updateSettings({ requireDkim: true });
      const inbox = new BccInbox(
        server.store,
        new AttachmentStore(join(target.dataDir, 'attachments')),
        dkimRequirement({ resolver }),
      );
      listener = await startSmtpListener({
        port: 0,
        host: '127.0.0.1',
        spoolDir: join(target.dataDir, 'tmp', 'dkim-smtp'),
        resolveRecipient: inbox.resolveRecipient,
        onMessage: inbox.deliver,
      });
      addon = client(server.url, signIdentityToken({ email: ALICE, now: Date.now(), withEmail: true }));
      personal = (await addon.get('/addon/v1/me')).body.bccAddress;
    });
    afterAll(async () => {
      await listener?.close();
      await server?.close();
      await target?.drop();
    });

    it('logs a copy signed by the account’s domain', async () => {
      const { messageId, raw } = message('Signed');
      const result = await sendRaw(listener.port, await signed(raw, 'acme.test', acmeKey.privateKey), [personal]);
      expect(answer(result)).toMatch(/^250 .*Logged as email \d+$/);
      expect(await logged(messageId)).toBe(true);
    });

    it('does not log an unsigned, a tampered or a foreign-signed copy, and says why in the feed', async () => {
      const unsigned = message('Unsigned');
      const tampered = message('Tampered');
      const foreign = message('Foreign');
      const tamperedRaw = (await signed(tampered.raw, 'acme.test', acmeKey.privateKey)).replace(
        'here is our offer',
        'wire the money',
      );
      const answers = [
        await sendRaw(listener.port, unsigned.raw, [personal]),
        await sendRaw(listener.port, tamperedRaw, [personal]),
        await sendRaw(listener.port, await signed(foreign.raw, 'evil.example', evilKey.privateKey), [personal]),
      ].map(answer);
      expect(answers).toEqual([
        expect.stringMatching(
          /^250 .*Not logged: the account requires a valid DKIM signature of acme\.test, and this copy has none \(DKIM none; SPF \w+; ARC \w+\)$/,
        ),
        expect.stringMatching(
          /^250 .*Not logged: the account requires a valid DKIM signature .*\(DKIM acme\.test: (neutral|fail)/,
        ),
        expect.stringMatching(
          /^250 .*Not logged: the account requires a valid DKIM signature .*\(DKIM evil\.example: pass/,
        ),
      ]);
      for (const m of [unsigned, tampered, foreign]) expect(await logged(m.messageId)).toBe(false);
      const feed = (await addon.get('/addon/v1/feed?limit=50')).body.items;
      expect(feed).toContainEqual(
        expect.objectContaining({
          kind: 'not_logged',
          subject: 'Unsigned',
          reason: expect.stringMatching(/^the account requires a valid DKIM signature of acme\.test/),
        }),
      );
    });

    it('says why in the user’s language in their feed, and in English to the sending server', async () => {
      const alice = (await scope().users.getByEmail(ALICE))!;
      await scope().users.update(alice.id, { language: 'fr' });
      try {
        const unsigned = message('Non signé');
        expect(answer(await sendRaw(listener.port, unsigned.raw, [personal]))).toMatch(
          /^250 .*Not logged: the account requires a valid DKIM signature of acme\.test, and this copy has none/,
        );
        const feed = (await addon.get('/addon/v1/feed?limit=50')).body.items;
        expect(feed).toContainEqual(
          expect.objectContaining({
            subject: 'Non signé',
            reason: expect.stringMatching(
              /^le compte exige une signature DKIM valide de acme\.test, et cette copie n'en a pas \(DKIM aucune; SPF/,
            ),
          }),
        );
      } finally {
        await scope().users.update(alice.id, { language: 'en' });
      }
    });

    it('applies to an applied email’s copy too, and only while the account requires it', async () => {
      const applied = await addon.post('/addon/v1/compose/intents', intentRequest());
      expect(applied.status, applied.text).toBe(200);
      const first = message('Applied, unsigned');
      expect(answer(await sendRaw(listener.port, first.raw, [applied.body.bccAddress]))).toMatch(
        /^250 .*Not logged: the account requires a valid DKIM signature of acme\.test/,
      );
      expect(await logged(first.messageId)).toBe(false);

      await scope().account.updateSettings({ requireDkim: false });
      try {
        const second = message('Unsigned, DKIM not required');
        expect(answer(await sendRaw(listener.port, second.raw, [personal]))).toMatch(/^250 .*Logged as email \d+$/);
      } finally {
        await scope().account.updateSettings({ requireDkim: true });
      }
    });
  });
}
