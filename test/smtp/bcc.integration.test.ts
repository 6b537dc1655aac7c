// Logging by BCC end to end (L1, L3–L6, L9, B4): intents registered through the real /addon/v1 API, real mail sent with
// nodemailer to the BCC listener of a real server, results read back from the store, on SQLite and on PostgreSQL.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseLoggingAddress } from '../../src/contract/logging-address';
import fc from 'fast-check';
import type Mail from 'nodemailer/lib/mailer';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AssociationRef,
  ComposeIntentRequest,
  ComposeIntentResponse,
  SidebarMessage,
} from '../../src/contract/addon';
import { signIdentityToken } from '../../src/emulator';
import { CrmRecords } from '../../src/server/crm/records';
import { AttachmentStore } from '../../src/server/core/attachments';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { client, type Client } from '../helpers/http';
import { PG_ADMIN_URL } from '../helpers/pg';
import { startServer, type InProcessServer } from '../helpers/server';
import { send, sendRaw, type SendResult } from './harness';
import { mimeMessage, render } from './mime-arbitrary';
import { intentRequest } from '../helpers/intents';

const SAM = 'sam@acme.test';
let serial = 0;
const unique = (what: string) => `${what}-${process.pid}-${++serial}`;

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('logging by BCC', db), () => {
    let server: InProcessServer;
    let target: Awaited<ReturnType<typeof db.create>>;
    let account: TestAccount;
    let addon: Client;
    let crm: { grace: number; engines: number; deal: number };

    const scope = () => server.store.forAccount(account.accountId);
    const logged = () => scope().loggedEmails;
    const sam = () => account.users[SAM];

    /** Apply in the compose card: registers the intent and returns its logging address. */
    async function apply(over: Partial<ComposeIntentRequest> = {}): Promise<ComposeIntentResponse> {
      const res = await addon.post('/addon/v1/compose/intents', intentRequest(over));
      expect(res.status, res.text).toBe(200);
      return res.body;
    }

    /** What Gmail delivers to the listener: the email as sent, to the logging address only. */
    function deliver(bccAddress: string, mail: Mail.Options, port = server.smtpPort): Promise<SendResult> {
      return send(port, {
        from: 'Sam Seller <sam@acme.test>',
        to: 'Grace Hopper <grace@engines.example>',
        subject: 'The compiler proposal',
        text: 'Hello Grace, the proposal is attached.',
        html: '<p>Hello Grace, the proposal is <b>attached</b>.</p>',
        date: new Date('2026-03-03T09:15:00Z'),
        ...mail,
        envelope: { from: 'sam@acme.test', to: [bccAddress] },
      });
    }

    const associated = async (emailId: number) => ({
      contacts: (await scope().associations.list(emailId, 'contacts', { limit: 50 })).map((a) => a.toId),
      companies: (await scope().associations.list(emailId, 'companies', { limit: 50 })).map((a) => a.toId),
      deals: (await scope().associations.list(emailId, 'deals', { limit: 50 })).map((a) => a.toId),
    });
    const emailsWithMessageId = async (messageId: string) =>
      (
        await scope()
          .db.selectFrom('logged_emails')
          .select('email_id')
          .where('account_id', '=', account.accountId)
          .where('message_id', '=', messageId)
          .execute()
      ).length;
    // Every logged email is one CRM email object with one Message-ID key: a second object would be a duplicate.
    const expectNoDuplicateEmail = async () => {
      const db = scope().db;
      const objects = await db
        .selectFrom('crm_objects')
        .select('id')
        .where('account_id', '=', account.accountId)
        .where('object_type', '=', 'emails')
        .execute();
      const keys = await db
        .selectFrom('logged_emails')
        .select('email_id')
        .where('account_id', '=', account.accountId)
        .execute();
      expect(objects.length).toBe(keys.length);
    };
    const contactByEmail = async (email: string) =>
      (await scope().objects.getByUniqueProperty('contacts', 'email', [email]))[0];

    beforeAll(async () => {
      target = await db.create();
      server = await startServer({ db: target.target, dataDir: target.dataDir });
      account = await createTestAccount(server.store, {
        users: [
          {
            email: SAM,
            name: 'Sam Seller',
            aliases: ['sam.seller@acme.test', 'ada@sales.example', 'zoe@sales.example'],
          },
        ],
      });
      const records = new CrmRecords(scope());
      const engines = await records.create('companies', {
        properties: { name: 'Analytical Engines', domain: 'engines.example' },
      });
      const grace = await records.create('contacts', {
        properties: { email: 'grace@engines.example', firstname: 'Grace', lastname: 'Hopper' },
        associations: [
          {
            to: { id: String(engines.id) },
            types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }],
          },
        ],
      });
      const deal = await records.create('deals', {
        properties: { dealname: 'Compiler licence', dealstage: 'qualifiedtobuy', amount: '12000' },
        associations: [
          { to: { id: String(grace.id) }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] },
        ],
      });
      crm = { grace: grace.id, engines: engines.id, deal: deal.id };
      addon = client(server.url, signIdentityToken({ email: SAM, now: Date.now(), withEmail: true }));
    });
    afterAll(async () => {
      await server?.close();
      await target?.drop();
    });

    const picked = (): AssociationRef[] => [
      { type: 'contact', id: String(crm.grace) },
      { type: 'company', id: String(crm.engines) },
      { type: 'deal', id: String(crm.deal) },
    ];

    it('logs a tracked and logged email once with the contact, company and deal picked, and records Sent at the send time', async () => {
      const { token, bccAddress } = await apply({ associations: picked() });
      const messageId = `<${unique('proposal')}@acme.test>`;
      const subject = `Proposal ${unique('subject')}`;
      const result = await deliver(bccAddress, { messageId, subject });
      expect(result.ok, result.response).toBe(true);
      expect(result.response).toMatch(/^250 2\.6\.0 Logged as email \d+$/);

      const entry = await logged().byMessageId(messageId);
      expect(entry).toMatchObject({ source: 'bcc', userId: sam().id });
      expect(await associated(entry!.emailId)).toEqual({
        contacts: [crm.grace],
        companies: [crm.engines],
        deals: [crm.deal],
      });
      const email = await scope().objects.get('emails', entry!.emailId);
      expect(email?.properties).toMatchObject({
        hs_email_subject: subject,
        hs_email_direction: 'EMAIL',
        hs_email_message_id: messageId,
        hs_email_text: 'Hello Grace, the proposal is attached.',
        hubspot_owner_id: String(sam().id),
        hs_timestamp: '2026-03-03T09:15:00.000Z',
      });
      const intent = await scope().intents.byToken(token);
      expect(intent).toMatchObject({ messageId, subject, sentAt: Date.parse('2026-03-03T09:15:00Z') });
      // The user's feed (the add-on's home card): *Sent* at the send time until someone opens it, and *Logged*.
      const feed = (await addon.get('/addon/v1/feed?limit=50')).body.items.filter(
        (i: { subject: string }) => i.subject === subject,
      );
      expect(feed).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'sent',
            at: '2026-03-03T09:15:00.000Z',
            emailUrl: expect.stringContaining(String(entry!.emailId)),
          }),
          // Every row names its contact (T3): the logged email's is the contact it is logged to.
          expect.objectContaining({
            kind: 'logged',
            contact: expect.objectContaining({ id: String(crm.grace), email: 'grace@engines.example' }),
          }),
        ]),
      );
    });

    it('keeps one email when the same message comes twice by BCC and once more from the sidebar', async () => {
      const { bccAddress } = await apply({ associations: [{ type: 'contact', id: String(crm.grace) }] });
      const messageId = `<${unique('twice')}@acme.test>`;
      const first = await deliver(bccAddress, { messageId });
      const again = await deliver(bccAddress, { messageId });
      expect(first.ok && again.ok).toBe(true);
      const emailId = (await logged().byMessageId(messageId))!.emailId;
      expect(again.ok && again.response).toBe(`250 2.6.0 Already logged as email ${emailId}`);

      const sidebar: SidebarMessage = {
        messageId,
        threadId: 'thread-twice',
        headers: [{ name: 'Message-ID', value: messageId }],
        from: 'Sam Seller <sam@acme.test>',
        to: ['Grace Hopper <grace@engines.example>'],
        cc: [],
        date: '2026-03-03T09:15:00.000Z',
        subject: 'The compiler proposal',
        html: '<p>Hello</p>',
        text: 'Hello',
        attachments: [],
      };
      const res = await addon.post('/addon/v1/messages', {
        message: sidebar,
        associations: [{ type: 'deal', id: String(crm.deal) }],
        createContacts: [],
        neverLog: [],
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ emailId: String(emailId), created: false });
      expect(await emailsWithMessageId(messageId)).toBe(1);
      // The later copy added its association to the one email, never a second email.
      expect(await associated(emailId)).toEqual({ contacts: [crm.grace], companies: [], deals: [crm.deal] });
    });

    it('creates exactly one contact, non-marketing and owned by the sender, for the recipient ticked "create contact"', async () => {
      const { bccAddress } = await apply({
        recipients: { to: ['newbie@startup.example', 'other@startup.example'], cc: [], bcc: [] },
        createContacts: ['newbie@startup.example'],
      });
      const messageId = `<${unique('new-contacts')}@acme.test>`;
      const result = await deliver(bccAddress, {
        messageId,
        to: ['Nina Newbie <newbie@startup.example>', 'other@startup.example'],
      });
      expect(result.ok, result.response).toBe(true);

      const newbie = await contactByEmail('newbie@startup.example');
      expect(newbie?.properties).toMatchObject({
        firstname: 'Nina',
        lastname: 'Newbie',
        hs_marketable_status: 'false',
        hubspot_owner_id: String(sam().id),
      });
      expect(await contactByEmail('other@startup.example')).toBeUndefined();
      const emailId = (await logged().byMessageId(messageId))!.emailId;
      expect((await associated(emailId)).contacts).toEqual([newbie!.id]);
    });

    it('neither logs to nor creates a contact for a CC on the never-log list or at a never-log domain', async () => {
      await scope().account.updateSettings({ neverLog: ['@rivals.example'] });
      try {
        const { bccAddress } = await apply({
          associations: [{ type: 'contact', id: String(crm.grace) }],
          recipients: { to: ['grace@engines.example'], cc: ['secret@partner.example', 'boss@rivals.example'], bcc: [] },
          createContacts: ['secret@partner.example', 'boss@rivals.example'],
          neverLog: ['secret@partner.example'],
        });
        const messageId = `<${unique('never-log')}@acme.test>`;
        const result = await deliver(bccAddress, {
          messageId,
          cc: ['secret@partner.example', 'Boss <boss@rivals.example>'],
        });
        expect(result.ok, result.response).toBe(true);
        expect(await contactByEmail('secret@partner.example')).toBeUndefined();
        expect(await contactByEmail('boss@rivals.example')).toBeUndefined();
        const emailId = (await logged().byMessageId(messageId))!.emailId;
        expect((await associated(emailId)).contacts).toEqual([crm.grace]);
      } finally {
        await scope().account.updateSettings({ neverLog: [] });
      }
    });

    it('stores a small attachment and records a 51 MB one as left out, with the reason', async () => {
      const { bccAddress } = await apply();
      const messageId = `<${unique('attachments')}@acme.test>`;
      const result = await deliver(bccAddress, {
        messageId,
        attachments: [
          { filename: 'proposal.txt', content: 'Compiler licence: 12000' },
          { filename: 'demo.mov', content: Buffer.alloc(51_000_000, 0x20), contentType: 'video/quicktime' },
        ],
      });
      expect(result.ok, result.response).toBe(true);
      const emailId = (await logged().byMessageId(messageId))!.emailId;
      const attachments = await logged().attachments([emailId]);
      expect(attachments).toEqual([
        expect.objectContaining({
          name: 'proposal.txt',
          size: 23,
          leftOut: null,
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        }),
        expect.objectContaining({
          name: 'demo.mov',
          size: 51_000_000,
          sha256: null,
          leftOut: 'left out: 51 MB is over the 50 MB limit for stored attachments',
        }),
      ]);
      const store = new AttachmentStore(join(target.dataDir, 'attachments'));
      expect(await readFile(store.pathOf(attachments[0].sha256!), 'utf8')).toBe('Compiler licence: 12000');
    });

    it("logs nothing when the From address is not the user's, and says why in their feed; an alias is theirs", async () => {
      const { token, bccAddress } = await apply({ associations: [{ type: 'contact', id: String(crm.grace) }] });
      const messageId = `<${unique('spoofed')}@acme.test>`;
      const result = await deliver(bccAddress, { messageId, from: 'Ada Lovelace <ada@acme.test>' });
      expect(result.ok && result.response).toBe(
        '250 2.6.0 Not logged: it was sent from ada@acme.test, which is not sam@acme.test, one of its connected inboxes or one of its aliases',
      );
      expect(await logged().byMessageId(messageId)).toBeUndefined();
      expect((await scope().intents.byToken(token))?.sentAt).toBeNull();
      const feed = (await addon.get('/addon/v1/feed?limit=50')).body.items;
      expect(feed).toContainEqual(
        expect.objectContaining({
          kind: 'not_logged',
          subject: 'The compiler proposal',
          reason: expect.stringMatching(/^it was sent from ada@acme\.test, which is not sam@acme\.test/),
        }),
      );

      const alias = await apply();
      const viaAlias = `<${unique('alias')}@acme.test>`;
      expect(
        (await deliver(alias.bccAddress, { messageId: viaAlias, from: 'Sam Seller <Sam.Seller@acme.test>' })).ok,
      ).toBe(true);
      expect(await logged().byMessageId(viaAlias)).toBeDefined();
    });

    it('records Sent for a track-only email and stores no content', async () => {
      const { token, bccAddress } = await apply({ log: false });
      const messageId = `<${unique('track-only')}@acme.test>`;
      const result = await deliver(bccAddress, { messageId });
      expect(result.ok && result.response).toBe(`250 2.6.0 Sent recorded for ${messageId}`);
      expect(await logged().byMessageId(messageId)).toBeUndefined();
      expect(await scope().intents.byToken(token)).toMatchObject({
        messageId,
        sentAt: Date.parse('2026-03-03T09:15:00Z'),
      });
    });

    it('logs a tracked email without its pixel and with each tracked link leading to its target', async () => {
      const intent = await apply({ associations: picked() });
      const link = await addon.post('/addon/v1/compose/links', {
        token: parseLoggingAddress(intent.bccAddress)!.secret,
        url: 'https://engines.example/pricing?plan=pro&seats=3',
        text: 'our pricing',
      });
      expect(link.status, link.text).toBe(200);
      const { pixelUrl } = intent;
      expect(pixelUrl).toMatch(/\/t\/o\/.+\.gif$/);
      const messageId = `<${unique('tracked-body')}@acme.test>`;
      // Gmail sends the html only; the text copy is the parser's, which writes every link and image as `[url]`.
      const result = await deliver(intent.bccAddress, {
        messageId,
        text: undefined,
        html:
          `<div>Hello Grace, see <a href="${link.body.trackedUrl}">our pricing</a>.</div>` +
          `<div>Sam</div><img src="${pixelUrl}" width="1" height="1" alt="">`,
      });
      expect(result.ok, result.response).toBe(true);

      const email = await scope().objects.get('emails', (await logged().byMessageId(messageId))!.emailId);
      const { hs_email_html: html, hs_email_text: text } = email!.properties;
      expect(html).not.toContain('/t/o/');
      expect(html).not.toContain('/t/c/');
      expect(html).toContain('<a href="https://engines.example/pricing?plan=pro&amp;seats=3">our pricing</a>');
      expect(text).not.toContain('/t/');
      expect(text).toContain('https://engines.example/pricing?plan=pro&seats=3');
      expect(text).toMatch(/Sam$/);
    });

    it('joins a reply to the thread of the email it answers', async () => {
      const first = await apply();
      const rootId = `<${unique('root')}@acme.test>`;
      await deliver(first.bccAddress, { messageId: rootId });
      const reply = await apply();
      const replyId = `<${unique('reply')}@acme.test>`;
      const result = await deliver(reply.bccAddress, {
        messageId: replyId,
        inReplyTo: `<grace-answer@engines.example>`,
        references: [rootId, '<grace-answer@engines.example>'],
        subject: 'Re: The compiler proposal',
      });
      expect(result.ok, result.response).toBe(true);
      const root = await logged().byMessageId(rootId);
      const answer = await logged().byMessageId(replyId);
      expect(answer?.threadKey).toBe(root?.threadKey);
      expect((await logged().thread(root!.threadKey)).map((e) => e.messageId)).toEqual([rootId, replyId]);
    });

    it('refuses at RCPT, with the reason, an unknown token, another domain and an address that is not a logging one', async () => {
      const { token } = await apply();
      const answers = await Promise.all(
        [
          `log+${'x'.repeat(24)}@${account.bccDomain}`,
          `log+${token}@elsewhere.example`,
          `sales@${account.bccDomain}`,
        ].map((to) =>
          sendRaw(server.smtpPort, `Message-ID: <${unique('rcpt')}@acme.test>\r\nFrom: sam@acme.test\r\n\r\nhi\r\n`, [
            to,
          ]),
        ),
      );
      expect(answers.map((a) => (a.ok ? a.response : `${a.responseCode} ${a.response}`))).toEqual([
        expect.stringMatching(/^550 .*No email is waiting to be logged under log\+x+@/),
        expect.stringMatching(/^550 .*No email is waiting to be logged under log\+.*@elsewhere\.example/),
        expect.stringMatching(/^550 .*sales@.* is not a mailtrail logging address/),
      ]);
    });

    it('answers 451 when the database stops in the middle of a delivery, and the retry logs the email once', async () => {
      const { token, bccAddress } = await apply({ associations: [{ type: 'contact', id: String(crm.grace) }] });
      const messageId = `<${unique('outage')}@acme.test>`;
      const outage =
        db.name === 'sqlite'
          ? await sqliteLockedByAnotherProcess(target.target)
          : await postgresStoppedMidTransaction(target.target);
      let first: SendResult;
      try {
        first = await outage.during(() => deliver(bccAddress, { messageId }));
      } finally {
        await outage.end();
      }
      expect(first).toMatchObject({ ok: false, responseCode: 451 });
      expect(first.response).toMatch(
        /^451 4\.3\.0 Cannot log this email right now \(the database is unavailable\); try again later$/,
      );
      expect(await logged().byMessageId(messageId)).toBeUndefined();

      const retry = await deliver(bccAddress, { messageId });
      expect(retry.ok, retry.response).toBe(true);
      expect(await emailsWithMessageId(messageId)).toBe(1);
      expect(await scope().intents.byToken(token)).toMatchObject({
        messageId,
        sentAt: Date.parse('2026-03-03T09:15:00Z'),
      });
    });

    // Several instances share PostgreSQL (D2); the embedded SQLite file serves one.
    if (db.name === 'postgres')
      it('keeps one email when two listeners take the same copy at the same moment (several instances)', async () => {
        const second = await startServer({ db: target.target, dataDir: target.dataDir });
        try {
          const { bccAddress } = await apply({
            associations: [
              { type: 'contact', id: String(crm.grace) },
              { type: 'deal', id: String(crm.deal) },
            ],
          });
          const messageId = `<${unique('two-listeners')}@acme.test>`;
          const results = await Promise.all([
            deliver(bccAddress, { messageId }),
            deliver(bccAddress, { messageId }, second.smtpPort),
          ]);
          expect(results.map((r) => r.ok)).toEqual([true, true]);
          expect(await emailsWithMessageId(messageId)).toBe(1);
          const emailId = (await logged().byMessageId(messageId))!.emailId;
          expect(await associated(emailId)).toEqual({ contacts: [crm.grace], companies: [], deals: [crm.deal] });
        } finally {
          await second.close();
        }
      });

    // What the listener does with odd input does not depend on the database: these two run once, on SQLite.
    if (db.name === 'sqlite')
      it('takes the odd-message corpus without an unforeseen error, logging each readable one once', async () => {
        const corpus = new URL('./corpus/', import.meta.url);
        for (const file of (await readdir(corpus)).filter((f) => f.endsWith('.eml'))) {
          const raw = await readFile(new URL(file, corpus));
          const { bccAddress } = await apply();
          const answers = [
            await sendRaw(server.smtpPort, raw, [bccAddress]),
            await sendRaw(server.smtpPort, raw, [bccAddress]),
          ];
          for (const a of answers) expect(a.ok || a.responseCode === 554, `${file}: ${a.response}`).toBe(true);
          if (answers[0].ok) expect(answers[0].response, file).toMatch(/^250 2\.6\.0 (Logged as email|Not logged:)/);
        }
        await expectNoDuplicateEmail();
      });

    if (db.name === 'sqlite')
      it('never logs a random MIME-ish message twice, and answers each with 250 or a reasoned 5xx', async () => {
        await fc.assert(
          fc.asyncProperty(mimeMessage, async (m) => {
            const { bccAddress } = await apply();
            const raw = render(m, ['From: Sam Seller <sam@acme.test>']);
            for (let i = 0; i < 2; i++) {
              const a = await sendRaw(server.smtpPort, raw, [bccAddress]);
              if (!a.ok) expect(a.response, a.response).toMatch(/^5\d\d 5\.\d+\.\d+ \S/);
            }
            await expectNoDuplicateEmail();
          }),
          { numRuns: 25 },
        );
      });
  });
}

type Outage = { during<T>(action: () => Promise<T>): Promise<T>; end(): Promise<void> };

/**
 * SQLite: another process holds the write lock (a backup, a second tool on the file) for longer than the server's
 * busy timeout. Readers go on (WAL), so the copy is accepted at RCPT and parsed; its first write then fails.
 */
async function sqliteLockedByAnotherProcess(target: { kind: string; path?: string }): Promise<Outage> {
  const holder = new Database(target.path!);
  holder.pragma('busy_timeout = 0');
  holder.exec('begin immediate');
  return {
    during: (action) => action(),
    async end() {
      holder.exec('rollback');
      holder.close();
    },
  };
}

/**
 * PostgreSQL: the database is stopped while the delivery is inside its logging transaction. A lock taken by this
 * test holds the delivery there; then the database stops taking connections and every session on it is
 * terminated, the delivery's included. `end()` lets connections in again.
 */
async function postgresStoppedMidTransaction(target: { kind: string; url?: string }): Promise<Outage> {
  const name = new URL(target.url!).pathname.slice(1);
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  const locker = new pg.Client({ connectionString: target.url });
  await locker.connect();
  locker.on('error', () => {});
  return {
    async during(action) {
      await locker.query('begin');
      await locker.query('lock table logged_emails in access exclusive mode');
      const pending = action();
      // Wait until the delivery's transaction is blocked on the lock: it is now half-way through logging.
      for (;;) {
        const { rows } = await admin.query(
          `select count(*)::int as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock' and pid <> $2`,
          [name, (locker as unknown as { processID: number }).processID],
        );
        if (rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await admin.query(`alter database ${name} allow_connections false`);
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> $2`, [
        name,
        (locker as unknown as { processID: number }).processID,
      ]);
      const result = await pending;
      await locker.query('rollback');
      return result;
    },
    async end() {
      await admin.query(`alter database ${name} allow_connections true`);
      await locker.end().catch(() => {});
      await admin.end();
    },
  };
}
