// Templates and snippets (P2) over real HTTP, on SQLite and on PostgreSQL: the library's refusals (unknown merge
// fields named, Gmail's size limit, an empty name) that save nothing, who sees and changes what, the sidebar's
// Insert filled for one recipient and with fallbacks for several, and the report of a template used several times:
// sends (the copies that came over SMTP), person opens and clicks, machine events apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComposeIntentRequest } from '../../src/contract/addon';
import { MAX_BODY_BYTES, type TemplateView } from '../../src/contract/templates';
import { signIdentityToken } from '../../src/emulator';
import { CrmRecords } from '../../src/server/crm/records';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { client, type Client } from '../helpers/http';
import { intentRequest } from '../helpers/intents';
import { startServer, type InProcessServer } from '../helpers/server';
import { send } from '../smtp/harness';
import { UA } from '../tracking/fixtures';
import { webSession } from '../helpers/web-session';

const ALICE = 'alice@acme.test';
const BOB = 'bob@acme.test';
let serial = 0;
const unique = (what: string) => `${what}-${process.pid}-${++serial}`;

const GREETING = {
  kind: 'template',
  name: 'First touch',
  subject: 'Hello {{contact.firstname | "there"}} from {{sender.firstname}}',
  body: 'Hi {{contact.firstname | "there"}},\nabout {{deal.dealname | "your project"}} at {{company.name | "your company"}} & co.\n{{sender.fullname}}',
  shared: true,
} as const;

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('templates and snippets', db), () => {
    let server: InProcessServer;
    let target: Awaited<ReturnType<typeof db.create>>;
    let account: TestAccount;
    let addon: Client;
    let alice: Client;
    let bob: Client;

    const webAs = async (userId: number): Promise<Client> => {
      const cookie = await webSession(server.url, userId);
      const c = client(server.url);
      const withCookie = (method: string, path: string, body?: unknown) =>
        c.call(method, `/web/v1${path}`, body, { cookie, origin: server.url });
      return {
        ...c,
        get: (path: string) => withCookie('GET', path),
        post: (path: string, body?: unknown) => withCookie('POST', path, body),
        put: (path: string, body?: unknown) => withCookie('PUT', path, body),
        delete: (path: string) => withCookie('DELETE', path),
      };
    };
    const list = async (as: Client) => {
      const res = await as.get('/templates');
      expect(res.status, res.text).toBe(200);
      return res.body.results as TemplateView[];
    };
    const create = async (as: Client, body: unknown) => {
      const res = await as.post('/templates', body);
      expect(res.status, res.text).toBe(201);
      return res.body as TemplateView;
    };
    const apply = async (over: Partial<ComposeIntentRequest>) => {
      const res = await addon.post('/addon/v1/compose/intents', intentRequest(over));
      expect(res.status, res.text).toBe(200);
      return res.body as { token: string; bccAddress: string; pixelUrl: string };
    };
    const insert = async (templateId: string, to: string[], draftKey: string, token?: string) => {
      const res = await addon.post('/addon/v1/compose/templates', {
        templateId,
        draftKey,
        ...(token ? { token } : {}),
        recipients: { to, cc: [], bcc: [] },
      });
      expect(res.status, res.text).toBe(200);
      return res.body as { kind: string; subject: string | null; html: string; filledFrom: string };
    };

    const intentOf = async (token: string) =>
      (await server.store.forAccount(account.accountId).intents.byToken(token))!;

    beforeAll(async () => {
      target = await db.create();
      server = await startServer({ db: target.target, dataDir: target.dataDir });
      account = await createTestAccount(server.store, {
        users: [
          { email: ALICE, name: 'Alice Archer' },
          { email: BOB, name: 'Bob Baker' },
        ],
      });
      const records = new CrmRecords(server.store.forAccount(account.accountId));
      const company = await records.create('companies', {
        properties: { name: 'Cole Carpentry', domain: 'carol.example' },
      });
      const carol = await records.create('contacts', {
        properties: { email: 'carol@carol.example', firstname: 'Carol', lastname: 'Cole' },
        associations: [
          {
            to: { id: String(company.id) },
            types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }],
          },
        ],
      });
      await records.create('deals', {
        properties: { dealname: 'Workshop chairs', dealstage: 'qualifiedtobuy' },
        associations: [
          { to: { id: String(carol.id) }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] },
        ],
      });
      // Dave is a contact without a first name: his field takes its fallback.
      await records.create('contacts', { properties: { email: 'dave@dave.example', lastname: 'Duck' } });
      addon = client(server.url, signIdentityToken({ email: ALICE, now: Date.now(), withEmail: true }));
      alice = await webAs(account.users[ALICE].id);
      bob = await webAs(account.users[BOB].id);
    });
    afterAll(async () => {
      await server?.close();
      await target?.drop();
    });

    it('refuses unknown or malformed merge fields, naming each, an empty name, and a body over 25 MB; nothing is saved', async () => {
      const before = (await list(alice)).length;
      const unknown = await alice.post('/templates', {
        ...GREETING,
        subject: 'Hi {{contact.shoesize}}',
        body: 'From {{sender.title}} of {{compny.name}}, {{deal.dealname | "x"',
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toContain(
        '{{contact.shoesize}} does not exist: contacts have no property "shoesize"',
      );
      expect(unknown.body.message).toContain('{{sender.title}} does not exist');
      expect(unknown.body.message).toContain('{{compny.name}} does not exist');
      expect(unknown.body.message).toMatch(/\{\{deal\.dealname \| "x" opens a merge field that is never closed/);
      expect(unknown.body.message).toMatch(/Nothing was saved\.$/);

      const malformed = await alice.post('/templates', { ...GREETING, body: 'Hi {{contact first name}}' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.message).toContain('{{contact first name}} is not a merge field');

      const unnamed = await alice.post('/templates', { ...GREETING, name: '   ', subject: ' ' });
      expect(unnamed.status).toBe(400);
      expect(unnamed.body.message).toMatch(/the name is empty.*; the subject is empty: a template sets the subject/);

      const huge = await alice.post('/templates', { ...GREETING, body: 'x'.repeat(MAX_BODY_BYTES + 1) });
      expect(huge.status).toBe(413);
      expect(huge.body.message).toMatch(/The body is 25\.0 MB: Gmail sends messages of at most 25 MB/);

      expect(await list(alice)).toHaveLength(before);
    });

    it('keeps personal ones to their owner, shares the others, and lets only the owner (or an admin) change them', async () => {
      const personal = await create(bob, { kind: 'snippet', name: 'Bob only', body: 'Cheers', shared: false });
      const shared = await create(bob, { kind: 'snippet', name: 'Pricing line', body: 'Our prices', shared: true });
      expect(personal).toMatchObject({ subject: null, owner: { name: 'Bob Baker' }, editable: true, lastUsedAt: null });

      const seen = await list(alice);
      expect(seen.map((t) => t.name)).toContain('Pricing line');
      expect(seen.map((t) => t.name)).not.toContain('Bob only');
      expect(seen.find((t) => t.id === shared.id)).toMatchObject({ editable: false });

      const edit = await alice.put(`/templates/${shared.id}`, {
        kind: 'snippet',
        name: 'Mine now',
        body: 'x',
        shared: true,
      });
      expect(edit.status).toBe(403);
      expect(edit.body.message).toMatch(/"Pricing line" belongs to another user/);
      expect((await alice.delete(`/templates/${personal.id}`)).status).toBe(404);

      const renamed = await bob.put(`/templates/${shared.id}`, {
        kind: 'snippet',
        name: 'Prices',
        body: 'Our prices',
        shared: true,
      });
      expect(renamed.status, renamed.text).toBe(200);
      expect(renamed.body.name).toBe('Prices');
      expect((await bob.delete(`/templates/${personal.id}`)).status).toBe(204);
      expect((await list(bob)).map((t) => t.name)).not.toContain('Bob only');
    });

    it("inserts a template filled from the one recipient's records, and with fallbacks only for several", async () => {
      const template = await create(alice, GREETING);
      const context = await addon.post('/addon/v1/compose/context', {
        to: ['carol@carol.example'],
        cc: [],
        bcc: [],
        neverLog: [],
      });
      expect(context.status, context.text).toBe(200);
      expect(context.body.templates).toContainEqual({ id: template.id, kind: 'template', name: 'First touch' });

      const one = await insert(template.id, ['Carol Cole <carol@carol.example>'], unique('draft'));
      expect(one).toEqual({
        kind: 'template',
        subject: 'Hello Carol from Alice',
        html: 'Hi Carol,<br>about Workshop chairs at Cole Carpentry &amp; co.<br>Alice Archer',
        filledFrom: 'recipient',
      });
      const empty = await insert(template.id, ['dave@dave.example'], unique('draft'));
      expect(empty.subject).toBe('Hello there from Alice');
      expect(empty.html).toBe('Hi there,<br>about your project at your company &amp; co.<br>Alice Archer');

      const several = await insert(template.id, ['carol@carol.example', 'dave@dave.example'], unique('draft'));
      expect(several).toMatchObject({ subject: 'Hello there from Alice', filledFrom: 'fallbacks' });
      expect(several.html).toBe('Hi there,<br>about your project at your company &amp; co.<br>Alice Archer');

      const used = (await list(alice)).find((t) => t.id === template.id)!;
      expect(used.lastUsedAt).not.toBeNull();
      expect(used.report.inserted).toBe(3);
    });

    it('reports, for a template used several times, how often it was sent and its person open and click rates, machines apart', async () => {
      const template = await create(alice, { ...GREETING, name: 'Follow-up' });
      const sent: { token: string }[] = [];
      for (const [i, insertFirst] of [true, false, true].entries()) {
        const draftKey = unique('draft').replace(/[^A-Za-z0-9_-]/g, '_');
        const to = ['carol@carol.example'];
        // Inserted before Apply (counted through the card's draft key) or after it (through the Bcc's secret).
        if (insertFirst) await insert(template.id, to, draftKey);
        const applied = await apply({ draftKey, recipients: { to, cc: [], bcc: [] }, log: false });
        if (!insertFirst) await insert(template.id, to, draftKey, (await intentOf(applied.token)).logSecret);
        const result = await send(server.smtpPort, {
          from: 'Alice Archer <alice@acme.test>',
          to: 'Carol Cole <carol@carol.example>',
          subject: `Follow-up ${i}`,
          text: 'Hi Carol',
          messageId: `<${unique('follow-up')}@acme.test>`,
          date: new Date(Date.now() - 3_600_000),
          envelope: { from: ALICE, to: [applied.bccAddress] },
        });
        expect(result.ok).toBe(true);
        sent.push(applied);
      }
      // Inserted into a draft that was never sent: a use, not a send.
      await insert(template.id, ['carol@carol.example'], unique('draft'));

      const pixel = (token: string, ua: string) =>
        fetch(`${server.url}/t/o/${token}.gif`, { headers: { 'user-agent': ua } }).then((r) => r.arrayBuffer());
      await pixel(sent[0].token, UA.chrome);
      await pixel(sent[0].token, UA.chrome);
      await pixel(sent[1].token, UA.chrome);
      await pixel(sent[2].token, UA.curl);
      const link = await addon.post('/addon/v1/compose/links', {
        token: (await intentOf(sent[0].token)).logSecret,
        url: 'https://carol.example/offer',
        text: 'offer',
      });
      expect(link.status, link.text).toBe(200);
      await fetch(link.body.trackedUrl, { headers: { 'user-agent': UA.chrome }, redirect: 'manual' });

      const report = (await list(alice)).find((t) => t.id === template.id)!.report;
      expect(report).toEqual({
        inserted: 4,
        sent: 3,
        tracked: 3,
        opened: 2,
        clicked: 1,
        openRate: 2 / 3,
        clickRate: 1 / 3,
        machineOpens: 1,
        machineClicks: 0,
      });
    });
  });
}
