import { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';

const spec = (associationTypeId: number) => [
  { associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId },
];

/** HubSpot's own Node client, pointed at mailtrail: the claim that existing integrations work unchanged. */
for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('@hubspot/api-client against mailtrail', db), () => {
    let server: InProcessServer;
    let drop: () => Promise<void>;
    let account: TestAccount;
    let hubspot: Client;

    beforeAll(async () => {
      const fresh = await db.create();
      drop = fresh.drop;
      server = await startServer({ db: fresh.target, dataDir: fresh.dataDir });
      account = await createTestAccount(server.store, { users: [{ email: 'bob@acme.test', name: 'Bob Martin' }] });
      hubspot = new Client({ accessToken: account.apiKey, basePath: server.url });
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    it('drives companies, contacts, deals, emails, associations and owners through the client', async () => {
      const owners = await hubspot.crm.owners.ownersApi.getPage();
      expect(owners.results.map((o) => o.email)).toEqual(['ada@acme.test', 'bob@acme.test']);
      const bob = await hubspot.crm.owners.ownersApi.getPage('bob@acme.test');
      expect(bob.results).toHaveLength(1);
      const ownerId = bob.results[0].id;

      const company = await hubspot.crm.companies.basicApi.create({
        properties: { name: 'Globex', domain: 'globex.test' },
        associations: [],
      });
      const contact = await hubspot.crm.contacts.basicApi.create({
        properties: { email: 'Hank@Globex.test', firstname: 'Hank', lastname: 'Scorpio', hubspot_owner_id: ownerId },
        associations: [{ to: { id: company.id }, types: spec(279) }],
      });
      expect(contact.properties.email).toBe('hank@globex.test');
      expect(contact.createdAt).toBeInstanceOf(Date);
      const second = await hubspot.crm.contacts.basicApi.create({
        properties: { email: 'mindy@globex.test', firstname: 'Mindy' },
        associations: [],
      });
      const deal = await hubspot.crm.deals.basicApi.create({
        properties: {
          dealname: 'Globex – 50 seats',
          amount: '24000',
          dealstage: 'qualifiedtobuy',
          pipeline: 'default',
        },
        associations: [],
      });

      await hubspot.crm.associations.v4.basicApi.createDefault('deals', deal.id, 'companies', company.id);
      await hubspot.crm.associations.v4.basicApi.createDefault('contacts', contact.id, 'deals', deal.id);

      const byEmail = await hubspot.crm.contacts.batchApi.read({
        idProperty: 'email',
        inputs: [{ id: 'hank@globex.test' }, { id: 'MINDY@globex.test' }],
        properties: ['email', 'firstname'],
        propertiesWithHistory: [],
      });
      expect(byEmail.results.map((r) => r.id).sort()).toEqual([contact.id, second.id].sort());

      const found = await hubspot.crm.contacts.searchApi.doSearch({
        filterGroups: [
          {
            filters: [
              {
                propertyName: 'email',
                operator: 'IN' as never,
                values: ['hank@globex.test', 'mindy@globex.test', 'nobody@globex.test'],
              },
            ],
          },
        ],
        sorts: ['email'],
        properties: ['email', 'firstname'],
        limit: 10,
        after: '0',
      });
      expect(found.total).toBe(2);
      expect(found.results.map((r) => r.properties.email)).toEqual(['hank@globex.test', 'mindy@globex.test']);

      const email = await hubspot.crm.objects.emails.basicApi.create({
        properties: {
          hs_timestamp: new Date('2026-01-31T12:00:00Z').toISOString(),
          hs_email_direction: 'EMAIL',
          hs_email_status: 'SENT',
          hs_email_subject: 'Next steps',
          hs_email_text: 'Hi Hank',
          hs_email_headers: JSON.stringify({
            from: { email: 'bob@acme.test' },
            to: [{ email: 'hank@globex.test' }],
            cc: [],
            bcc: [],
          }),
          hubspot_owner_id: ownerId,
        },
        associations: [
          { to: { id: contact.id }, types: spec(198) },
          { to: { id: company.id }, types: spec(186) },
          { to: { id: deal.id }, types: spec(210) },
        ],
      });
      expect(email.properties.hs_email_to_email).toBe('hank@globex.test');

      const emailToContacts = await hubspot.crm.associations.v4.basicApi.getPage('emails', email.id, 'contacts');
      expect(
        emailToContacts.results.map((r) => [String(r.toObjectId), r.associationTypes.map((t) => t.typeId)]),
      ).toEqual([[contact.id, [198]]]);
      const contactToEmails = await hubspot.crm.associations.v4.basicApi.getPage('contacts', contact.id, 'emails');
      expect(
        contactToEmails.results.map((r) => [String(r.toObjectId), r.associationTypes.map((t) => t.typeId)]),
      ).toEqual([[email.id, [197]]]);
      const companies = await hubspot.crm.associations.v4.batchApi.getPage('deals', 'companies', {
        inputs: [{ id: deal.id }],
      });
      expect(companies.results[0].to.map((t) => String(t.toObjectId))).toEqual([company.id]);
      const dealsOfCompany = await hubspot.crm.associations.v4.batchApi.getPage('companies', 'deals', {
        inputs: [{ id: company.id }],
      });
      expect(dealsOfCompany.results[0].to.map((t) => String(t.toObjectId))).toEqual([deal.id]);

      const updated = await hubspot.crm.deals.basicApi.update(deal.id, { properties: { dealstage: 'closedwon' } });
      expect(updated.properties).toMatchObject({
        dealstage: 'closedwon',
        hs_is_closed: 'true',
        hs_is_closed_won: 'true',
      });
      const read = await hubspot.crm.contacts.basicApi.getById(contact.id, ['email', 'hubspot_owner_id'], undefined, [
        'companies',
        'deals',
      ]);
      expect(read.properties.hubspot_owner_id).toBe(ownerId);
      expect(read.associations?.companies.results.map((r) => r.id)).toEqual([company.id]);
      expect(read.associations?.deals.results.map((r) => r.id)).toEqual([deal.id]);

      await hubspot.crm.contacts.basicApi.archive(second.id);
      await expect(hubspot.crm.contacts.basicApi.getById(second.id)).rejects.toMatchObject({ code: 404 });
      const page = await hubspot.crm.contacts.basicApi.getPage(10);
      expect(page.results.map((r) => r.id)).toEqual([contact.id]);
    });

    it("surfaces mailtrail's errors the way HubSpot's would", async () => {
      await hubspot.crm.contacts.basicApi.create({ properties: { email: 'dup@globex.test' }, associations: [] });
      const conflict = await hubspot.crm.contacts.basicApi
        .create({ properties: { email: 'dup@globex.test' }, associations: [] })
        .catch((e: unknown) => e);
      expect(conflict).toMatchObject({
        code: 409,
        body: { category: 'CONFLICT', message: expect.stringMatching(/^Contact already exists\. Existing ID: \d+$/) },
      });
      const missing = await hubspot.crm.deals.basicApi.getById('987654321').catch((e: unknown) => e);
      expect(missing).toMatchObject({ code: 404, body: { category: 'OBJECT_NOT_FOUND' } });
    });
  });
}
