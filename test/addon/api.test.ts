// The /addon/v1 rules that the cards do not show directly, over real HTTP against an in-process server, on SQLite
// and on PostgreSQL: authentication, refusals that change nothing, enforced settings, attachments left out,
// never-log, exactly-once logging, and reading (T8).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SidebarMessage } from '../../src/contract/addon';
import { signIdentityToken } from '../../src/emulator';
import { CrmRecords } from '../../src/server/crm/records';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';
import { intentRequest } from '../helpers/intents';

const token = (email: string) => signIdentityToken({ email, now: Date.now(), withEmail: true });

function message(over: Partial<SidebarMessage> = {}): SidebarMessage {
  return {
    messageId: '<m-1@engines.example>',
    threadId: 'thread-1',
    headers: [{ name: 'Message-ID', value: '<m-1@engines.example>' }],
    from: 'Grace Hopper <grace@engines.example>',
    to: ['sam@acme.test'],
    cc: [],
    date: '2026-03-02T10:00:00.000Z',
    subject: 'Hello',
    html: '<p>Hello</p>',
    text: 'Hello',
    attachments: [],
    ...over,
  };
}

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('the add-on API', db), () => {
    let server: InProcessServer;
    let drop: () => Promise<void>;
    let account: TestAccount;
    let grace: number;

    const call = (method: 'GET' | 'POST', url: string, payload?: unknown, as = 'sam@acme.test') =>
      server.app.inject({ method, url: `/addon/v1${url}`, headers: { authorization: `Bearer ${token(as)}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
    const scope = () => server.store.forAccount(account.accountId);
    const intentBody = intentRequest;
    const intentCount = async () => Number((await scope().db.selectFrom('intents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    beforeAll(async () => {
      const created = await db.create();
      drop = created.drop;
      server = await startServer({ db: created.target, dataDir: created.dataDir });
      account = await createTestAccount(server.store, { users: [{ email: 'sam@acme.test', name: 'Sam Seller' }] });
      grace = (await new CrmRecords(scope()).create('contacts', { properties: { email: 'grace@engines.example', firstname: 'Grace' } })).id;
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    it('asks for a Google ID token, and says who is not a user', async () => {
      const anonymous = await server.app.inject({ method: 'GET', url: '/addon/v1/me' });
      expect(anonymous.statusCode).toBe(401);
      const stranger = await call('GET', '/me', undefined, 'eve@elsewhere.example');
      expect(stranger.statusCode).toBe(403);
      expect(stranger.json().message).toMatch(/eve@elsewhere\.example is not a user of this mailtrail server/);
    });

    it('answers me with the user, their permissions and the settings they work under', async () => {
      await scope().account.updateSettings({ neverLog: ['@competitor.example'], clickTracking: 'paid_seats' });
      const me = (await call('GET', '/me')).json();
      expect(me).toMatchObject({
        user: { email: 'sam@acme.test', name: 'Sam Seller', role: 'user' },
        account: { bccDomain: account.bccDomain },
        permissions: { mayTrack: true, mayTrackClicks: false },
        settings: { track: { value: true, enforced: false }, log: { value: true, enforced: false }, privacyMode: false },
        accountNeverLog: ['@competitor.example'],
      });
      await scope().account.updateSettings({ neverLog: [], clickTracking: 'everyone' });
    });

    it('refuses an association to a record that does not exist, or a never-log entry that is not a rule, and registers nothing', async () => {
      const before = await intentCount();
      const missing = await call('POST', '/compose/intents', intentBody({ associations: [{ type: 'deal', id: '999999' }] }));
      expect(missing.statusCode).toBe(400);
      expect(missing.json()).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR', message: expect.stringMatching(/No deal 999999 in this account/) });
      const badRule = await call('POST', '/compose/intents', intentBody({ neverLog: ['not a rule'] }));
      expect(badRule.statusCode).toBe(400);
      expect(await intentCount()).toBe(before);
    });

    it('applies enforced settings whatever the card sent', async () => {
      await scope().account.updateSettings({ logByDefault: false, enforceLog: true, enforceAssociations: true, defaultAssociations: ['contacts'] });
      try {
        const res = (await call('POST', '/compose/intents', intentBody({ log: true, associations: [] }))).json();
        expect(res).toMatchObject({ log: false, track: true, associations: [{ type: 'contact', id: String(grace) }] });
      } finally {
        await scope().account.updateSettings({ logByDefault: true, enforceLog: false, enforceAssociations: false, defaultAssociations: ['contacts', 'companies', 'deals'] });
      }
    });

    it('gives no pixel and no tracked links when tracking is off', async () => {
      const res = (await call('POST', '/compose/intents', intentBody({ track: false }))).json();
      expect(res).toMatchObject({ mode: 'off', pixelUrl: null, insertPixel: false, bccAddress: expect.stringMatching(`^log\\+[A-Za-z0-9_-]{24}@${account.bccDomain}$`) });
      // The logging address's secret is never the pixel's token, which every recipient sees (issue 19, finding 2).
      const logSecret = /^log\+([^@]+)@/.exec(res.bccAddress)![1];
      expect(logSecret).not.toBe(res.token);
      const link = await call('POST', '/compose/links', { token: logSecret, url: 'https://engines.example/', text: 'site' });
      expect(link.statusCode).toBe(409);
      const someoneElses = await call('POST', '/compose/links', { token: logSecret, url: 'https://engines.example/', text: 'site' }, 'ada@acme.test');
      expect(someoneElses.statusCode).toBe(404);
    });

    it('logs attachments it received, records the others as left out with the reason, and logs the email once', async () => {
      const body = {
        message: message({
          attachments: [
            { name: 'notes.txt', contentType: 'text/plain', size: 5, base64: Buffer.from('notes').toString('base64') },
            { name: 'video.mp4', contentType: 'video/mp4', size: 60_000_000 },
            { name: 'slides.pdf', contentType: 'application/pdf', size: 40_000_000 },
          ],
        }),
        associations: [{ type: 'contact' as const, id: String(grace) }],
        createContacts: [],
        neverLog: [],
      };
      const first = (await call('POST', '/messages', body)).json();
      expect(first).toMatchObject({
        created: true,
        leftOut: [
          { name: 'video.mp4', reason: 'over_50mb' },
          { name: 'slides.pdf', reason: 'not_uploaded' },
        ],
        thread: [],
        notLogged: [],
      });
      expect(first.url).toBe(`${server.url}/app/emails/${first.emailId}`);
      const stored = await scope().loggedEmails.attachments([Number(first.emailId)]);
      expect(stored.map((a) => [a.name, a.sha256 !== null, a.leftOut])).toEqual([
        ['notes.txt', true, null],
        ['video.mp4', false, 'left out: 60 MB is over the 50 MB limit for stored attachments'],
        ['slides.pdf', false, expect.stringMatching(/^left out: too large to send from the Gmail sidebar/)],
      ]);

      const again = (await call('POST', '/messages', body)).json();
      expect(again).toMatchObject({ emailId: first.emailId, created: false });
      expect(await scope().objects.count('emails')).toBe(1);
    });

    it('does not log an email whose other parties are all never-logged, nor someone else\'s email', async () => {
      const neverLogged = await call('POST', '/messages', { message: message({ messageId: '<m-2@private.example>', from: 'ceo@private.example' }), associations: [], createContacts: [], neverLog: ['@private.example'] });
      expect(neverLogged.statusCode).toBe(409);
      expect(neverLogged.json().message).toBe('This email was not logged: every other address on this email is on a never-log list.');
      const notTheirs = await call('POST', '/messages', { message: message({ messageId: '<m-3@x.example>', to: ['someone@x.example'] }), associations: [], createContacts: [], neverLog: [] });
      expect(notTheirs.statusCode).toBe(409);
      expect(notTheirs.json().message).toMatch(/neither its sender nor one of its recipients/);
      expect(await scope().loggedEmails.byMessageId('<m-2@private.example>')).toBeUndefined();
    });

    it('notes what the user is reading, from the message card and from viewing', async () => {
      const sam = account.users['sam@acme.test'].id;
      const logged = scope().loggedEmails;
      const ctx = await call('POST', '/message/context', { messageId: '<m-1@engines.example>', threadId: 'thread-1', from: 'grace@engines.example', to: ['sam@acme.test'], cc: [], neverLog: [] });
      expect(ctx.statusCode).toBe(200);
      expect(ctx.json().logged).toMatchObject({ url: expect.stringContaining('/app/emails/') });
      expect(await logged.lastViewed(sam, '<m-1@engines.example>')).toBeGreaterThan(0);

      const viewing = await call('POST', '/viewing', { threadId: 'thread-9', messageIds: ['<v-1@x.example>', 'not-an-id with spaces'] });
      expect(viewing.statusCode).toBe(204);
      expect(await logged.lastViewed(sam, '<v-1@x.example>')).toBeGreaterThan(0);
    });

    it("shows a tracked email's state on its sender's message card", async () => {
      const res = (await call('POST', '/compose/intents', intentBody())).json();
      await scope().intents.markSent(Number(res.intentId), { messageId: '<sent-1@acme.test>', subject: 'Proposal', sentAt: Date.parse('2026-03-03T09:00:00Z') });
      const ctx = (await call('POST', '/message/context', { messageId: '<sent-1@acme.test>', threadId: 't', from: 'sam@acme.test', to: ['grace@engines.example'], cc: [], neverLog: [] })).json();
      expect(ctx.tracked).toEqual({ mode: 'identified', sentAt: '2026-03-03T09:00:00.000Z', opens: [], clicks: [] });
      expect(ctx.sender.status).toBe('internal');
    });
  });
}
