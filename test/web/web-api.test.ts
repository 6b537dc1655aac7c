import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { startServer, type InProcessServer } from '../helpers/server';

// The web app's JSON API over real HTTP on a real SQLite file: sessions, CSRF, tenancy, roles, timeline actions.
describe('web API', () => {
  let server: InProcessServer;
  let acme: TestAccount;
  let globex: TestAccount;

  beforeAll(async () => {
    server = await startServer();
    acme = await createTestAccount(server.store, { users: [{ email: 'bob@acme.test', name: 'Bob' }] });
    globex = await createTestAccount(server.store, {
      name: 'Globex',
      domain: 'globex.test',
      admin: 'hank@globex.test',
    });
  });
  afterAll(() => server?.close());

  const origin = () => server.url;

  async function signIn(userId: number): Promise<string> {
    const res = await fetch(`${server.url}/web/v1/auth/dev`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: origin() },
      body: JSON.stringify({ userId: String(userId) }),
    });
    expect(res.status).toBe(204);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    return cookie.split(';')[0];
  }

  async function call(
    cookie: string | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = { origin: origin() },
  ) {
    const res = await fetch(`${server.url}/web/v1${path}`, {
      method,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async function crm(key: string, path: string, body: unknown) {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { id: string };
  }

  async function loggedEmail(key: string, subject: string, to: { contact?: string; deal?: string }) {
    const associations = [
      ...(to.contact
        ? [{ to: { id: to.contact }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 198 }] }]
        : []),
      ...(to.deal
        ? [{ to: { id: to.deal }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 210 }] }]
        : []),
    ];
    return crm(key, '/crm/v3/objects/emails', {
      properties: {
        hs_timestamp: new Date().toISOString(),
        hs_email_subject: subject,
        hs_email_html: `<p>${subject}</p>`,
        hs_email_direction: 'EMAIL',
      },
      associations,
    });
  }

  it('answers 401 without a session and offers the seeded users for dev sign-in', async () => {
    expect((await call(null, 'GET', '/session')).status).toBe(401);
    const config = await call(null, 'GET', '/auth/config');
    expect(config.body.dev).toBe(true);
    expect(config.body.devUsers.map((u: { email: string }) => u.email)).toEqual(
      expect.arrayContaining(['ada@acme.test', 'bob@acme.test', 'hank@globex.test']),
    );
  });

  it('refuses a write whose Origin is another site, and changes nothing', async () => {
    const cookie = await signIn(acme.admin.id);
    const contact = await crm(acme.apiKey, '/crm/v3/objects/contacts', { properties: { email: 'csrf@example.com' } });
    const email = await loggedEmail(acme.apiKey, 'CSRF target', { contact: contact.id });
    const forged = await call(cookie, 'DELETE', `/emails/${email.id}`, undefined, { origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    const missing = await call(cookie, 'DELETE', `/emails/${email.id}`, undefined, {});
    expect(missing.status).toBe(403);
    expect((await call(cookie, 'GET', `/emails/${email.id}`)).status).toBe(200);
  });

  it("never shows or changes another account's records", async () => {
    const hankContact = await crm(globex.apiKey, '/crm/v3/objects/contacts', {
      properties: { email: 'secret@globex-client.test', firstname: 'Secret' },
    });
    const globexEmail = await loggedEmail(globex.apiKey, 'Globex only', { contact: hankContact.id });
    const cookie = await signIn(acme.admin.id);
    expect((await call(cookie, 'GET', `/records/contacts/${hankContact.id}`)).status).toBe(404);
    expect((await call(cookie, 'GET', `/records/contacts/${hankContact.id}/timeline`)).status).toBe(404);
    expect((await call(cookie, 'GET', `/emails/${globexEmail.id}`)).status).toBe(404);
    expect((await call(cookie, 'DELETE', `/emails/${globexEmail.id}`)).status).toBe(404);
    const search = await call(cookie, 'GET', '/records/contacts?q=secret');
    expect(search.body.results).toEqual([]);
    const hank = await signIn(globex.admin.id);
    expect((await call(hank, 'GET', `/emails/${globexEmail.id}`)).body.email.subject).toBe('Globex only');
  });

  it('pins one email per record, edits associations, deletes with the email gone from every timeline', async () => {
    const contact = await crm(acme.apiKey, '/crm/v3/objects/contacts', {
      properties: { email: 'grace@initech.test', firstname: 'Grace', lastname: 'Hopper' },
    });
    const deal = await crm(acme.apiKey, '/crm/v3/objects/deals', {
      properties: { dealname: 'Initech renewal', dealstage: 'contractsent' },
    });
    const first = await loggedEmail(acme.apiKey, 'First', { contact: contact.id });
    const second = await loggedEmail(acme.apiKey, 'Second', { contact: contact.id });
    const cookie = await signIn(acme.users['bob@acme.test'].id);

    expect(
      (await call(cookie, 'POST', `/records/contacts/${contact.id}/pin`, { emailId: first.id, pinned: true })).status,
    ).toBe(204);
    let timeline = (await call(cookie, 'GET', `/records/contacts/${contact.id}/timeline`)).body.results;
    expect(timeline.map((e: { subject: string; pinned: boolean }) => [e.subject, e.pinned])).toEqual([
      ['First', true],
      ['Second', false],
    ]);
    await call(cookie, 'POST', `/records/contacts/${contact.id}/pin`, { emailId: second.id, pinned: true });
    timeline = (await call(cookie, 'GET', `/records/contacts/${contact.id}/timeline`)).body.results;
    expect(timeline.filter((e: { pinned: boolean }) => e.pinned).map((e: { subject: string }) => e.subject)).toEqual([
      'Second',
    ]);
    // An email that is not on the record cannot be pinned there.
    const other = await loggedEmail(acme.apiKey, 'Elsewhere', {});
    expect(
      (await call(cookie, 'POST', `/records/contacts/${contact.id}/pin`, { emailId: other.id, pinned: true })).status,
    ).toBe(404);

    // Move "First" from the contact to the deal; an unknown record is refused and nothing changes.
    const refused = await call(cookie, 'PUT', `/emails/${first.id}/associations`, {
      contacts: ['999999'],
      companies: [],
      deals: [deal.id],
    });
    expect(refused.status).toBe(400);
    expect(
      (await call(cookie, 'GET', `/emails/${first.id}`)).body.email.associations.contacts.map(
        (c: { id: string }) => c.id,
      ),
    ).toEqual([contact.id]);
    expect(
      (await call(cookie, 'PUT', `/emails/${first.id}/associations`, { contacts: [], companies: [], deals: [deal.id] }))
        .status,
    ).toBe(204);
    const onDeal = (await call(cookie, 'GET', `/records/deals/${deal.id}/timeline`)).body.results;
    expect(onDeal.map((e: { subject: string }) => e.subject)).toEqual(['First']);
    timeline = (await call(cookie, 'GET', `/records/contacts/${contact.id}/timeline`)).body.results;
    expect(timeline.map((e: { subject: string }) => e.subject)).toEqual(['Second']);

    expect((await call(cookie, 'DELETE', `/emails/${second.id}`)).status).toBe(204);
    expect((await call(cookie, 'GET', `/records/contacts/${contact.id}/timeline`)).body.results).toEqual([]);
    expect((await call(cookie, 'GET', `/emails/${second.id}`)).status).toBe(404);
  });

  it('keeps account settings, users and API keys to super admins, and refuses a bad never-log list whole', async () => {
    const bob = await signIn(acme.users['bob@acme.test'].id);
    expect((await call(bob, 'GET', '/admin/settings')).status).toBe(403);
    const ada = await signIn(acme.admin.id);
    const settings = (await call(ada, 'GET', '/admin/settings')).body;
    const bad = await call(ada, 'PUT', '/admin/settings', {
      ...settings,
      enforceLog: true,
      neverLog: ['@partner.test', 'not an address'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/not an address/);
    expect((await call(ada, 'GET', '/admin/settings')).body.enforceLog).toBe(false);
    const saved = await call(ada, 'PUT', '/admin/settings', {
      ...settings,
      enforceLog: true,
      neverLog: ['@Partner.test', '@partner.test'],
    });
    expect(saved.body).toMatchObject({ enforceLog: true, neverLog: ['@partner.test'] });

    const created = await call(ada, 'POST', '/admin/apikeys', { name: 'zapier' });
    expect(created.status).toBe(201);
    const works = await fetch(`${server.url}/crm/v3/objects/contacts?limit=1`, {
      headers: { authorization: `Bearer ${created.body.key}` },
    });
    expect(works.status).toBe(200);
    expect(
      (await call(ada, 'GET', '/admin/apikeys')).body.some(
        (k: { name: string; key?: string }) => k.name === 'zapier' && k.key === undefined,
      ),
    ).toBe(true);
    expect((await call(ada, 'DELETE', `/admin/apikeys/${created.body.id}`)).status).toBe(204);
    const revoked = await fetch(`${server.url}/crm/v3/objects/contacts?limit=1`, {
      headers: { authorization: `Bearer ${created.body.key}` },
    });
    expect(revoked.status).toBe(401);

    const bobId = acme.users['bob@acme.test'].id;
    expect(
      (await call(ada, 'POST', `/admin/users/${bobId}/aliases`, { email: 'robert@acme.test', kind: 'alias' })).status,
    ).toBe(204);
    expect((await call(ada, 'PATCH', `/admin/users/${bobId}`, { paidSeat: true })).status).toBe(204);
    const users = (await call(ada, 'GET', '/admin/users')).body;
    expect(users.find((u: { email: string }) => u.email === 'bob@acme.test')).toMatchObject({
      paidSeat: true,
      aliases: [{ email: 'robert@acme.test', kind: 'alias' }],
    });
    expect((await call(ada, 'PATCH', `/admin/users/${acme.admin.id}`, { role: 'user' })).status).toBe(400);
  });

  it("shows a deal's stage and pipeline with the labels the account gave them", async () => {
    const deal = await crm(acme.apiKey, '/crm/v3/objects/deals', {
      properties: { dealname: 'Relabelled', dealstage: 'appointmentscheduled', pipeline: 'default', amount: '1200' },
    });
    const cookie = await signIn(acme.admin.id);
    const before = (await call(cookie, 'GET', `/records/deals/${deal.id}`)).body;
    expect(before.subtitle).toMatch(/^Appointment Scheduled · /);

    // An admin renames the stage over the CRM API, as HubSpot's pipeline settings do.
    const res = await fetch(`${server.url}/crm/v3/pipelines/deals/default/stages/appointmentscheduled`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${acme.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'First call booked' }),
    });
    expect(res.status, await res.clone().text()).toBe(200);

    const after = (await call(cookie, 'GET', `/records/deals/${deal.id}`)).body;
    expect(after.subtitle).toMatch(/^First call booked · /);
    expect(after.options.dealstage).toContainEqual({ value: 'appointmentscheduled', label: 'First call booked' });
    expect(after.options.pipeline).toContainEqual({ value: 'default', label: 'Sales Pipeline' });
  });

  it('ends the session on sign-out', async () => {
    const cookie = await signIn(acme.admin.id);
    expect((await call(cookie, 'GET', '/session')).body.email).toBe('ada@acme.test');
    expect((await call(cookie, 'POST', '/auth/logout')).status).toBe(204);
    expect((await call(cookie, 'GET', '/session')).status).toBe(401);
  });
});
