import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/server/store';
import { DuplicateContactError } from '../../src/server/store/objects';
import { SearchInputError } from '../../src/server/store/objects-search';
import { AddressTakenError } from '../../src/server/store/users';
import { CrmRecords } from '../../src/server/crm/records';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import type { SearchRequest } from '../../src/contract/crm-search';

const search = (
  filters: SearchRequest['filterGroups'][number]['filters'][],
  extra: Partial<SearchRequest> = {},
): SearchRequest => ({
  filterGroups: filters.map((f) => ({ filters: f })),
  sorts: [],
  limit: 100,
  ...extra,
});

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('store', db), () => {
    let store: Store;
    let drop: () => Promise<void>;
    let a: TestAccount;
    let b: TestAccount;

    beforeAll(async () => {
      const fresh = await db.create();
      drop = fresh.drop;
      store = await Store.open(fresh.target);
      a = await createTestAccount(store, {
        users: [{ email: 'bob@acme.test', name: 'Bob Martin', aliases: ['sales@acme.test'] }],
      });
      b = await createTestAccount(store, { name: 'Beta', domain: 'beta.test' });
    });
    afterAll(async () => {
      await store?.close();
      await drop?.();
    });

    it('migrates once: a second run applies nothing', async () => {
      expect(await store.migrate()).toEqual([]);
    });

    it('finds an API key by its clear value, stores only its hash, and forgets it once revoked', async () => {
      const scope = store.forAccount(a.accountId);
      const { key, info } = await scope.apiKeys.create('ci');
      expect(await store.identity.apiKey(key)).toEqual({ accountId: a.accountId, keyId: info.id });
      const stored = await store.db
        .selectFrom('api_keys')
        .select('key_hash')
        .where('id', '=', info.id)
        .executeTakeFirstOrThrow();
      expect(stored.key_hash).not.toContain(key.slice(3));
      expect(await scope.apiKeys.revoke(info.id)).toBe(true);
      expect(await store.identity.apiKey(key)).toBeUndefined();
      // Another account cannot revoke A's key.
      const other = await scope.apiKeys.create('other');
      expect(await store.forAccount(b.accountId).apiKeys.revoke(other.info.id)).toBe(false);
      expect(await store.identity.apiKey(other.key)).toBeDefined();
    });

    it('finds users by their address, alias or inbox, across accounts only through identity', async () => {
      const scope = store.forAccount(a.accountId);
      expect((await scope.users.findByAddress('Sales@Acme.test'))?.email).toBe('bob@acme.test');
      expect(await store.forAccount(b.accountId).users.findByAddress('sales@acme.test')).toBeUndefined();
      expect((await store.identity.usersByAddress('SALES@acme.test')).map((u) => [u.accountId, u.email])).toEqual([
        [a.accountId, 'bob@acme.test'],
      ]);
      await expect(scope.users.add({ email: 'sales@acme.test' })).rejects.toBeInstanceOf(AddressTakenError);
      await expect(scope.users.addAddress(a.admin.id, 'sales@acme.test', 'alias')).rejects.toBeInstanceOf(
        AddressTakenError,
      );
      await expect(scope.users.add({ email: 'BOB@acme.test' })).rejects.toBeInstanceOf(AddressTakenError);
    });

    it('keeps one live contact per normalised address and names the existing one', async () => {
      const records = new CrmRecords(store.forAccount(a.accountId));
      const first = await records.create('contacts', {
        properties: { email: 'Grace@Hopper.test', firstname: 'Grace' },
      });
      expect(first.properties.email).toBe('grace@hopper.test');
      const duplicate = records.create('contacts', { properties: { email: ' GRACE@hopper.test ' } });
      await expect(duplicate).rejects.toBeInstanceOf(DuplicateContactError);
      await expect(duplicate).rejects.toThrow(`Contact already exists. Existing ID: ${first.id}`);
      // The same address in another account is another contact.
      const other = await new CrmRecords(store.forAccount(b.accountId)).create('contacts', {
        properties: { email: 'grace@hopper.test' },
      });
      expect(other.id).not.toBe(first.id);
      // Archiving frees the address.
      await records.archive('contacts', [first.id]);
      const again = await records.create('contacts', { properties: { email: 'grace@hopper.test' } });
      expect(again.id).not.toBe(first.id);
    });

    it('merges updates, clears with null, and refuses an address another contact has', async () => {
      const records = new CrmRecords(store.forAccount(a.accountId));
      const ann = await records.create('contacts', {
        properties: { email: 'ann@x.test', firstname: 'Ann', lastname: 'Lee' },
      });
      const ben = await records.create('contacts', { properties: { email: 'ben@x.test' } });
      const updated = await records.update('contacts', ann.id, { lastname: null, jobtitle: 'CTO' });
      expect(updated?.properties).toMatchObject({ email: 'ann@x.test', firstname: 'Ann', jobtitle: 'CTO' });
      expect(updated?.properties.lastname).toBeUndefined();
      await expect(records.update('contacts', ben.id, { email: 'ANN@x.test' })).rejects.toThrow(
        `Existing ID: ${ann.id}`,
      );
      expect((await store.forAccount(a.accountId).objects.get('contacts', ben.id))?.properties.email).toBe(
        'ben@x.test',
      );
      expect(
        await new CrmRecords(store.forAccount(b.accountId)).update('contacts', ann.id, { jobtitle: 'x' }),
      ).toBeUndefined();
    });

    it('pages lists by id and hides archived records', async () => {
      const scope = store.forAccount(a.accountId);
      const ids = (
        await scope.objects.createMany(
          'deals',
          [1, 2, 3, 4, 5].map((n) => ({ properties: { dealname: `List ${n}` } })),
        )
      ).map((r) => r.id);
      const first = await scope.objects.list('deals', { limit: 2 });
      const rest = await scope.objects.list('deals', { limit: 100, after: first[1].id });
      expect([...first, ...rest].map((r) => r.id)).toEqual(expect.arrayContaining(ids));
      await scope.objects.archive('deals', [ids[0]]);
      expect((await scope.objects.list('deals', { limit: 100 })).map((r) => r.id)).not.toContain(ids[0]);
      expect((await scope.objects.list('deals', { limit: 100, archived: true })).map((r) => r.id)).toContain(ids[0]);
      expect(await store.forAccount(b.accountId).objects.list('deals', { limit: 100 })).toEqual([]);
    });

    it('writes associations both ways, keeps one primary company, and hides archived targets', async () => {
      const scope = store.forAccount(a.accountId);
      const records = new CrmRecords(scope);
      const [c1, c2] = await scope.objects.createMany('companies', [
        { properties: { name: 'One', domain: 'one.test' } },
        { properties: { name: 'Two', domain: 'two.test' } },
      ]);
      const contact = await records.create('contacts', {
        properties: { email: 'pat@one.test' },
        associations: [
          { to: { id: String(c1.id) }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }] },
        ],
      });
      expect(await scope.associations.list(contact.id, 'companies', { limit: 10 })).toEqual([
        { toId: c1.id, typeIds: [1, 279] },
      ]);
      expect(await scope.associations.list(c1.id, 'contacts', { limit: 10 })).toEqual([
        { toId: contact.id, typeIds: [2, 280] },
      ]);
      await scope.associations.associate('contacts', contact.id, 'companies', c2.id, [1]);
      expect(await scope.associations.list(contact.id, 'companies', { limit: 10 })).toEqual([
        { toId: c1.id, typeIds: [279] },
        { toId: c2.id, typeIds: [1, 279] },
      ]);
      await scope.objects.archive('companies', [c2.id]);
      expect(await scope.associations.list(contact.id, 'companies', { limit: 10 })).toEqual([
        { toId: c1.id, typeIds: [279] },
      ]);
      expect(await scope.associations.dissociate(contact.id, 'companies', c1.id)).toBe(true);
      expect(await scope.associations.list(c1.id, 'contacts', { limit: 10 })).toEqual([]);
      // Account B sees none of it, even naming A's ids.
      expect(await store.forAccount(b.accountId).associations.listMany([contact.id, c1.id], 'companies')).toEqual(
        new Map(),
      );
    });

    it('refuses an association to a record of another account and writes nothing', async () => {
      const recordsB = new CrmRecords(store.forAccount(b.accountId));
      const companyA = await store
        .forAccount(a.accountId)
        .objects.create('companies', { name: 'Private', domain: 'private.test' });
      const attempt = recordsB.create('contacts', {
        properties: { email: 'spy@beta.test' },
        associations: [
          {
            to: { id: String(companyA.id) },
            types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }],
          },
        ],
      });
      await expect(attempt).rejects.toThrow(/no such record in this account/);
      expect(
        await store.forAccount(b.accountId).objects.getByUniqueProperty('contacts', 'email', ['spy@beta.test']),
      ).toEqual([]);
      expect(await store.forAccount(a.accountId).associations.listMany([companyA.id], 'contacts')).toEqual(new Map());
    });

    describe('search', () => {
      let ids: Record<string, number>;
      beforeAll(async () => {
        const records = new CrmRecords(store.forAccount(a.accountId));
        ids = {};
        const deals = [
          ['Alpha rollout', '1000', 'closedwon', '2026-01-10T00:00:00Z'],
          ['Beta pilot', '2500.5', 'qualifiedtobuy', '2026-02-10T00:00:00Z'],
          ['Gamma expansion', '10000', 'closedlost', '2026-03-10T00:00:00Z'],
          ['Delta renewal', '', 'qualifiedtobuy', '2026-04-10T00:00:00Z'],
        ];
        for (const [dealname, amount, dealstage, closedate] of deals) {
          ids[dealname] = (
            await records.create('deals', {
              properties: { dealname: `Srch ${dealname}`, amount, dealstage, closedate },
            })
          ).id;
        }
      });
      const run = (req: SearchRequest) =>
        store.forAccount(a.accountId).search.run('deals', { ...req, query: req.query ?? 'srch' }, 0);
      const names = async (req: SearchRequest) =>
        (await run(req)).records.map((r) => r.properties.dealname.slice(5)).sort();

      it.each([
        [
          'EQ (case-insensitive)',
          [{ propertyName: 'dealname', operator: 'EQ', value: 'SRCH alpha rollout' }],
          ['Alpha rollout'],
        ],
        [
          'NEQ',
          [{ propertyName: 'dealstage', operator: 'NEQ', value: 'qualifiedtobuy' }],
          ['Alpha rollout', 'Gamma expansion'],
        ],
        [
          'IN',
          [{ propertyName: 'dealstage', operator: 'IN', values: ['closedwon', 'closedlost'] }],
          ['Alpha rollout', 'Gamma expansion'],
        ],
        [
          'NOT_IN',
          [{ propertyName: 'dealstage', operator: 'NOT_IN', values: ['closedwon', 'closedlost'] }],
          ['Beta pilot', 'Delta renewal'],
        ],
        [
          'GT on a number, not text',
          [{ propertyName: 'amount', operator: 'GT', value: '2000' }],
          ['Beta pilot', 'Gamma expansion'],
        ],
        ['GTE', [{ propertyName: 'amount', operator: 'GTE', value: '2500.5' }], ['Beta pilot', 'Gamma expansion']],
        ['LT', [{ propertyName: 'amount', operator: 'LT', value: '2500.5' }], ['Alpha rollout']],
        ['LTE', [{ propertyName: 'amount', operator: 'LTE', value: '2500.5' }], ['Alpha rollout', 'Beta pilot']],
        [
          'BETWEEN dates (epoch ms and ISO)',
          [
            {
              propertyName: 'closedate',
              operator: 'BETWEEN',
              value: String(Date.parse('2026-02-01')),
              highValue: '2026-03-31',
            },
          ],
          ['Beta pilot', 'Gamma expansion'],
        ],
        [
          'HAS_PROPERTY',
          [{ propertyName: 'amount', operator: 'HAS_PROPERTY' }],
          ['Alpha rollout', 'Beta pilot', 'Gamma expansion'],
        ],
        ['NOT_HAS_PROPERTY', [{ propertyName: 'amount', operator: 'NOT_HAS_PROPERTY' }], ['Delta renewal']],
        ['CONTAINS_TOKEN', [{ propertyName: 'dealname', operator: 'CONTAINS_TOKEN', value: 'PILOT' }], ['Beta pilot']],
        [
          'CONTAINS_TOKEN with a wildcard',
          [{ propertyName: 'dealname', operator: 'CONTAINS_TOKEN', value: '*renewal' }],
          ['Delta renewal'],
        ],
        ['NOT_CONTAINS_TOKEN', [{ propertyName: 'dealname', operator: 'NOT_CONTAINS_TOKEN', value: 'a' }], []],
        [
          'NOT_CONTAINS_TOKEN keeps the others',
          [{ propertyName: 'dealname', operator: 'NOT_CONTAINS_TOKEN', value: 'pilot' }],
          ['Alpha rollout', 'Delta renewal', 'Gamma expansion'],
        ],
        [
          'CONTAINS_TOKEN on a number',
          [{ propertyName: 'amount', operator: 'CONTAINS_TOKEN', value: '2500' }],
          ['Beta pilot'],
        ],
        [
          'filters in a group AND',
          [
            { propertyName: 'dealstage', operator: 'EQ', value: 'qualifiedtobuy' },
            { propertyName: 'amount', operator: 'HAS_PROPERTY' },
          ],
          ['Beta pilot'],
        ],
      ] as const)('%s', async (_name, filters, expected) => {
        expect(await names(search([filters as never]))).toEqual(expected);
      });

      it('ORs groups, sorts, counts a total and pages by offset', async () => {
        const req = search(
          [
            [{ propertyName: 'dealstage', operator: 'EQ', value: 'closedwon' }],
            [{ propertyName: 'dealstage', operator: 'EQ', value: 'qualifiedtobuy' }],
          ],
          { sorts: [{ propertyName: 'amount', direction: 'DESCENDING' }], limit: 2 },
        );
        const page = await run(req);
        expect(page.total).toBe(3);
        expect(page.records.map((r) => r.id)).toEqual([ids['Beta pilot'], ids['Alpha rollout']]);
        const next = await store.forAccount(a.accountId).search.run('deals', { ...req, query: 'srch' }, 2);
        expect(next.records.map((r) => r.id)).toEqual([ids['Delta renewal']]);
      });

      it('filters on the record id and dates kept in columns', async () => {
        const id = String(ids['Gamma expansion']);
        expect(await names(search([[{ propertyName: 'hs_object_id', operator: 'EQ', value: id }]]))).toEqual([
          'Gamma expansion',
        ]);
        expect(
          await names(search([[{ propertyName: 'hs_object_id', operator: 'CONTAINS_TOKEN', value: id }]])),
        ).toEqual(['Gamma expansion']);
        expect((await run(search([[{ propertyName: 'createdate', operator: 'GT', value: '2000-01-01' }]]))).total).toBe(
          4,
        );
        expect(
          (
            await run(
              search([
                [{ propertyName: 'hs_lastmodifieddate', operator: 'LT', value: String(Date.now() - 86_400_000) }],
              ]),
            )
          ).total,
        ).toBe(0);
      });

      it('matches a free-text query and sees nothing of another account', async () => {
        expect(await names(search([], { query: 'gamma' }))).toEqual(['Gamma expansion']);
        expect((await store.forAccount(b.accountId).search.run('deals', search([], { query: 'srch' }), 0)).total).toBe(
          0,
        );
      });

      it('refuses unknown properties and values of the wrong type', async () => {
        await expect(run(search([[{ propertyName: 'nope', operator: 'EQ', value: 'x' }]]))).rejects.toBeInstanceOf(
          SearchInputError,
        );
        await expect(run(search([[{ propertyName: 'amount', operator: 'GT', value: 'lots' }]]))).rejects.toBeInstanceOf(
          SearchInputError,
        );
        await expect(
          run(search([[{ propertyName: 'closedate', operator: 'GT', value: 'yesterday' }]])),
        ).rejects.toBeInstanceOf(SearchInputError);
      });

      it('finds contacts by address through the indexed column, whatever the case', async () => {
        const records = new CrmRecords(store.forAccount(a.accountId));
        const c = await records.create('contacts', { properties: { email: 'Index@Lookup.test' } });
        const found = await store
          .forAccount(a.accountId)
          .search.run(
            'contacts',
            search([[{ propertyName: 'email', operator: 'IN', values: ['INDEX@lookup.test', 'none@x.test'] }]]),
            0,
          );
        expect(found.records.map((r) => r.id)).toEqual([c.id]);
      });
    });

    it('bulk-loads records with associations', async () => {
      const scope = store.forAccount(b.accountId);
      const companies = await scope.objects.insertBulk('companies', [
        { properties: { name: 'Bulk', domain: 'bulk.test' } },
      ]);
      const contacts = await scope.objects.insertBulk(
        'contacts',
        Array.from({ length: 1500 }, (_, i) => ({ properties: { email: `p${i}@bulk.test` } })),
      );
      expect(contacts).toHaveLength(1500);
      await scope.associations.insertMany(
        contacts.map((id) => ({
          fromType: 'contacts',
          fromId: id,
          toType: 'companies',
          toId: companies[0],
          typeId: 279,
        })),
      );
      expect((await scope.associations.listMany(companies, 'contacts')).get(companies[0])).toHaveLength(1500);
      const [last] = await scope.objects.getByUniqueProperty('contacts', 'email', ['p1499@bulk.test']);
      expect(last.id).toBe(contacts[1499]);
    });
  });
}
