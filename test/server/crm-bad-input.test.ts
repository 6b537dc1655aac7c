import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { client, type Answer, type Client } from '../helpers/http';
import { startServer, type InProcessServer } from '../helpers/server';

const spec = (typeId: number) => [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }];

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('bad input to the CRM API', db), () => {
    let server: InProcessServer;
    let drop: () => Promise<void>;
    let account: TestAccount;
    let crm: Client;
    let contactId: string;
    let companyId: string;

    /** Every row of the account, so a refused request can be shown to have written nothing. */
    const snapshot = async () => {
      const rows = await server.store.db
        .selectFrom('crm_objects')
        .select(['id', 'properties', 'updated_at', 'archived_at'])
        .where('account_id', '=', account.accountId)
        .orderBy('id')
        .execute();
      const links = await sql<{
        n: number;
      }>`select count(*) as n from crm_associations where account_id = ${account.accountId}`.execute(server.store.db);
      return JSON.stringify({ rows, links: Number(links.rows[0].n) });
    };

    const refused = async (request: () => Promise<Answer>, status: number, category: string, message?: RegExp) => {
      const before = await snapshot();
      const answer = await request();
      expect(answer.status, answer.text).toBe(status);
      expect(answer.body).toMatchObject({
        status: 'error',
        category,
        correlationId: expect.any(String),
        message: expect.any(String),
      });
      if (message) expect(answer.body.message).toMatch(message);
      expect(await snapshot()).toBe(before);
      return answer;
    };

    beforeAll(async () => {
      const fresh = await db.create();
      drop = fresh.drop;
      server = await startServer({ db: fresh.target, dataDir: fresh.dataDir });
      account = await createTestAccount(server.store);
      crm = client(server.url, account.apiKey);
      companyId = (await crm.post('/crm/v3/objects/companies', { properties: { name: 'Acme', domain: 'acme.test' } }))
        .body.id;
      contactId = (await crm.post('/crm/v3/objects/contacts', { properties: { email: 'known@acme.test' } })).body.id;
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    it('malformed or empty JSON', async () => {
      await refused(
        () => crm.post('/crm/v3/objects/contacts', '{"properties": {'),
        400,
        'VALIDATION_ERROR',
        /Invalid input JSON/,
      );
      await refused(
        () => crm.call('POST', '/crm/v3/objects/contacts', '', { 'content-type': 'application/json' }),
        400,
        'VALIDATION_ERROR',
      );
      await refused(() => crm.post('/crm/v3/objects/contacts', { props: {} }), 400, 'VALIDATION_ERROR', /properties/);
      await refused(
        () =>
          crm.post('/crm/v3/objects/contacts', 'email=a@b.test', {
            'content-type': 'application/x-www-form-urlencoded',
          }),
        415,
        'VALIDATION_ERROR',
      );
    });

    it('unknown object types, in every kind of path', async () => {
      const message = /^Unable to infer object type from: widgets$/;
      await refused(() => crm.get('/crm/v3/objects/widgets'), 400, 'VALIDATION_ERROR', message);
      await refused(() => crm.post('/crm/v3/objects/widgets', { properties: {} }), 400, 'VALIDATION_ERROR', message);
      await refused(() => crm.post('/crm/v3/objects/widgets/search', {}), 400, 'VALIDATION_ERROR', message);
      await refused(
        () => crm.post('/crm/v3/objects/widgets/batch/create', { inputs: [] }),
        400,
        'VALIDATION_ERROR',
        message,
      );
      await refused(
        () => crm.put(`/crm/v4/objects/contacts/${contactId}/associations/default/widgets/1`),
        400,
        'VALIDATION_ERROR',
        message,
      );
      await refused(
        () => crm.get(`/crm/v3/objects/contacts/${contactId}?associations=widgets`),
        400,
        'VALIDATION_ERROR',
        message,
      );
    });

    // A record created with one wrong property, and the problem code its refusal names (none: the shape is wrong).
    const INVALID_CREATES: [string, Record<string, unknown>, string | null][] = [
      ['contacts', { email: 'x@acme.test', favourite_colour: 'blue' }, 'PROPERTY_DOESNT_EXIST'],
      ['contacts', { email: 'x@acme.test', hs_marketable_status: 'true' }, 'READ_ONLY_VALUE'],
      ['contacts', { email: 'not an address' }, 'INVALID_EMAIL'],
      ['deals', { dealname: 'D', amount: 'lots' }, 'INVALID_DOUBLE'],
      ['deals', { dealname: 'D', amount: true }, 'Property values were not valid'],
      ['deals', { dealname: 'D', closedate: 'next tuesday' }, 'INVALID_DATE'],
      ['deals', { dealname: 'D', dealstage: 'maybe' }, 'INVALID_OPTION'],
      ['deals', { dealname: 'D', hubspot_owner_id: '424242' }, 'INVALID_OWNER_ID'],
      ['contacts', { email: 'x@acme.test', hs_legal_basis: 'Because' }, 'INVALID_OPTION'],
      ['contacts', { email: { nested: 1 } }, null],
      ['emails', { hs_email_subject: 'no timestamp' }, 'REQUIRED_PROPERTY'],
      ['emails', { hs_timestamp: '2026-01-01', hs_email_headers: '{not json' }, 'INVALID_JSON'],
      ['emails', { hs_timestamp: '2026-01-01', hs_email_direction: 'SIDEWAYS' }, 'INVALID_OPTION'],
    ];

    it('properties that do not exist, are read-only, or have the wrong type', async () => {
      for (const [type, properties, code] of INVALID_CREATES)
        await refused(
          () => crm.post(`/crm/v3/objects/${type}`, { properties }),
          400,
          'VALIDATION_ERROR',
          code ? new RegExp(code) : undefined,
        );
      await refused(
        () => crm.patch(`/crm/v3/objects/contacts/${contactId}`, { properties: { hs_object_id: '1' } }),
        400,
        'VALIDATION_ERROR',
        /READ_ONLY_VALUE/,
      );
      const email = (await crm.post('/crm/v3/objects/emails', { properties: { hs_timestamp: '2026-01-01' } })).body.id;
      await refused(
        () => crm.patch(`/crm/v3/objects/emails/${email}`, { properties: { hs_timestamp: null } }),
        400,
        'VALIDATION_ERROR',
        /REQUIRED_PROPERTY/,
      );
      const answer = await refused(
        () => crm.post('/crm/v3/objects/deals', { properties: { amount: 'x', closedate: 'y' } }),
        400,
        'VALIDATION_ERROR',
      );
      expect(answer.body.errors.map((e: any) => e.in).sort()).toEqual(['amount', 'closedate']);
    });

    it('over-long values and an oversized body', async () => {
      await refused(
        () =>
          crm.post('/crm/v3/objects/contacts', {
            properties: { email: 'long@acme.test', firstname: 'x'.repeat(70_000) },
          }),
        400,
        'VALIDATION_ERROR',
        /INVALID_LENGTH/,
      );
      await refused(
        () => crm.post('/crm/v3/objects/contacts', { properties: { email: `${'a'.repeat(250)}@acme.test` } }),
        400,
        'VALIDATION_ERROR',
      );
      await refused(
        () => crm.post('/crm/v3/objects/contacts', { properties: { ['p'.repeat(200)]: 'x' } }),
        400,
        'VALIDATION_ERROR',
      );
      await refused(
        () =>
          crm.post('/crm/v3/objects/emails', {
            properties: { hs_timestamp: '2026-01-01', hs_email_html: 'x'.repeat(1_200_000) },
          }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      await refused(
        () =>
          crm.post('/crm/v3/objects/contacts/batch/create', {
            inputs: Array.from({ length: 101 }, (_, i) => ({ properties: { email: `b${i}@acme.test` } })),
          }),
        400,
        'VALIDATION_ERROR',
      );
    });

    it('unknown or mismatched association types', async () => {
      await refused(
        () =>
          crm.post('/crm/v3/objects/contacts', {
            properties: { email: 'a1@acme.test' },
            associations: [{ to: { id: companyId }, types: spec(9999) }],
          }),
        400,
        'VALIDATION_ERROR',
        /9999 does not exist/,
      );
      await refused(
        () =>
          crm.post('/crm/v3/objects/contacts', {
            properties: { email: 'a2@acme.test' },
            associations: [{ to: { id: companyId }, types: spec(198) }],
          }),
        400,
        'VALIDATION_ERROR',
        /goes from emails/,
      );
      await refused(
        () =>
          crm.post('/crm/v3/objects/contacts', {
            properties: { email: 'a3@acme.test' },
            associations: [
              { to: { id: companyId }, types: [{ associationCategory: 'USER_DEFINED', associationTypeId: 279 }] },
            ],
          }),
        400,
        'VALIDATION_ERROR',
      );
      await refused(
        () => crm.put(`/crm/v4/objects/contacts/${contactId}/associations/companies/${companyId}`, spec(4)),
        400,
        'VALIDATION_ERROR',
        /does not go from contacts to companies/,
      );
      await refused(
        () => crm.put(`/crm/v4/objects/contacts/${contactId}/associations/default/contacts/${contactId}`),
        400,
        'VALIDATION_ERROR',
        /cannot be associated/,
      );
    });

    it('ids that do not exist', async () => {
      await refused(() => crm.get('/crm/v3/objects/contacts/987654321'), 404, 'OBJECT_NOT_FOUND');
      await refused(
        () => crm.get('/crm/v3/objects/contacts/nobody@acme.test?idProperty=email'),
        404,
        'OBJECT_NOT_FOUND',
      );
      await refused(
        () => crm.get('/crm/v3/objects/contacts/acme.test?idProperty=domain'),
        400,
        'VALIDATION_ERROR',
        /cannot identify contacts/,
      );
      await refused(
        () => crm.patch('/crm/v3/objects/contacts/987654321', { properties: { firstname: 'X' } }),
        404,
        'OBJECT_NOT_FOUND',
      );
      await refused(() => crm.get(`/crm/v3/objects/deals/${contactId}`), 404, 'OBJECT_NOT_FOUND');
      await refused(
        () => crm.get('/crm/v4/objects/contacts/987654321/associations/companies'),
        404,
        'OBJECT_NOT_FOUND',
      );
      await refused(
        () => crm.put(`/crm/v4/objects/contacts/${contactId}/associations/default/companies/987654321`),
        404,
        'OBJECT_NOT_FOUND',
        /company 987654321/,
      );
      await refused(
        () => crm.put(`/crm/v4/objects/contacts/${contactId}/associations/companies/987654321`, spec(279)),
        404,
        'OBJECT_NOT_FOUND',
      );
      await refused(
        () =>
          crm.post('/crm/v3/objects/contacts', {
            properties: { email: 'orphan@acme.test' },
            associations: [{ to: { id: '987654321' }, types: spec(279) }],
          }),
        400,
        'VALIDATION_ERROR',
        /no such record/,
      );
      await refused(
        () =>
          crm.post('/crm/v4/associations/contacts/companies/batch/associate/default', {
            inputs: [
              { from: { id: contactId }, to: { id: companyId } },
              { from: { id: contactId }, to: { id: '987654321' } },
            ],
          }),
        404,
        'OBJECT_NOT_FOUND',
      );
      await refused(() => crm.get('/crm/v3/owners/987654321'), 404, 'OBJECT_NOT_FOUND');
      await refused(() => crm.get('/crm/v3/objects/contacts/not-a-number'), 404, 'OBJECT_NOT_FOUND');
      await refused(() => crm.get('/crm/v3/nothing/here'), 404, 'OBJECT_NOT_FOUND', /Unable to route/);
    });

    it('a batch with one invalid record writes none of them', async () => {
      await refused(
        () =>
          crm.post('/crm/v3/objects/deals/batch/create', {
            inputs: [{ properties: { dealname: 'Fine' } }, { properties: { dealname: 'Broken', amount: 'NaN-ish' } }],
          }),
        400,
        'VALIDATION_ERROR',
        /INVALID_DOUBLE/,
      );
      await refused(
        () =>
          crm.post('/crm/v3/objects/contacts/batch/update', {
            inputs: [
              { id: contactId, properties: { firstname: 'Ok' } },
              { id: contactId, properties: { nope: 'x' } },
            ],
          }),
        400,
        'VALIDATION_ERROR',
      );
    });

    it('malformed search requests and query strings', async () => {
      const filter = { propertyName: 'email', operator: 'EQ', value: 'x' };
      await refused(
        () =>
          crm.post('/crm/v3/objects/contacts/search', {
            filterGroups: Array.from({ length: 6 }, () => ({ filters: [filter] })),
          }),
        400,
        'VALIDATION_ERROR',
      );
      await refused(
        () =>
          crm.post('/crm/v3/objects/contacts/search', {
            filterGroups: [{ filters: Array.from({ length: 7 }, () => filter) }],
          }),
        400,
        'VALIDATION_ERROR',
      );
      await refused(() => crm.post('/crm/v3/objects/contacts/search', { limit: 201 }), 400, 'VALIDATION_ERROR');
      await refused(
        () =>
          crm.post('/crm/v3/objects/contacts/search', {
            filterGroups: [{ filters: [{ ...filter, operator: 'LIKE' }] }],
          }),
        400,
        'VALIDATION_ERROR',
      );
      await refused(
        () =>
          crm.post('/crm/v3/objects/contacts/search', {
            filterGroups: [{ filters: [{ propertyName: 'email', operator: 'IN' }] }],
          }),
        400,
        'VALIDATION_ERROR',
        /needs a non-empty "values"/,
      );
      await refused(
        () =>
          crm.post('/crm/v3/objects/contacts/search', {
            filterGroups: [{ filters: [{ ...filter, propertyName: 'shoe_size' }] }],
          }),
        400,
        'VALIDATION_ERROR',
        /no property "shoe_size"/,
      );
      await refused(
        () =>
          crm.post('/crm/v3/objects/deals/search', {
            filterGroups: [{ filters: [{ propertyName: 'amount', operator: 'GT', value: 'many' }] }],
          }),
        400,
        'VALIDATION_ERROR',
        /not a number/,
      );
      await refused(
        () => crm.post('/crm/v3/objects/contacts/search', { after: '9999', limit: 100 }),
        400,
        'VALIDATION_ERROR',
        /10000/,
      );
      await refused(() => crm.get('/crm/v3/objects/contacts?limit=0'), 400, 'VALIDATION_ERROR', /limit/);
      await refused(() => crm.get('/crm/v3/objects/contacts?limit=ten'), 400, 'VALIDATION_ERROR', /limit/);
      await refused(() => crm.get('/crm/v3/objects/contacts?after=abc'), 400, 'VALIDATION_ERROR', /after/);
      await refused(() => crm.get('/crm/v3/objects/contacts?archived=maybe'), 400, 'VALIDATION_ERROR', /archived/);
    });

    it('missing or wrong credentials', async () => {
      await refused(
        () => client(server.url).get('/crm/v3/objects/contacts'),
        401,
        'INVALID_AUTHENTICATION',
        /Authorization: Bearer/,
      );
      await refused(
        () =>
          client(server.url, 'mt_not-a-real-key').post('/crm/v3/objects/contacts', {
            properties: { email: 'x@acme.test' },
          }),
        401,
        'INVALID_AUTHENTICATION',
      );
      await refused(
        () =>
          client(server.url).call('GET', '/crm/v3/objects/contacts', undefined, {
            authorization: `Basic ${account.apiKey}`,
          }),
        401,
        'INVALID_AUTHENTICATION',
      );
    });
  });
}
