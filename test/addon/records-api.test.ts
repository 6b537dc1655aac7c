// `/addon/v1/records/…` (P1) over real HTTP, on SQLite and on PostgreSQL: a bounded search that says when there is
// more, refusals that name the field and create nothing, and tickets logged to with HubSpot's association type.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../src/emulator';
import { CrmRecords } from '../../src/server/crm/records';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { client, type Client } from '../helpers/http';
import { startServer, type InProcessServer } from '../helpers/server';

const assoc = (id: number, typeId: number) => ({ to: { id: String(id) }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as const, associationTypeId: typeId }] });

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('the add-on records API', db), () => {
    let server: InProcessServer;
    let drop: () => Promise<void>;
    let account: TestAccount;
    let api: Client;
    let records: CrmRecords;
    let grace: number;
    let engines: number;
    const scope = () => server.store.forAccount(account.accountId);

    beforeAll(async () => {
      const created = await db.create();
      drop = created.drop;
      server = await startServer({ db: created.target, dataDir: created.dataDir });
      account = await createTestAccount(server.store, { users: [{ email: 'sam@acme.test', name: 'Sam Seller' }] });
      api = client(`${server.url}/addon/v1`, signIdentityToken({ email: 'sam@acme.test', now: Date.now(), withEmail: true }));
      records = new CrmRecords(scope());
      engines = (await records.create('companies', { properties: { name: 'Analytical Engines', domain: 'engines.example' } })).id;
      grace = (
        await records.create('contacts', {
          properties: { email: 'grace@engines.example', firstname: 'Grace', lastname: 'Hopper' },
          associations: [assoc(engines, 279)],
        })
      ).id;
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    it('answers at most 20 records, each kind in turn, and says when there are more', async () => {
      for (let i = 0; i < 23; i++) await records.create('contacts', { properties: { email: `lead${i}@bulk.example`, firstname: `Bulk${i}` } });
      await records.create('deals', { properties: { dealname: 'Bulk order', dealstage: 'qualifiedtobuy' } });
      const all = await api.post('/records/search', { query: 'bulk' });
      expect(all.status).toBe(200);
      expect(all.body.items).toHaveLength(20);
      expect(all.body.more).toBe(true);
      // The deal is not pushed out by the 23 contacts.
      expect(all.body.items[1]).toMatchObject({ type: 'deal', label: 'Bulk order', detail: 'Qualified To Buy', selected: false });

      const deals = await api.post('/records/search', { query: 'bulk', kind: 'deal' });
      expect(deals.body).toEqual({ items: [expect.objectContaining({ type: 'deal', label: 'Bulk order' })], more: false });

      // By email and by domain; a domain also finds the company's records through it.
      const byEmail = await api.post('/records/search', { query: 'grace@engines.example' });
      expect(byEmail.body.items).toEqual([expect.objectContaining({ type: 'contact', id: String(grace), label: 'Grace Hopper', detail: 'grace@engines.example' })]);
      const byName = await api.post('/records/search', { query: 'grace hopper', kind: 'contact' });
      expect(byName.body.items.map((i: { id: string }) => i.id)).toEqual([String(grace)]);
      const byDomain = await api.post('/records/search', { query: 'engines.example', kind: 'company' });
      expect(byDomain.body.items).toEqual([expect.objectContaining({ type: 'company', id: String(engines), detail: 'engines.example' })]);
    });

    it('refuses an empty or too long query, saying what to type', async () => {
      const empty = await api.post('/records/search', { query: '   ' });
      expect(empty.status).toBe(400);
      expect(empty.body.message).toMatch(/query: is empty: type a name, an email address or a domain/);
      const long = await api.post('/records/search', { query: 'x'.repeat(101) });
      expect(long.status).toBe(400);
      expect(long.body.message).toMatch(/query: is over 100 characters/);
    });

    it('creates a deal in a stage of the pipeline, associated with the people’s contacts and companies', async () => {
      const created = await api.post('/records/deals', {
        name: 'Compiler licence',
        stage: 'default:contractsent',
        amount: '12 000.50',
        closeDate: '2026-09-30',
        people: ['Grace Hopper <grace@engines.example>', 'sam@acme.test'],
        neverLog: [],
      });
      expect(created.status).toBe(200);
      expect(created.body.record).toMatchObject({ type: 'deal', label: 'Compiler licence', detail: 'Contract Sent', selected: true });
      expect(created.body.associatedWith).toEqual([
        { type: 'contact', id: String(grace) },
        { type: 'company', id: String(engines) },
      ]);
      const deal = await scope().objects.get('deals', Number(created.body.record.id));
      expect(deal!.properties).toMatchObject({ amount: '12000.5', closedate: '2026-09-30T00:00:00.000Z', hubspot_owner_id: String(account.users['sam@acme.test'].id) });
    });

    it('refuses a deal with a stage not in the pipeline, a non-numeric or negative amount, or a bad date, naming each, and creates nothing', async () => {
      const before = await scope().objects.count('deals');
      const body = { name: 'Bad', stage: 'default:contractsent', amount: '', closeDate: '', people: [], neverLog: [] };
      const cases: Array<[object, RegExp]> = [
        [{ stage: 'default:nosuchstage' }, /stage: "default:nosuchstage" is not a stage of this account's deal pipelines/],
        [{ amount: 'lots' }, /amount: "lots" is not a number/],
        [{ amount: '-5' }, /amount: -5 is negative/],
        [{ closeDate: '30/09/2026' }, /closeDate: "30\/09\/2026" is not a date: use YYYY-MM-DD/],
        [{ closeDate: '2026-02-29' }, /closeDate: "2026-02-29" is not a date/],
        [{ name: '  ' }, /name: is empty/],
      ];
      for (const [over, message] of cases) {
        const refused = await api.post('/records/deals', { ...body, ...over });
        expect(refused.status).toBe(400);
        expect(refused.body.message).toMatch(message);
        expect(refused.body.message).toMatch(/No deal was created\.$/);
      }
      expect(await scope().objects.count('deals')).toBe(before);
    });

    it('creates a contact with its company, and refuses an address that is a contact already', async () => {
      const created = await api.post('/records/contacts', { firstName: 'Ada', lastName: 'Lovelace', email: 'Ada@Engines.example', companyId: String(engines), neverLog: [] });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({
        record: { type: 'contact', label: 'Ada Lovelace', detail: 'ada@engines.example', selected: true },
        associatedWith: [{ type: 'company', id: String(engines) }],
      });
      const before = await scope().objects.count('contacts');
      const again = await api.post('/records/contacts', { firstName: 'Ada', lastName: '', email: 'ada@engines.example', companyId: '', neverLog: [] });
      expect(again.status).toBe(409);
      expect(again.body.message).toMatch(/email: ada@engines\.example is already a contact/);
      const nameless = await api.post('/records/contacts', { firstName: '', lastName: '', email: 'x@y.example', companyId: '999999', neverLog: [] });
      expect(nameless.status).toBe(400);
      expect(nameless.body.message).toMatch(/name: is empty.*company: there is no company 999999/);
      // Never-log addresses (the account's list, the rep's own) are never made contacts (L5).
      await scope().account.updateSettings({ neverLog: ['@rival.example'] });
      const rival = await api.post('/records/contacts', { firstName: 'Rita', lastName: '', email: 'rita@rival.example', companyId: '', neverLog: [] });
      expect(rival.status).toBe(400);
      expect(rival.body.message).toMatch(/email: rita@rival\.example is on a never-log list/);
      await scope().account.updateSettings({ neverLog: [] });
      const mine = await api.post('/records/contacts', { firstName: 'Pat', lastName: '', email: 'pat@friend.example', companyId: '', neverLog: ['@friend.example'] });
      expect(mine.status).toBe(400);
      expect(await scope().objects.count('contacts')).toBe(before);
    });

    it('offers the open tickets of the recipients, and logs to a ticket with association type 224', async () => {
      const open = (await records.create('tickets', { properties: { subject: 'Printer on fire', hs_pipeline: '0', hs_pipeline_stage: '1' }, associations: [assoc(engines, 339)] })).id;
      await records.create('tickets', { properties: { subject: 'Fixed long ago', hs_pipeline: '0', hs_pipeline_stage: '4' }, associations: [assoc(grace, 16)] });
      await scope().account.updateSettings({ defaultAssociations: ['tickets'] });
      const ctx = await api.post('/compose/context', { to: ['grace@engines.example'], cc: [], bcc: [], neverLog: [] });
      expect(ctx.body.recipients[0].tickets).toEqual([{ id: String(open), name: 'Printer on fire', stage: 'New' }]);
      expect(ctx.body.picker.items.filter((i: { selected: boolean }) => i.selected)).toEqual([
        { type: 'ticket', id: String(open), label: 'Printer on fire', detail: 'New', selected: true },
      ]);
      expect(ctx.body.dealStages[0]).toEqual({ pipeline: 'default', stage: 'appointmentscheduled', label: 'Appointment Scheduled' });

      const logged = await api.post('/messages', {
        message: {
          messageId: '<ticket-1@engines.example>',
          threadId: 't-1',
          headers: [],
          from: 'grace@engines.example',
          to: ['sam@acme.test'],
          cc: [],
          date: '2026-03-02T10:00:00.000Z',
          subject: 'Still on fire',
          html: '',
          text: 'Still on fire',
          attachments: [],
        },
        associations: [{ type: 'ticket', id: String(open) }],
        createContacts: [],
        neverLog: [],
      });
      expect(logged.status).toBe(200);
      const [link] = await scope().associations.list(Number(logged.body.emailId), 'tickets', { limit: 5 });
      expect(link).toMatchObject({ toId: open });
      expect(link.typeIds).toContain(224);
    });
  });
}
