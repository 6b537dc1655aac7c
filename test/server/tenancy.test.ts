import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { client, type Client } from '../helpers/http';
import { startServer, type InProcessServer } from '../helpers/server';

const assoc = (id: string, typeId: number) => ({
  to: { id },
  types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }],
});

/** Account A's key, aimed at account B's records through every CRM route: refused or hidden, and B unchanged. */
for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('tenancy of the CRM API', db), () => {
    let server: InProcessServer;
    let drop: () => Promise<void>;
    let a: TestAccount;
    let b: TestAccount;
    let asA: Client;
    let asB: Client;
    const B: Record<'contact' | 'company' | 'deal' | 'email', string> = {
      contact: '',
      company: '',
      deal: '',
      email: '',
    };
    const mine: Record<'contact' | 'company', string> = { contact: '', company: '' };

    /** B's records and associations as B sees them. */
    const bState = async () => {
      const parts = [];
      for (const [type, id] of [
        ['contacts', B.contact],
        ['companies', B.company],
        ['deals', B.deal],
        ['emails', B.email],
      ]) {
        const read = await asB.get(`/crm/v3/objects/${type}/${id}?associations=contacts,companies,deals,emails`);
        parts.push(read.status, read.body.properties, read.body.updatedAt, read.body.associations);
      }
      return JSON.stringify(parts);
    };
    let before: string;

    beforeAll(async () => {
      const fresh = await db.create();
      drop = fresh.drop;
      server = await startServer({ db: fresh.target, dataDir: fresh.dataDir });
      a = await createTestAccount(server.store, { name: 'Alpha', domain: 'alpha.test' });
      b = await createTestAccount(server.store, {
        name: 'Beta',
        domain: 'beta.test',
        users: [{ email: 'bea@beta.test', name: 'Bea' }],
      });
      asA = client(server.url, a.apiKey);
      asB = client(server.url, b.apiKey);
      B.company = (
        await asB.post('/crm/v3/objects/companies', { properties: { name: 'Secret Co', domain: 'secret.test' } })
      ).body.id;
      B.contact = (
        await asB.post('/crm/v3/objects/contacts', {
          properties: { email: 'vip@secret.test', firstname: 'Vip' },
          associations: [assoc(B.company, 279)],
        })
      ).body.id;
      B.deal = (
        await asB.post('/crm/v3/objects/deals', {
          properties: { dealname: 'Secret deal', amount: '1000000' },
          associations: [assoc(B.company, 341), assoc(B.contact, 3)],
        })
      ).body.id;
      B.email = (
        await asB.post('/crm/v3/objects/emails', {
          properties: { hs_timestamp: '2026-01-01', hs_email_subject: 'Secret' },
          associations: [assoc(B.contact, 198)],
        })
      ).body.id;
      mine.company = (
        await asA.post('/crm/v3/objects/companies', { properties: { name: 'Mine', domain: 'mine.test' } })
      ).body.id;
      mine.contact = (await asA.post('/crm/v3/objects/contacts', { properties: { email: 'me@mine.test' } })).body.id;
      before = await bState();
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    it("cannot read, list, search or look up B's records", async () => {
      for (const [type, id] of [
        ['contacts', B.contact],
        ['companies', B.company],
        ['deals', B.deal],
        ['emails', B.email],
      ] as const) {
        expect((await asA.get(`/crm/v3/objects/${type}/${id}`)).status).toBe(404);
        expect((await asA.get(`/crm/v3/objects/${type}/${id}?archived=true`)).status).toBe(404);
        const list = await asA.get(`/crm/v3/objects/${type}?limit=100`);
        expect(list.body.results.map((r: any) => r.id)).not.toContain(id);
        const search = await asA.post(`/crm/v3/objects/${type}/search`, {
          filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'EQ', value: id }] }],
        });
        expect(search.body).toMatchObject({ total: 0, results: [] });
        const batch = await asA.post(`/crm/v3/objects/${type}/batch/read`, { inputs: [{ id }] });
        expect(batch.status).toBe(207);
        expect(batch.body.results).toEqual([]);
      }
      expect((await asA.get('/crm/v3/objects/contacts/vip@secret.test?idProperty=email')).status).toBe(404);
      expect((await asA.get('/crm/v3/objects/companies/secret.test?idProperty=domain')).status).toBe(404);
      expect((await asA.post('/crm/v3/objects/contacts/search', { query: 'vip' })).body.total).toBe(0);
      expect((await asA.post('/crm/v3/objects/deals/search', { query: 'secret' })).body.total).toBe(0);
      expect(
        (
          await asA.post('/crm/v3/objects/contacts/batch/read', {
            idProperty: 'email',
            inputs: [{ id: 'vip@secret.test' }],
          })
        ).body.results,
      ).toEqual([]);
    });

    it("cannot change or archive B's records", async () => {
      expect(
        (await asA.patch(`/crm/v3/objects/contacts/${B.contact}`, { properties: { firstname: 'Hacked' } })).status,
      ).toBe(404);
      expect(
        (
          await asA.patch('/crm/v3/objects/contacts/vip@secret.test?idProperty=email', {
            properties: { firstname: 'Hacked' },
          })
        ).status,
      ).toBe(404);
      const batch = await asA.post('/crm/v3/objects/deals/batch/update', {
        inputs: [{ id: B.deal, properties: { amount: '1' } }],
      });
      expect(batch.status).toBe(207);
      expect(batch.body.results).toEqual([]);
      // HubSpot answers 204 to archiving an unknown id; B's records must still be there.
      expect((await asA.delete(`/crm/v3/objects/contacts/${B.contact}`)).status).toBe(204);
      expect((await asA.post('/crm/v3/objects/deals/batch/archive', { inputs: [{ id: B.deal }] })).status).toBe(204);
      expect(await bState()).toBe(before);
    });

    it("cannot see, make or remove associations involving B's records", async () => {
      expect((await asA.get(`/crm/v4/objects/contacts/${B.contact}/associations/companies`)).status).toBe(404);
      const batch = await asA.post('/crm/v4/associations/contacts/companies/batch/read', {
        inputs: [{ id: B.contact }],
      });
      expect(batch.body.results).toEqual([]);
      expect(
        (await asA.put(`/crm/v4/objects/contacts/${mine.contact}/associations/default/companies/${B.company}`)).status,
      ).toBe(404);
      expect(
        (await asA.put(`/crm/v4/objects/companies/${B.company}/associations/default/contacts/${mine.contact}`)).status,
      ).toBe(404);
      expect(
        (
          await asA.put(`/crm/v4/objects/contacts/${mine.contact}/associations/companies/${B.company}`, [
            { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 },
          ])
        ).status,
      ).toBe(404);
      expect(
        (await asA.delete(`/crm/v4/objects/contacts/${B.contact}/associations/companies/${B.company}`)).status,
      ).toBe(404);
      expect(
        (await asA.delete(`/crm/v4/objects/contacts/${mine.contact}/associations/companies/${B.company}`)).status,
      ).toBe(204);
      expect(
        (
          await asA.post('/crm/v4/associations/contacts/companies/batch/associate/default', {
            inputs: [{ from: { id: mine.contact }, to: { id: B.company } }],
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await asA.post('/crm/v4/associations/contacts/companies/batch/archive', {
            inputs: [{ from: { id: B.contact }, to: [{ id: B.company }] }],
          })
        ).status,
      ).toBe(204);
      const inline = await asA.post('/crm/v3/objects/contacts', {
        properties: { email: 'new@mine.test' },
        associations: [assoc(B.company, 279)],
      });
      expect(inline.status).toBe(400);
      expect(
        (await asA.get(`/crm/v3/objects/contacts/${mine.contact}?associations=companies`)).body.associations,
      ).toBeUndefined();
      expect(await bState()).toBe(before);
    });

    it("cannot see B's people or give them A's records", async () => {
      const bea = b.users['bea@beta.test'];
      const owners = await asA.get('/crm/v3/owners');
      expect(owners.body.results.map((o: any) => o.email)).toEqual(['ada@alpha.test']);
      expect((await asA.get('/crm/v3/owners?email=bea@beta.test')).body.results).toEqual([]);
      expect((await asA.get(`/crm/v3/owners/${bea.id}`)).status).toBe(404);
      const options = await asA.get('/crm/v3/properties/contacts/hubspot_owner_id');
      expect(options.body.options.map((o: any) => o.value)).toEqual([String(a.admin.id)]);
      const assigned = await asA.patch(`/crm/v3/objects/contacts/${mine.contact}`, {
        properties: { hubspot_owner_id: String(bea.id) },
      });
      expect(assigned.status).toBe(400);
      expect(assigned.body.message).toMatch(/INVALID_OWNER_ID/);
    });

    it('keeps addresses unique per account, not across accounts', async () => {
      const same = await asA.post('/crm/v3/objects/contacts', { properties: { email: 'vip@secret.test' } });
      expect(same.status).toBe(201);
      expect(same.body.id).not.toBe(B.contact);
      expect(await bState()).toBe(before);
    });
  });
}
