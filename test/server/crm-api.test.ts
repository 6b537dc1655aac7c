import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { client, type Client } from '../helpers/http';
import { startServer, type InProcessServer } from '../helpers/server';

const assoc = (id: string | number, typeId: number) => ({
  to: { id: String(id) },
  types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }],
});

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('CRM API over HTTP', db), () => {
    let server: InProcessServer;
    let drop: () => Promise<void>;
    let account: TestAccount;
    let crm: Client;

    beforeAll(async () => {
      const fresh = await db.create();
      drop = fresh.drop;
      server = await startServer({ db: fresh.target, dataDir: fresh.dataDir });
      account = await createTestAccount(server.store, { users: [{ email: 'bob@acme.test', name: 'Bob Martin' }] });
      crm = client(server.url, account.apiKey);
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    it('answers /healthz and serves an OpenAPI document generated from the routes', async () => {
      expect((await client(server.url).get('/healthz')).body).toEqual({ status: 'ok', database: db.name });
      const doc = (await client(server.url).get('/openapi.json')).body;
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/crm/v3/objects/{objectType}/search',
          '/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read',
          '/crm/v3/owners',
        ]),
      );
      expect(
        doc.paths['/crm/v3/objects/{objectType}'].post.requestBody.content['application/json'].schema.properties,
      ).toHaveProperty('properties');
    });

    it("creates, reads, updates, lists and archives a record in HubSpot's shapes", async () => {
      const created = await crm.post('/crm/v3/objects/companies', {
        properties: { name: 'Initech', domain: 'HTTPS://www.Initech.test/about', numberofemployees: 350 },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        id: expect.stringMatching(/^\d+$/),
        archived: false,
        properties: { name: 'Initech', domain: 'initech.test', numberofemployees: '350' },
      });
      expect(Date.parse(created.body.createdAt)).toBeGreaterThan(0);
      const id = created.body.id;

      const read = await crm.get(`/crm/v3/objects/companies/${id}?properties=name,numberofemployees,nonexistent`);
      expect(read.body.properties).toEqual({ name: 'Initech', numberofemployees: '350' });
      expect((await crm.get(`/crm/v3/objects/companies/${id}`)).body.properties).toMatchObject({
        name: 'Initech',
        domain: 'initech.test',
        hs_object_id: id,
      });
      expect((await crm.get('/crm/v3/objects/companies/initech.test?idProperty=domain')).body.id).toBe(id);

      const patched = await crm.patch(`/crm/v3/objects/companies/${id}`, {
        properties: { city: 'Austin', numberofemployees: null },
      });
      expect(patched.status).toBe(200);
      expect(patched.body.properties).toMatchObject({ city: 'Austin', name: 'Initech' });
      expect(patched.body.properties.numberofemployees).toBeUndefined();

      expect((await crm.delete(`/crm/v3/objects/companies/${id}`)).status).toBe(204);
      expect((await crm.get(`/crm/v3/objects/companies/${id}`)).status).toBe(404);
      const archived = await crm.get(`/crm/v3/objects/companies/${id}?archived=true`);
      expect(archived.body).toMatchObject({ id, archived: true, archivedAt: expect.any(String) });
    });

    it('pages a list with paging.next.after', async () => {
      for (let i = 0; i < 5; i++) await crm.post('/crm/v3/objects/deals', { properties: { dealname: `Paged ${i}` } });
      const seen: string[] = [];
      let after: string | undefined;
      do {
        const page = await crm.get(
          `/crm/v3/objects/deals?limit=2&properties=dealname${after ? `&after=${after}` : ''}`,
        );
        expect(page.body.results.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.results.map((r: any) => r.properties.dealname));
        after = page.body.paging?.next?.after;
      } while (after);
      expect(seen).toEqual(expect.arrayContaining(['Paged 0', 'Paged 1', 'Paged 2', 'Paged 3', 'Paged 4']));
    });

    it('keeps contacts unique by address (409 with the existing id), non-marketing, owned by a user', async () => {
      const owner = String(account.users['bob@acme.test'].id);
      const first = await crm.post('/crm/v3/objects/contacts', {
        properties: {
          email: 'Milton@Initech.test',
          firstname: 'Milton',
          hubspot_owner_id: owner,
          hs_legal_basis: 'Legitimate interest - prospect/lead;Freely given consent from contact',
        },
      });
      expect(first.status).toBe(201);
      expect(first.body.properties).toMatchObject({
        email: 'milton@initech.test',
        hubspot_owner_id: owner,
        hs_marketable_status: 'false',
        hs_legal_basis: 'Legitimate interest – prospect/lead;Freely given consent from contact',
      });
      const again = await crm.post('/crm/v3/objects/contacts', { properties: { email: 'milton@initech.TEST' } });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        status: 'error',
        category: 'CONFLICT',
        message: `Contact already exists. Existing ID: ${first.body.id}`,
        correlationId: expect.any(String),
      });
      expect(again.headers.get('x-hubspot-correlation-id')).toBe(again.body.correlationId);
      expect(
        (await crm.get(`/crm/v3/objects/contacts/MILTON@initech.test?idProperty=email&properties=firstname`)).body
          .properties.firstname,
      ).toBe('Milton');
    });

    it('batch-reads by email and reports the missing ones with 207', async () => {
      await crm.post('/crm/v3/objects/contacts/batch/create', {
        inputs: [{ properties: { email: 'br1@batch.test' } }, { properties: { email: 'br2@batch.test' } }],
      });
      const read = await crm.post('/crm/v3/objects/contacts/batch/read', {
        idProperty: 'email',
        inputs: [{ id: 'BR1@batch.test' }, { id: 'br2@batch.test' }, { id: 'ghost@batch.test' }],
        properties: ['email'],
      });
      expect(read.status).toBe(207);
      expect(read.body.results.map((r: any) => r.properties.email).sort()).toEqual([
        'br1@batch.test',
        'br2@batch.test',
      ]);
      expect(read.body.errors).toEqual([
        expect.objectContaining({ category: 'OBJECT_NOT_FOUND', context: { ids: ['ghost@batch.test'] } }),
      ]);
      const complete = await crm.post('/crm/v3/objects/contacts/batch/read', {
        idProperty: 'email',
        inputs: [{ id: 'br1@batch.test' }],
      });
      expect(complete.status).toBe(200);
      expect(complete.body.status).toBe('COMPLETE');
    });

    it('batch-creates and batch-updates with per-record failures in a 207', async () => {
      const created = await crm.post('/crm/v3/objects/contacts/batch/create', {
        inputs: [
          { properties: { email: 'bc1@batch.test' } },
          { properties: { email: 'br1@batch.test' } },
          { properties: { email: 'bc2@batch.test' } },
        ],
      });
      expect(created.status).toBe(207);
      expect(created.body.results.map((r: any) => r.properties.email).sort()).toEqual([
        'bc1@batch.test',
        'bc2@batch.test',
      ]);
      expect(created.body.errors).toEqual([
        expect.objectContaining({
          category: 'CONFLICT',
          message: expect.stringMatching(/^Contact already exists\. Existing ID: \d+$/),
        }),
      ]);
      expect(created.body.numErrors).toBe(1);

      const id = created.body.results[0].id;
      const updated = await crm.post('/crm/v3/objects/contacts/batch/update', {
        inputs: [
          { id, properties: { jobtitle: 'Boss' } },
          { id: 'bc2@batch.test', idProperty: 'email', properties: { jobtitle: 'Also boss' } },
          { id: '999999999', properties: { jobtitle: 'Nobody' } },
        ],
      });
      expect(updated.status).toBe(207);
      expect(updated.body.results.map((r: any) => r.properties.jobtitle).sort()).toEqual(['Also boss', 'Boss']);
      expect(updated.body.errors[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['999999999'] } });

      expect(
        (await crm.post('/crm/v3/objects/contacts/batch/archive', { inputs: [{ id }, { id: '999999999' }] })).status,
      ).toBe(204);
      expect((await crm.get(`/crm/v3/objects/contacts/${id}`)).status).toBe(404);
    });

    it('searches with filters, sorts, properties, a limit and paging', async () => {
      for (const [dealname, amount] of [
        ['Srch A', '300'],
        ['Srch B', '100'],
        ['Srch C', '200'],
      ])
        await crm.post('/crm/v3/objects/deals', { properties: { dealname, amount } });
      const body = {
        filterGroups: [{ filters: [{ propertyName: 'dealname', operator: 'CONTAINS_TOKEN', value: 'srch*' }] }],
        sorts: [{ propertyName: 'amount', direction: 'ASCENDING' }],
        properties: ['dealname', 'amount'],
        limit: 2,
      };
      const first = await crm.post('/crm/v3/objects/deals/search', body);
      expect(first.status).toBe(200);
      expect(first.body.total).toBe(3);
      expect(first.body.results.map((r: any) => r.properties)).toEqual([
        { dealname: 'Srch B', amount: '100' },
        { dealname: 'Srch C', amount: '200' },
      ]);
      const second = await crm.post('/crm/v3/objects/deals/search', { ...body, after: first.body.paging.next.after });
      expect(second.body.results.map((r: any) => r.properties.dealname)).toEqual(['Srch A']);
      expect(second.body.paging).toBeUndefined();
      // Older clients send sorts as strings.
      const legacy = await crm.post('/crm/v3/objects/deals/search', { ...body, sorts: ['-amount'], limit: 1 });
      expect(legacy.body.results[0].properties.dealname).toBe('Srch A');
    });

    it('associates through v4 and shows both sides, v3 style on reads too', async () => {
      const company = (
        await crm.post('/crm/v3/objects/companies', { properties: { name: 'Globex', domain: 'globex.test' } })
      ).body.id;
      const contact = (
        await crm.post('/crm/v3/objects/contacts', {
          properties: { email: 'hank@globex.test' },
          associations: [assoc(company, 279)],
        })
      ).body.id;
      const deal = (await crm.post('/crm/v3/objects/deals', { properties: { dealname: 'Globex deal' } })).body.id;

      const put = await crm.put(`/crm/v4/objects/deals/${deal}/associations/default/contacts/${contact}`);
      expect(put.status).toBe(200);
      expect(put.body.results).toEqual([
        {
          from: { id: deal },
          to: { id: contact },
          associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 },
        },
        {
          from: { id: contact },
          to: { id: deal },
          associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 4 },
        },
      ]);
      const labelled = await crm.put(`/crm/v4/objects/deals/${deal}/associations/companies/${company}`, [
        { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 },
      ]);
      expect(labelled.status).toBe(201);
      expect(labelled.body).toEqual({
        fromObjectTypeId: '0-3',
        fromObjectId: deal,
        toObjectTypeId: '0-2',
        toObjectId: company,
        labels: ['Primary'],
      });

      const fromContact = await crm.get(`/crm/v4/objects/contacts/${contact}/associations/deals`);
      expect(fromContact.body.results).toEqual([
        { toObjectId: deal, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 4 }] },
      ]);
      const fromCompany = await crm.get(`/crm/v4/objects/companies/${company}/associations/deals`);
      expect(fromCompany.body.results[0].associationTypes.map((t: any) => t.typeId)).toEqual([6, 342]);

      const v3 = await crm.get(`/crm/v3/objects/contacts/${contact}?associations=companies,deals`);
      expect(v3.body.associations).toEqual({
        companies: { results: [{ id: company, type: 'contact_to_company_unlabeled' }] },
        deals: { results: [{ id: deal, type: 'contact_to_deal' }] },
      });

      const batch = await crm.post('/crm/v4/associations/companies/contacts/batch/read', {
        inputs: [{ id: company }, { id: deal }],
      });
      expect(batch.status).toBe(207);
      expect(batch.body.results).toEqual([
        {
          from: { id: company },
          to: [
            {
              toObjectId: contact,
              associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 280 }],
            },
          ],
        },
      ]);
      expect(batch.body.errors[0]).toMatchObject({
        errors: [{ subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND' }],
        context: { fromObjectId: [deal] },
      });
      expect(batch.body.errors[0]).not.toHaveProperty('subCategory');

      expect((await crm.delete(`/crm/v4/objects/contacts/${contact}/associations/deals/${deal}`)).status).toBe(204);
      expect((await crm.get(`/crm/v4/objects/deals/${deal}/associations/contacts`)).body.results).toEqual([]);
    });

    it('lists owners, finds one by email, and describes properties with owner options', async () => {
      const owners = await crm.get('/crm/v3/owners/?limit=100');
      expect(owners.body.results.map((o: any) => o.email)).toEqual(['ada@acme.test', 'bob@acme.test']);
      expect(owners.body.results[0]).toMatchObject({
        id: String(account.admin.id),
        firstName: 'Ada',
        lastName: 'Lovelace',
        userId: account.admin.id,
        type: 'PERSON',
        archived: false,
      });
      const bob = await crm.get('/crm/v3/owners?email=BOB@acme.test');
      expect(bob.body.results.map((o: any) => o.email)).toEqual(['bob@acme.test']);
      expect((await crm.get(`/crm/v3/owners/${account.admin.id}`)).body.email).toBe('ada@acme.test');
      const paged = await crm.get('/crm/v3/owners?limit=1');
      expect(paged.body.paging.next.after).toBe(String(account.admin.id));

      const legal = await crm.get('/crm/v3/properties/contacts/hs_legal_basis');
      expect(legal.body.options.map((o: any) => o.value)).toContain('Freely given consent from contact');
      const marketable = await crm.get('/crm/v3/properties/contacts/hs_marketable_status');
      expect(marketable.body.modificationMetadata.readOnlyValue).toBe(true);
      const owner = await crm.get('/crm/v3/properties/deals/hubspot_owner_id');
      expect(owner.body.options.map((o: any) => o.value)).toEqual([
        String(account.admin.id),
        String(account.users['bob@acme.test'].id),
      ]);
    });

    it('logs an email with its headers and associations, as the add-on will', async () => {
      const contact = (await crm.post('/crm/v3/objects/contacts', { properties: { email: 'reader@mail.test' } })).body
        .id;
      const email = await crm.post('/crm/v3/objects/emails', {
        properties: {
          hs_timestamp: Date.parse('2026-01-31T12:00:00Z'),
          hs_email_direction: 'EMAIL',
          hs_email_status: 'SENT',
          hs_email_subject: 'Hello',
          hs_email_text: 'Hi there',
          hs_email_headers: JSON.stringify({
            from: { email: 'Ada@acme.test', firstName: 'Ada', lastName: 'Lovelace' },
            to: [{ email: 'reader@mail.test', firstName: 'Rea' }],
            cc: [],
            bcc: [],
          }),
          hubspot_owner_id: String(account.admin.id),
        },
        associations: [assoc(contact, 198)],
      });
      expect(email.status).toBe(201);
      expect(email.body.properties).toMatchObject({
        hs_timestamp: '2026-01-31T12:00:00.000Z',
        hs_email_from_email: 'ada@acme.test',
        hs_email_from_firstname: 'Ada',
        hs_email_to_email: 'reader@mail.test',
        hs_email_to_firstname: 'Rea',
      });
      const linked = await crm.get(`/crm/v4/objects/contacts/${contact}/associations/emails`);
      expect(linked.body.results).toEqual([
        {
          toObjectId: email.body.id,
          associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 197 }],
        },
      ]);
    });
  });
}
