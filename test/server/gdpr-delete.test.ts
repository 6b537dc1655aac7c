// Archive keeps, GDPR delete erases (B3), over real HTTP on SQLite and PostgreSQL: HubSpot's own client calls
// `POST /crm/v3/objects/contacts/gdpr-delete`, a super admin deletes from the web app, and tracking forgets who the
// reader was while every count stays.
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/contract/feed';
import { signIdentityToken } from '../../src/emulator';
import { UA, trackedEmail } from '../tracking/fixtures';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('archiving and GDPR-deleting contacts', db), () => {
    let server: InProcessServer;
    let drop: () => Promise<void>;
    let acme: TestAccount;
    let hubspot: Client;

    beforeAll(async () => {
      const fresh = await db.create();
      drop = fresh.drop;
      server = await startServer({ db: fresh.target, dataDir: fresh.dataDir });
      acme = await createTestAccount(server.store, { users: [{ email: 'bob@acme.test', name: 'Bob Martin' }] });
      hubspot = new Client({ accessToken: acme.apiKey, basePath: server.url, numberOfApiCallRetries: 0 });
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    const tracking = () => server.store.forAccount(acme.accountId).tracking;
    const crm = (method: string, path: string, body?: unknown) =>
      fetch(`${server.url}/crm/v3${path}`, {
        method,
        headers: { authorization: `Bearer ${acme.apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    const contact = async (email: string, firstname: string) =>
      (await hubspot.crm.contacts.basicApi.create({ properties: { email, firstname }, associations: [] })).id;
    const open = (token: string) =>
      fetch(`${server.url}/t/o/${token}.gif`, { headers: { 'user-agent': UA.chrome } }).then((r) => r.arrayBuffer());
    /** A tracked email Ada sent to the contact, opened once by its reader. */
    const openedBy = async (address: string, contactId: string | null, subject: string) => {
      const { intent } = await trackedEmail(server.store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: [address],
        attributedTo: { address, contactId: contactId === null ? null : Number(contactId) },
        subject,
      });
      await open(intent.token);
      return intent;
    };
    const feedItem = async (intentId: number) => {
      const res = await fetch(`${server.url}/addon/v1/feed?limit=50`, {
        headers: {
          authorization: `Bearer ${signIdentityToken({ email: 'ada@acme.test', now: Date.now(), withEmail: true })}`,
        },
      });
      return ((await res.json()) as { items: FeedItem[] }).items.find((i) => i.id === `e${intentId}`)!;
    };
    const intentRow = (id: number) =>
      server.store.db.selectFrom('intents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const signIn = async (userId: number) => {
      const res = await fetch(`${server.url}/web/v1/auth/dev`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ userId: String(userId) }),
      });
      return res.headers.get('set-cookie')!.split(';')[0];
    };

    it('archiving, one or in a batch, keeps who opened: an archived contact can come back with its history', async () => {
      const one = await contact('arch-one@client.test', 'Archie');
      const two = await contact('arch-two@client.test', 'Bea');
      const first = await openedBy('arch-one@client.test', one, 'Archived alone');
      const second = await openedBy('arch-two@client.test', two, 'Archived in a batch');

      expect((await crm('DELETE', `/objects/contacts/${one}`)).status).toBe(204);
      expect((await crm('POST', '/objects/contacts/batch/archive', { inputs: [{ id: two }] })).status).toBe(204);

      for (const [intent, id, address] of [
        [first, one, 'arch-one@client.test'],
        [second, two, 'arch-two@client.test'],
      ] as const) {
        expect(await intentRow(intent.id)).toMatchObject({
          attributed_address: address,
          attributed_contact_id: Number(id),
          revoked_at: null,
        });
        expect(await tracking().eventsOf(intent.id, 10)).toMatchObject([{ contactId: Number(id) }]);
        // The feed still names the reader, by address now that the contact is archived.
        expect((await feedItem(intent.id)).contact).toEqual({ id: null, name: address, email: address });
        expect((await crm('GET', `/objects/contacts/${id}?archived=true`)).status).toBe(200);
      }
    });

    it("GDPR delete through HubSpot's client: the contact and its associations go for good, tracking forgets them, counts stay", async () => {
      const company = (
        await hubspot.crm.companies.basicApi.create({
          properties: { name: 'Client Co', domain: 'client.test' },
          associations: [],
        })
      ).id;
      const grace = await contact('grace@client.test', 'Grace');
      await hubspot.crm.associations.v4.basicApi.createDefault('contacts', grace, 'companies', company);
      const email = await hubspot.crm.objects.emails.basicApi.create({
        properties: {
          hs_timestamp: new Date().toISOString(),
          hs_email_subject: 'Proposal',
          hs_email_direction: 'EMAIL',
        },
        associations: [
          { to: { id: grace }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 198 }] },
          { to: { id: company }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 186 }] },
        ],
      });
      const intent = await openedBy('grace@client.test', grace, 'Proposal');
      // Grace was also one of several readers of a team email, next to someone whose address contains hers.
      const team = await trackedEmail(server.store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'anonymous',
        to: ['Grace <grace@client.test>', 'agrace@client.test'],
        subject: 'Team update',
      });
      const counts = await tracking().counters(intent.id);
      expect(counts).toMatchObject({ opens: 1, person_opens: 1 });

      await hubspot.crm.contacts.basicApi.purge({ objectId: grace });

      expect((await crm('GET', `/objects/contacts/${grace}?archived=true`)).status).toBe(404);
      expect((await crm('GET', `/objects/contacts/${grace}`)).status).toBe(404);
      const emailLinks = (await (
        await fetch(`${server.url}/crm/v4/objects/emails/${email.id}/associations/contacts`, {
          headers: { authorization: `Bearer ${acme.apiKey}` },
        })
      ).json()) as { results: unknown[] };
      expect(emailLinks.results).toEqual([]);
      const companyLinks = (await (
        await fetch(`${server.url}/crm/v4/objects/emails/${email.id}/associations/companies`, {
          headers: { authorization: `Bearer ${acme.apiKey}` },
        })
      ).json()) as { results: { toObjectId: number }[] };
      expect(companyLinks.results.map((r) => String(r.toObjectId))).toEqual([company]);

      expect(await intentRow(intent.id)).toMatchObject({ attributed_address: null, attributed_contact_id: null });
      expect((await intentRow(intent.id)).revoked_at).not.toBeNull();
      expect(JSON.stringify((await intentRow(intent.id)).recipients)).not.toContain('grace@');
      expect((await server.store.forAccount(acme.accountId).intents.byId(team.intent.id))?.recipients).toEqual({
        to: ['agrace@client.test'],
        cc: [],
        bcc: [],
      });
      expect(await tracking().eventsOf(intent.id, 10)).toMatchObject([
        { contactId: null, ip: null, userAgent: null, label: 'human' },
      ]);
      expect(await tracking().counters(intent.id)).toEqual(counts);
      expect(await feedItem(intent.id)).toMatchObject({ kind: 'opened', contact: null, opens: [expect.any(String)] });
      // The pixel still answers, and records nothing more.
      await open(intent.token);
      expect(await tracking().counters(intent.id)).toEqual(counts);
    });

    it('GDPR delete by address: an archived contact, and a reader who never was a contact', async () => {
      const hal = await contact('hal@client.test', 'Hal');
      const archivedRead = await openedBy('hal@client.test', hal, 'To an archived contact');
      expect((await crm('DELETE', `/objects/contacts/${hal}`)).status).toBe(204);
      const strangerRead = await openedBy('stranger@client.test', null, 'To a stranger');

      await hubspot.crm.contacts.basicApi.purge({ objectId: 'HAL@client.test', idProperty: 'email' });
      await hubspot.crm.contacts.basicApi.purge({ objectId: 'stranger@client.test', idProperty: 'email' });

      expect((await crm('GET', `/objects/contacts/${hal}?archived=true`)).status).toBe(404);
      for (const intent of [archivedRead, strangerRead]) {
        expect(await intentRow(intent.id)).toMatchObject({ attributed_address: null, attributed_contact_id: null });
        expect((await feedItem(intent.id)).contact).toBeNull();
      }
    });

    it('refuses what it cannot do, with the reason, and deletes nothing', async () => {
      const ivy = await contact('ivy@client.test', 'Ivy');
      const intent = await openedBy('ivy@client.test', ivy, 'Still attributed');
      const refused = [
        [await crm('POST', '/objects/contacts/gdpr-delete', { objectId: 'ivy@client.test' }), 400, 'idProperty'],
        [
          await crm('POST', '/objects/contacts/gdpr-delete', { objectId: 'not an address', idProperty: 'email' }),
          400,
          'not an email address',
        ],
        [
          await crm('POST', '/objects/contacts/gdpr-delete', { objectId: ivy, idProperty: 'firstname' }),
          400,
          'idProperty',
        ],
        [await crm('POST', '/objects/contacts/gdpr-delete', { objectId: '987654321' }), 404, 'No contact 987654321'],
        [await crm('POST', '/objects/companies/gdpr-delete', { objectId: ivy }), 400, 'contacts only'],
      ] as const;
      for (const [res, status, says] of refused) {
        expect(res.status).toBe(status);
        expect(((await res.json()) as { message: string }).message).toContain(says);
      }
      expect((await crm('GET', `/objects/contacts/${ivy}`)).status).toBe(200);
      expect(await intentRow(intent.id)).toMatchObject({ attributed_address: 'ivy@client.test', revoked_at: null });
    });

    it('the web app lets a super admin, and no one else, delete a contact for good', async () => {
      const jan = await contact('jan@client.test', 'Jan');
      const intent = await openedBy('jan@client.test', jan, 'From the web app');
      const post = async (userId: number, id: string) =>
        fetch(`${server.url}/web/v1/records/contacts/${id}/gdpr-delete`, {
          method: 'POST',
          headers: { cookie: await signIn(userId), origin: server.url },
        });

      const bob = await post(acme.users['bob@acme.test'].id, jan);
      expect(bob.status).toBe(403);
      expect(((await bob.json()) as { message: string }).message).toContain('Only super admins');
      expect((await crm('GET', `/objects/contacts/${jan}`)).status).toBe(200);

      expect((await post(acme.admin.id, jan)).status).toBe(204);
      expect((await crm('GET', `/objects/contacts/${jan}?archived=true`)).status).toBe(404);
      expect(await intentRow(intent.id)).toMatchObject({ attributed_address: null, attributed_contact_id: null });
      expect((await post(acme.admin.id, jan)).status).toBe(404);
    });
  });
}
