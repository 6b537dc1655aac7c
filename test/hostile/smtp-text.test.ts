// BCC copies whose decoded text no database can store as it is (R1, MIME through SMTP): NUL bytes and UTF-16
// encoded words that decode to half a surrogate pair, in the subject, the bodies, an attachment's name, the From
// name and other headers. Each is logged once (the text kept, the unstorable character replaced with U+FFFD), never
// answered 451 — which the sending server would retry for days before bouncing. Random MIME is fuzzed by
// test/smtp/property.test.ts and test/smtp/bcc.integration.test.ts; these are the cases that broke PostgreSQL only.
import { describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../src/emulator';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { client } from '../helpers/http';
import { serverWithSam } from '../helpers/server-suite';
import { sendRaw } from '../smtp/harness';

const LONE_OR_NUL = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const attachment = (disposition: string) =>
  `Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: ${disposition}\r\n\r\nxyz\r\n--b--\r\n`;
const body = (type: string, charset: string, base64: string) =>
  `Subject: x\r\nContent-Type: ${type}; charset=${charset}\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64}\r\n`;

/** The message after From/To/Message-ID/Date; `from` replaces the From line; `shown: false` when no stored field decodes it. */
const CASES: { name: string; rest: string; from?: string; shown?: false }[] = [
  { name: 'a NUL in the subject', rest: 'Subject: =?utf-8?B?QQBC?=\r\n\r\nhello' },
  { name: 'half a surrogate pair in the subject', rest: 'Subject: =?utf-16be?B?2ADYAA==?=\r\n\r\nhello' },
  { name: 'a NUL in the text', rest: body('text/plain', 'utf-8', 'YQBi') },
  { name: 'half a surrogate pair in the text', rest: body('text/plain', 'utf-16be', '2AAAQQ==') },
  { name: 'a NUL in the HTML', rest: body('text/html', 'utf-8', 'PHA+YQBiPC9wPg==') },
  { name: 'half a surrogate pair in the HTML', rest: body('text/html', 'utf-16be', '2AAAQQ==') },
  { name: "a NUL in an attachment's name", rest: attachment("attachment; filename*=utf-8''a%00b.txt") },
  {
    name: "half a surrogate pair in an attachment's name",
    rest: attachment('attachment; filename="=?utf-16be?B?2ABBAA==?="'),
  },
  {
    name: 'a NUL in the From name',
    rest: 'Subject: x\r\n\r\nhello',
    from: 'From: =?utf-8?B?U2EAbQ==?= <sam@acme.test>',
  },
  { name: 'a NUL in another header', rest: 'Subject: x\r\nX-Odd: =?utf-8?B?QQBC?=\r\n\r\nhello', shown: false },
];

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('BCC copies with text no database stores as it is', db), () => {
    const suite = serverWithSam(db);

    CASES.forEach((c, i) => {
      it(`logs an email with ${c.name} once, the character replaced`, async () => {
        const addon = client(
          suite.server.url,
          signIdentityToken({ email: 'sam@acme.test', now: Date.now(), withEmail: true }),
        );
        const intent = await addon.post('/addon/v1/compose/intents', {
          draftKey: `draft-text-${i}-0000`,
          track: true,
          log: true,
          associations: [],
          createContacts: [],
          neverLog: [],
          recipients: { to: ['grace@engines.test'], cc: [], bcc: [] },
        });
        expect(intent.status, intent.text).toBe(200);
        const messageId = `<text-${i}@acme.test>`;
        const raw = `${c.from ?? 'From: Sam <sam@acme.test>'}\r\nTo: grace@engines.test\r\nMessage-ID: ${messageId}\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\n${c.rest}`;
        const first = await sendRaw(suite.server.smtpPort, raw, [intent.body.bccAddress]);
        expect(first.response).toMatch(/^250 2\.6\.0 Logged as email \d+$/);
        const again = await sendRaw(suite.server.smtpPort, raw, [intent.body.bccAddress]);
        expect(again.response).toMatch(/^250 2\.6\.0 Already logged as email \d+$/);

        const scope = suite.server.store.forAccount(suite.account.accountId);
        const keys = await scope.db
          .selectFrom('logged_emails')
          .select('email_id')
          .where('account_id', '=', suite.account.accountId)
          .where('message_id', '=', messageId)
          .execute();
        expect(keys).toHaveLength(1);
        const email = await scope.objects.get('emails', keys[0].email_id);
        const names = await scope.db
          .selectFrom('email_attachments')
          .select('name')
          .where('email_id', '=', keys[0].email_id)
          .execute();
        const stored = [...Object.values(email!.properties), ...names.map((n) => n.name)];
        for (const value of stored) expect(value).not.toMatch(LONE_OR_NUL);
        if (c.shown !== false) expect(stored.join('\n')).toContain('\uFFFD');
      });
    });
  });
}
