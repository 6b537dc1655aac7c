// Send-time truth (L10, L11, issue 12) end to end: intents registered through the real /addon/v1 API, copies sent
// with nodemailer to the real BCC listener of a real server, results read back through the store, the feed and the
// web app's API, on SQLite and on PostgreSQL.
import type Mail from 'nodemailer/lib/mailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssociationRef, ComposeIntentRequest } from '../../src/contract/addon';
import { signIdentityToken } from '../../src/emulator';
import { routingAddress } from '../../src/server/accounts/logging-addresses';
import { CrmRecords } from '../../src/server/crm/records';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { client, type Client } from '../helpers/http';
import { intentRequest } from '../helpers/intents';
import { startServer, type InProcessServer } from '../helpers/server';
import { UA } from '../tracking/fixtures';
import { send, sendRaw, type SendResult } from './harness';

const ALICE = 'alice@acme.test';
let serial = 0;
const unique = (what: string) => `<${what}-${process.pid}-${++serial}@acme.test>`;
const answer = (r: SendResult) => (r.ok ? r.response : `${r.responseCode} ${r.response}`);

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('send-time truth and logging without Apply', db), () => {
    let server: InProcessServer;
    let target: Awaited<ReturnType<typeof db.create>>;
    let account: TestAccount;
    let addon: Client;
    let web: Client;
    let crm: Record<'carol' | 'carolCo' | 'dave' | 'daveCo' | 'hank' | 'bigDeal', number>;

    const scope = () => server.store.forAccount(account.accountId);
    const alice = () => account.users[ALICE];

    async function apply(over: Partial<ComposeIntentRequest>): Promise<{ token: string; bccAddress: string }> {
      const res = await addon.post('/addon/v1/compose/intents', intentRequest(over));
      expect(res.status, res.text).toBe(200);
      return res.body;
    }

    /** Alice's email as Gmail delivers it to the given logging addresses. */
    function deliver(to: string[], mail: Mail.Options): Promise<SendResult> {
      return send(server.smtpPort, {
        from: 'Alice Archer <alice@acme.test>',
        to: 'Carol Cole <carol@carol.example>',
        subject: 'Our offer',
        text: 'Hello, here is our offer.',
        date: new Date('2026-03-03T09:15:00Z'),
        ...mail,
        envelope: { from: ALICE, to },
      });
    }

    const associated = async (emailId: number) => ({
      contacts: (await scope().associations.list(emailId, 'contacts', { limit: 50 })).map((a) => a.toId).sort(),
      companies: (await scope().associations.list(emailId, 'companies', { limit: 50 })).map((a) => a.toId).sort(),
      deals: (await scope().associations.list(emailId, 'deals', { limit: 50 })).map((a) => a.toId).sort(),
    });
    const emailOf = async (messageId: string) => (await scope().loggedEmails.byMessageId(messageId))?.emailId;
    const copiesOf = async (messageId: string) =>
      (
        await scope()
          .db.selectFrom('logged_emails')
          .select('email_id')
          .where('account_id', '=', account.accountId)
          .where('message_id', '=', messageId)
          .execute()
      ).length;
    const timelineCard = async (emailId: number) => {
      const res = await web.get(`/web/v1/emails/${emailId}`);
      expect(res.status, res.text).toBe(200);
      return res.body.email as { tracking: unknown; sendNotes: string[] };
    };
    const feed = async () => (await addon.get('/addon/v1/feed?limit=50')).body.items as Array<Record<string, unknown>>;

    beforeAll(async () => {
      target = await db.create();
      server = await startServer({ db: target.target, dataDir: target.dataDir });
      account = await createTestAccount(server.store, {
        users: [{ email: ALICE, name: 'Alice Archer', aliases: ['alice.archer@acme.test'] }],
      });
      const records = new CrmRecords(scope());
      const company = (name: string, domain: string) => records.create('companies', { properties: { name, domain } });
      const contact = (email: string, first: string, last: string, companyId: number) =>
        records.create('contacts', {
          properties: { email, firstname: first, lastname: last },
          associations: [
            {
              to: { id: String(companyId) },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }],
            },
          ],
        });
      const carolCo = await company('Cole Carpentry', 'carol.example');
      const daveCo = await company('Duck Deliveries', 'dave.example');
      const hankCo = await company('Hill Hardware', 'hank.example');
      const carol = await contact('carol@carol.example', 'Carol', 'Cole', carolCo.id);
      const dave = await contact('dave@dave.example', 'Dave', 'Duck', daveCo.id);
      const hank = await contact('hank@hank.example', 'Hank', 'Hill', hankCo.id);
      const bigDeal = await records.create('deals', {
        properties: { dealname: 'Big deal', dealstage: 'qualifiedtobuy' },
      });
      crm = {
        carol: carol.id,
        carolCo: carolCo.id,
        dave: dave.id,
        daveCo: daveCo.id,
        hank: hank.id,
        bigDeal: bigDeal.id,
      };
      addon = client(server.url, signIdentityToken({ email: ALICE, now: Date.now(), withEmail: true }));
      const session = await fetch(`${server.url}/web/v1/auth/dev`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ userId: String(alice().id) }),
      });
      const cookie = session.headers.get('set-cookie')!.split(';')[0];
      const webClient = client(server.url);
      web = {
        ...webClient,
        get: (path: string) => webClient.call('GET', path, undefined, { cookie }),
        post: (path: string, body?: unknown) => webClient.call('POST', path, body, { cookie, origin: server.url }),
      };
    });
    afterAll(async () => {
      await server?.close();
      await target?.drop();
    });

    const ref = (type: AssociationRef['type'], id: number): AssociationRef => ({ type, id: String(id) });

    it('logs to a recipient added in Cc after Apply with the defaults, and records later opens as anonymous', async () => {
      const applied = await apply({
        recipients: { to: ['carol@carol.example'], cc: [], bcc: [] },
        associations: [ref('contact', crm.carol), ref('company', crm.carolCo)],
      });
      const messageId = unique('cc-added');
      const result = await deliver([applied.bccAddress], { messageId, cc: 'Dave Duck <dave@dave.example>' });
      expect(result.ok, answer(result)).toBe(true);

      const emailId = (await emailOf(messageId))!;
      expect(await associated(emailId)).toEqual({
        contacts: [crm.carol, crm.dave].sort(),
        companies: [crm.carolCo, crm.daveCo].sort(),
        deals: [],
      });
      const intent = (await scope().intents.byToken(applied.token))!;
      expect(intent).toMatchObject({ mode: 'anonymous', attributedTo: null });

      // A person opens it: one pixel, two readers, so nobody is credited by name (T7).
      await fetch(`${server.url}/t/o/${applied.token}.gif`, { headers: { 'user-agent': UA.chrome } }).then((r) =>
        r.arrayBuffer(),
      );
      const [open] = await scope().tracking.eventsOf(intent.id, 10);
      expect(open).toMatchObject({ kind: 'open', anonymous: true, contactId: null });
      expect((await feed()).find((i) => i.id === `e${intent.id}`)).toMatchObject({ anonymous: true, contact: null });

      expect((await timelineCard(emailId)).sendNotes).toEqual([
        "Dave Duck, added after Apply, logged with the account's defaults",
        'Sent to several readers: opens are recorded as "someone opened", never by name',
      ]);
    });

    it('drops what was pre-selected only for a recipient removed after Apply, and keeps what the rep ticked by hand', async () => {
      const applied = await apply({
        recipients: { to: ['carol@carol.example', 'hank@hank.example'], cc: [], bcc: [] },
        associations: [ref('contact', crm.carol), ref('contact', crm.hank), ref('deal', crm.bigDeal)],
      });
      const messageId = unique('hank-removed');
      const result = await deliver([applied.bccAddress], { messageId });
      expect(result.ok, answer(result)).toBe(true);
      expect(await associated((await emailOf(messageId))!)).toEqual({
        contacts: [crm.carol],
        companies: [],
        deals: [crm.bigDeal],
      });
      // Carol alone read it: her opens are hers again.
      expect(await scope().intents.byToken(applied.token)).toMatchObject({
        mode: 'identified',
        attributedTo: { address: 'carol@carol.example', contactId: crm.carol },
      });
    });

    it('logs a copy on the routing address and one on the personal address on Carol, not tracked, and one Message-ID once', async () => {
      const routing = await routingAddress(scope());
      const personal = (await addon.get('/addon/v1/me')).body.bccAddress as string;
      expect(personal).toMatch(new RegExp(`^bcc\\+[A-Za-z0-9_-]{24}@${account.bccDomain}$`));
      expect(routing).toMatch(new RegExp(`^route\\+[A-Za-z0-9_-]{24}@${account.bccDomain}$`));
      expect((await web.get('/web/v1/logging-addresses')).body).toEqual({ bccAddress: personal, routingAddress: null });

      const viaRouting = unique('routing');
      expect(answer(await deliver([routing], { messageId: viaRouting }))).toMatch(/^250 .*Logged as email \d+$/);
      const viaPersonal = unique('personal');
      expect(answer(await deliver([personal], { messageId: viaPersonal }))).toMatch(/^250 .*Logged as email \d+$/);
      const items = await feed();
      for (const messageId of [viaRouting, viaPersonal]) {
        const emailId = (await emailOf(messageId))!;
        expect(await associated(emailId)).toEqual({ contacts: [crm.carol], companies: [crm.carolCo], deals: [] });
        // Not applied, not tracked: logged in the feed, and nothing there or on the timeline says opened or not.
        expect((await timelineCard(emailId)).tracking).toBeNull();
        const ofEmail = items.filter((i) => String(i.emailUrl ?? '').endsWith(`/emails/${emailId}`));
        expect(ofEmail.map((i) => i.kind)).toEqual(['logged']);
      }

      const twice = unique('two-paths');
      const first = await deliver([routing], { messageId: twice });
      const second = await deliver([personal], { messageId: twice });
      expect(first.ok && second.ok).toBe(true);
      expect(answer(second)).toBe(`250 2.6.0 Already logged as email ${await emailOf(twice)}`);
      expect(await copiesOf(twice)).toBe(1);
    });

    it('lets an Apply in the same delivery win over the defaults of the personal and routing addresses', async () => {
      const applied = await apply({
        recipients: { to: ['carol@carol.example'], cc: [], bcc: [] },
        associations: [ref('contact', crm.carol)],
      });
      const personal = (await addon.get('/addon/v1/me')).body.bccAddress as string;
      const messageId = unique('apply-wins');
      const result = await deliver([await routingAddress(scope()), personal, applied.bccAddress], { messageId });
      expect(result.ok, answer(result)).toBe(true);
      expect(await copiesOf(messageId)).toBe(1);
      // Apply unticked Carol's company: the defaults do not bring it back.
      expect(await associated((await emailOf(messageId))!)).toEqual({
        contacts: [crm.carol],
        companies: [],
        deals: [],
      });
    });

    it('lets an Apply whose copy comes after the routing copy win: its choices replace the defaults', async () => {
      const applied = await apply({
        recipients: { to: ['carol@carol.example'], cc: [], bcc: [] },
        associations: [ref('contact', crm.carol)],
      });
      const messageId = unique('apply-later');
      expect((await deliver([await routingAddress(scope())], { messageId })).ok).toBe(true);
      const emailId = (await emailOf(messageId))!;
      expect((await associated(emailId)).companies).toEqual([crm.carolCo]);

      const result = await deliver([applied.bccAddress], { messageId });
      expect(answer(result)).toBe(`250 2.6.0 Already logged as email ${emailId}`);
      expect(await associated(emailId)).toEqual({ contacts: [crm.carol], companies: [], deals: [] });
      // It is the applied, tracked email now.
      expect((await timelineCard(emailId)).tracking).toMatchObject({ opens: 0 });
      expect(await copiesOf(messageId)).toBe(1);
    });

    it('refuses a rotated or unknown personal or routing address at RCPT, saying why', async () => {
      const oldPersonal = (await web.get('/web/v1/logging-addresses')).body.bccAddress as string;
      const rotated = await web.post('/web/v1/logging-addresses/personal/rotate');
      expect(rotated.status, rotated.text).toBe(200);
      const newPersonal = rotated.body.bccAddress as string;
      expect(newPersonal).not.toBe(oldPersonal);
      const oldRouting = await routingAddress(scope());
      const newRouting = await routingAddress(scope(), { rotate: true });

      const raw = (id: string) => `Message-ID: ${id}\r\nFrom: alice@acme.test\r\nTo: carol@carol.example\r\n\r\nhi\r\n`;
      const refused = await Promise.all(
        [
          oldPersonal,
          oldRouting,
          `bcc+${'x'.repeat(24)}@${account.bccDomain}`,
          `route+${'y'.repeat(24)}@${account.bccDomain}`,
        ].map((to) => sendRaw(server.smtpPort, raw(unique('refused')), [to])),
      );
      expect(refused.map(answer)).toEqual([
        expect.stringMatching(
          /^550 .*bcc\+.* was replaced by a new address on \d{4}-\d\d-\d\d and logs nothing; your current personal address is in the mailtrail add-on's settings and in the web app$/,
        ),
        expect.stringMatching(
          /^550 .*route\+.* was replaced by a new address on .*; the account's current routing address is on the web app's admin page/,
        ),
        expect.stringMatching(/^550 .*bcc\+x+@.* is unknown here: no mailtrail personal address has this secret/),
        expect.stringMatching(/^550 .*route\+y+@.* is unknown here: no mailtrail routing address has this secret/),
      ]);
      for (const to of [newPersonal, newRouting]) {
        const messageId = unique('current');
        expect(answer(await sendRaw(server.smtpPort, raw(messageId), [to]))).toMatch(/^250 .*Logged as email \d+$/);
      }
      expect((await addon.get('/addon/v1/me')).body.bccAddress).toBe(newPersonal);
    });

    it('does not log a forged sender, a routing copy while the Log default is off, and logs a copy with no To or Cc to nobody', async () => {
      const personal = (await addon.get('/addon/v1/me')).body.bccAddress as string;
      const routing = await routingAddress(scope());

      const outsider = unique('outsider');
      expect(answer(await deliver([routing], { messageId: outsider, from: 'Mallory <mallory@evil.example>' }))).toBe(
        '250 2.6.0 Not logged: it was sent from mallory@evil.example, which is no user, connected inbox or alias of this account',
      );
      const forged = unique('forged');
      expect(answer(await deliver([personal], { messageId: forged, from: 'Ada <ada@acme.test>' }))).toBe(
        '250 2.6.0 Not logged: it was sent from ada@acme.test, which is not alice@acme.test, one of its connected inboxes or one of its aliases',
      );
      expect(await emailOf(outsider)).toBeUndefined();
      expect(await emailOf(forged)).toBeUndefined();
      expect(await feed()).toContainEqual(
        expect.objectContaining({
          kind: 'not_logged',
          reason: expect.stringMatching(/^it was sent from ada@acme\.test/),
        }),
      );

      await scope().account.updateSettings({ logByDefault: false });
      try {
        const quiet = unique('log-off');
        expect(answer(await deliver([routing], { messageId: quiet }))).toBe(
          '250 2.6.0 Not logged: the account does not log every email (its Log default is off)',
        );
        expect(await emailOf(quiet)).toBeUndefined();
      } finally {
        await scope().account.updateSettings({ logByDefault: true });
      }

      const nobody = unique('nobody');
      const result = await sendRaw(
        server.smtpPort,
        `Message-ID: ${nobody}\r\nFrom: Alice Archer <alice@acme.test>\r\nSubject: Just Bcc\r\n\r\nhi\r\n`,
        [personal],
      );
      expect(answer(result)).toMatch(/^250 .*Logged as email \d+, to nobody: the copy has no To and no Cc$/);
      expect(await associated((await emailOf(nobody))!)).toEqual({ contacts: [], companies: [], deals: [] });
    });
  });
}
