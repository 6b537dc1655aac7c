// SQL-injection and script payloads in every text field of contacts, companies, deals and emails (R1): stored
// verbatim, answered verbatim in JSON by the CRM API, the add-on API and the web API, found by search as
// themselves, and nothing else in the database changes. That they reach the browser as inert text is
// web-escaping.test.ts (names) and test/web/web-app.test.ts (logged HTML).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../src/emulator';
import type { ObjectType } from '../../src/contract/crm';
import { PROPERTY_CATALOGUE } from '../../src/contract/crm-properties';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { client, type Client } from '../helpers/http';
import { startServer, type InProcessServer } from '../helpers/server';
import { rowsOf, type TableRows } from './db-state';
import { SCRIPT_PAYLOADS, SQL_PAYLOADS } from './payloads';
import { webSession } from '../helpers/web-session';

const PAYLOADS = [...SQL_PAYLOADS, ...SCRIPT_PAYLOADS];

/** Free-text properties a client writes: strings without a format (addresses, domains and header JSON are checked). */
function textFields(type: ObjectType): string[] {
  return PROPERTY_CATALOGUE[type].filter((d) => d.type === 'string' && !d.readOnly && !d.format).map((d) => d.name);
}

let serial = 0;
/** What a new record needs besides its text: a unique address for a contact, a time for an email. */
function required(type: ObjectType): Record<string, string> {
  serial++;
  if (type === 'contacts') return { email: `o'brien+${serial}@inject.test` };
  if (type === 'emails') return { hs_timestamp: '2026-02-01T10:00:00Z', hs_email_direction: 'EMAIL' };
  return {};
}

/** Rows added and removed between two reads of the database, per table. */
function changes(
  before: TableRows,
  after: TableRows,
): { added: Record<string, unknown[]>; removed: Record<string, unknown[]> } {
  const added: Record<string, unknown[]> = {};
  const removed: Record<string, unknown[]> = {};
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = new Set((before[table] ?? []).map((r) => JSON.stringify(r)));
    const a = new Set((after[table] ?? []).map((r) => JSON.stringify(r)));
    const plus = [...a].filter((r) => !b.has(r)).map((r) => JSON.parse(r));
    const minus = [...b].filter((r) => !a.has(r)).map((r) => JSON.parse(r));
    if (plus.length) added[table] = plus;
    if (minus.length) removed[table] = minus;
  }
  return { added, removed };
}

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('injection payloads in every text field', db), () => {
    let server: InProcessServer;
    let drop: () => Promise<void>;
    let account: TestAccount;
    let crm: Client;
    let other: TestAccount;

    beforeAll(async () => {
      const fresh = await db.create();
      drop = fresh.drop;
      server = await startServer({ db: fresh.target, dataDir: fresh.dataDir });
      account = await createTestAccount(server.store, { users: [{ email: 'sam@acme.test', name: 'Sam' }] });
      other = await createTestAccount(server.store, { name: 'Other', domain: 'other.test' });
      crm = client(server.url, account.apiKey);
      await client(server.url, other.apiKey).post('/crm/v3/objects/contacts', {
        properties: { email: 'bystander@other.test', firstname: 'Bystander' },
      });
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    for (const type of ['contacts', 'companies', 'deals', 'emails'] as const) {
      it(`${type}: created and changed with each payload in each text field, stored and answered verbatim, nothing else touched`, async () => {
        const fields = textFields(type);
        expect(fields.length).toBeGreaterThan(0);
        for (const payload of PAYLOADS) {
          const values = Object.fromEntries(fields.map((f) => [f, `${payload} ${f}`]));
          const before = await rowsOf(server.store);
          const created = await crm.post(`/crm/v3/objects/${type}`, { properties: { ...required(type), ...values } });
          expect(created.status, created.text).toBe(201);
          expect(created.body.properties).toMatchObject(values);
          const diff = changes(before, await rowsOf(server.store));
          expect(diff.removed).toEqual({});
          expect(Object.keys(diff.added)).toEqual(['crm_objects']);
          expect(diff.added.crm_objects).toHaveLength(1);

          const read = await crm.get(`/crm/v3/objects/${type}/${created.body.id}?properties=${fields.join(',')}`);
          expect(read.body.properties).toMatchObject(values);

          // Search finds it by its exact value, and nothing else.
          const [field] = fields;
          const found = await crm.post(`/crm/v3/objects/${type}/search`, {
            filterGroups: [{ filters: [{ propertyName: field, operator: 'EQ', value: values[field] }] }],
            properties: fields,
          });
          expect(found.status, found.text).toBe(200);
          expect(found.body.results.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
          expect(found.body.results[0].properties).toMatchObject(values);

          const changed = Object.fromEntries(fields.map((f) => [f, `${f} ${payload}`]));
          const beforeUpdate = await rowsOf(server.store);
          const updated = await crm.patch(`/crm/v3/objects/${type}/${created.body.id}`, { properties: changed });
          expect(updated.status, updated.text).toBe(200);
          expect(updated.body.properties).toMatchObject(changed);
          const updateDiff = changes(beforeUpdate, await rowsOf(server.store));
          expect(updateDiff.added.crm_objects?.map((r) => (r as { id: number }).id)).toEqual([Number(created.body.id)]);
          expect(Object.keys(updateDiff.added)).toEqual(['crm_objects']);
        }
      });
    }

    it('free-text search with each payload finds the records holding it as text, and only those', async () => {
      const searched = ['email', 'firstname', 'lastname', 'phone', 'company'];
      for (const payload of PAYLOADS) {
        const query = payload.trim();
        const search = await crm.post('/crm/v3/objects/contacts/search', { query, properties: searched, limit: 100 });
        expect(search.status, search.text).toBe(200);
        // The contacts test above stored `${payload} firstname` (and changed it to `firstname ${payload}`).
        expect(search.body.total, payload).toBeGreaterThan(0);
        for (const r of search.body.results) {
          const values = searched.map((p) => String(r.properties[p] ?? '').toLowerCase());
          expect(
            values.some((v) => v.includes(query.toLowerCase())),
            `${payload} found ${JSON.stringify(r.properties)}`,
          ).toBe(true);
        }
      }
      // The other account's contact never comes back, whatever the query.
      const everything = await crm.post('/crm/v3/objects/contacts/search', { query: "' OR ''='", limit: 200 });
      expect(JSON.stringify(everything.body)).not.toContain('bystander@other.test');
    });

    it('the add-on and the web app answer the same values verbatim', async () => {
      const payload = `${SQL_PAYLOADS[0]} ${SCRIPT_PAYLOADS[1]}`;
      const contact = await crm.post('/crm/v3/objects/contacts', {
        properties: { email: 'grace@engines.test', firstname: payload, lastname: SQL_PAYLOADS[1] },
      });
      const company = await crm.post('/crm/v3/objects/companies', {
        properties: { name: payload, domain: 'engines.test' },
      });
      expect([contact.status, company.status]).toEqual([201, 201]);

      const addon = client(server.url, signIdentityToken({ email: 'sam@acme.test', now: Date.now(), withEmail: true }));
      const context = await addon.post('/addon/v1/compose/context', {
        to: ['grace@engines.test'],
        cc: [],
        bcc: [],
        neverLog: [],
      });
      expect(context.status, context.text).toBe(200);
      expect(context.body.recipients[0].contact.name).toBe(`${payload} ${SQL_PAYLOADS[1]}`);
      expect(JSON.stringify(context.body.picker)).toContain(JSON.stringify(payload).slice(1, -1));

      const subject = `${SCRIPT_PAYLOADS[0]} ${SQL_PAYLOADS[2]}`;
      const messageId = '<inject-1@engines.test>';
      const logged = await addon.post('/addon/v1/messages', {
        message: {
          messageId,
          threadId: 'thread-inject',
          headers: [{ name: 'Subject', value: subject }],
          from: `"${SQL_PAYLOADS[0]}" <grace@engines.test>`,
          to: ['sam@acme.test'],
          cc: [],
          date: '2026-03-02T10:00:00.000Z',
          subject,
          html: `<p>${SCRIPT_PAYLOADS[1]}</p>${SCRIPT_PAYLOADS[0]}`,
          text: SQL_PAYLOADS.join('\n'),
          attachments: [{ name: `${SQL_PAYLOADS[1]}.txt`, contentType: 'text/plain', size: 2, base64: 'aGk=' }],
        },
        associations: [{ type: 'contact', id: contact.body.id }],
        createContacts: [],
        neverLog: [],
      });
      expect(logged.status, logged.text).toBe(200);
      const email = await crm.get(
        `/crm/v3/objects/emails/${logged.body.emailId}?properties=hs_email_subject,hs_email_html,hs_email_text`,
      );
      expect(email.body.properties).toMatchObject({
        hs_email_subject: subject,
        hs_email_html: `<p>${SCRIPT_PAYLOADS[1]}</p>${SCRIPT_PAYLOADS[0]}`,
        hs_email_text: SQL_PAYLOADS.join('\n'),
      });

      const web = client(server.url);
      const cookie = await webSession(server.url, account.admin.id);
      const record = await web.call('GET', `/web/v1/records/contacts/${contact.body.id}`, undefined, { cookie });
      expect(record.body.properties.firstname).toBe(payload);
      const list = await web.call('GET', `/web/v1/records/companies?q=${encodeURIComponent(payload)}`, undefined, {
        cookie,
      });
      expect(list.body.results.map((r: { id: string }) => r.id)).toEqual([company.body.id]);
      const full = await web.call('GET', `/web/v1/emails/${logged.body.emailId}`, undefined, { cookie });
      expect(full.body.email.subject).toBe(subject);
      expect(JSON.stringify(full.body.email)).toContain(JSON.stringify(`${SQL_PAYLOADS[1]}.txt`));
      // The HTML is the one place the web API does not answer verbatim: it is sanitized for display.
      expect(full.body.html).not.toMatch(/<script|onerror/i);
    });

    it('payloads where the API takes names, not values, are refused or ignored and change nothing', async () => {
      const before = JSON.stringify(await rowsOf(server.store));
      const attempts = [
        crm.get(`/crm/v3/objects/contacts?properties=${encodeURIComponent("email' OR '1'='1")}&limit=100`),
        crm.get(`/crm/v3/objects/contacts/1?idProperty=${encodeURIComponent("email' --")}`),
        crm.post('/crm/v3/objects/contacts/search', {
          filterGroups: [{ filters: [{ propertyName: "email' OR 1=1 --", operator: 'EQ', value: 'x' }] }],
        }),
        crm.post('/crm/v3/objects/contacts/search', {
          sorts: [{ propertyName: 'email; DROP TABLE users', direction: 'ASCENDING' }],
        }),
        crm.post('/crm/v3/objects/contacts', {
          properties: { email: 'x@inject.test', "firstname' = 'x', email = 'y": 'z' },
        }),
        crm.get(`/crm/v3/owners?email=${encodeURIComponent("' OR 1=1 --")}`),
      ];
      for (const answer of await Promise.all(attempts)) {
        expect(answer.status, answer.text).toBeLessThan(500);
        expect(answer.text).not.toContain('bystander@other.test');
        if (answer.status >= 400) expect(answer.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
      }
      expect(JSON.stringify(await rowsOf(server.store))).toBe(before);
    });

    it('text PostgreSQL cannot store (NUL, half a surrogate pair) is refused whole, on both databases alike', async () => {
      const before = JSON.stringify(await rowsOf(server.store));
      const attempts = [
        crm.post('/crm/v3/objects/contacts', { properties: { email: 'nul@inject.test', firstname: 'a\u0000b' } }),
        crm.post('/crm/v3/objects/contacts', '{"properties":{"email":"half@inject.test","firstname":"a\\ud800b"}}'),
        crm.get('/crm/v3/objects/contacts/a%00b@inject.test?idProperty=email'),
        crm.post('/crm/v3/objects/contacts/search', { query: 'a\u0000' }),
        crm.post('/crm/v3/objects/contacts/batch/create', {
          inputs: [
            { properties: { email: 'ok@inject.test' } },
            { properties: { email: 'nul2@inject.test', lastname: '\u0000' } },
          ],
        }),
      ];
      for (const answer of await Promise.all(attempts)) {
        expect(answer.status, answer.text).toBe(400);
        expect(answer.body).toMatchObject({
          status: 'error',
          category: 'VALIDATION_ERROR',
          message: expect.stringMatching(/NUL|surrogate/),
        });
      }
      expect(JSON.stringify(await rowsOf(server.store))).toBe(before);
    });
  });
}
