// Tickets and tasks in the web app's API, over real HTTP on SQLite and PostgreSQL: a ticket has a page with its
// status as the account's pipeline names it and its records, tickets are listed and searched, an email's tickets are
// edited with its other records, and a record's timeline shows its tasks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordDetail, RecordList, Timeline } from '../../src/contract/web';
import { CrmRecords } from '../../src/server/crm/records';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';
import { webSession } from '../helpers/web-session';

const assoc = (id: number, typeId: number) => ({
  to: { id: String(id) },
  types: [{ associationCategory: 'HUBSPOT_DEFINED' as const, associationTypeId: typeId }],
});

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('tickets and tasks in the web app', db), () => {
    let server: InProcessServer;
    let drop: () => Promise<void>;
    let acme: TestAccount;
    let records: CrmRecords;
    let cookie: string;
    let grace: number;
    let ticket: number;

    beforeAll(async () => {
      const fresh = await db.create();
      drop = fresh.drop;
      server = await startServer({ db: fresh.target, dataDir: fresh.dataDir });
      acme = await createTestAccount(server.store, { users: [{ email: 'bob@acme.test', name: 'Bob Martin' }] });
      records = new CrmRecords(server.store.forAccount(acme.accountId));
      grace = (await records.create('contacts', { properties: { email: 'grace@engines.example', firstname: 'Grace' } }))
        .id;
      ticket = (
        await records.create('tickets', {
          properties: {
            subject: 'Printer on fire',
            hs_pipeline: '0',
            hs_pipeline_stage: '3',
            hs_ticket_priority: 'HIGH',
          },
          associations: [assoc(grace, 16)],
        })
      ).id;
      cookie = await webSession(server.url, acme.admin.id);
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
      const res = await fetch(`${server.url}/web/v1${path}`, {
        method,
        headers: { cookie, origin: server.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };

    it('shows a ticket with its status in the account’s words and its contact, and lists and searches tickets', async () => {
      const page = await call<RecordDetail>('GET', `/records/tickets/${ticket}`);
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ type: 'tickets', name: 'Printer on fire', subtitle: 'Waiting on us · High' });
      expect(page.body.options.hs_pipeline_stage).toContainEqual({ value: '3', label: 'Waiting on us' });
      expect(page.body.associated.contacts.map((c) => c.id)).toEqual([String(grace)]);
      const contact = await call<RecordDetail>('GET', `/records/contacts/${grace}`);
      expect(contact.body.associated.tickets).toEqual([
        { type: 'tickets', id: String(ticket), name: 'Printer on fire', subtitle: 'Waiting on us · High' },
      ]);

      expect((await call<RecordList>('GET', '/records/tickets?q=fire')).body.results.map((r) => r.id)).toEqual([
        String(ticket),
      ]);
      expect((await call<RecordList>('GET', '/records/tickets?q=water')).body.results).toEqual([]);
    });

    it("edits an email's tickets with its other records; a client that sends no tickets leaves them", async () => {
      const email = await records.create('emails', {
        properties: {
          hs_timestamp: new Date().toISOString(),
          hs_email_subject: 'About the fire',
          hs_email_direction: 'EMAIL',
        },
        associations: [assoc(grace, 198)],
      });
      const put = (body: object) => call('PUT', `/emails/${email.id}/associations`, body);
      expect(
        (await put({ contacts: [String(grace)], companies: [], deals: [], tickets: [String(ticket)] })).status,
      ).toBe(204);
      const timeline = await call<Timeline>('GET', `/records/tickets/${ticket}/timeline`);
      expect(timeline.body.results.map((e) => e.id)).toEqual([String(email.id)]);
      expect(timeline.body.results[0].associations.tickets.map((t) => t.id)).toEqual([String(ticket)]);

      expect((await put({ contacts: [String(grace)], companies: [], deals: [] })).status).toBe(204);
      expect((await call<Timeline>('GET', `/records/tickets/${ticket}/timeline`)).body.results).toHaveLength(1);
      expect((await put({ contacts: [String(grace)], companies: [], deals: [], tickets: ['999999'] })).status).toBe(
        400,
      );
      expect((await call<Timeline>('GET', `/records/tickets/${ticket}/timeline`)).body.results).toHaveLength(1);
    });

    it('shows the tasks of a record on its timeline, latest due first, with status, owner and notes as text', async () => {
      const task = (subject: string, due: string, status: string) =>
        records.create('tasks', {
          properties: {
            hs_timestamp: due,
            hs_task_subject: subject,
            hs_task_status: status,
            hs_task_body: '<p>Call <b>Grace</b> back</p>',
            hubspot_owner_id: String(acme.admin.id),
          },
          associations: [assoc(grace, 204)],
        });
      const later = await task('Follow up on the quote', '2026-05-02T09:00:00.000Z', 'NOT_STARTED');
      const done = await task('Send the quote', '2026-04-01T09:00:00.000Z', 'COMPLETED');
      const timeline = await call<Timeline>('GET', `/records/contacts/${grace}/timeline`);
      expect(timeline.body.tasks).toEqual([
        {
          id: String(later.id),
          subject: 'Follow up on the quote',
          status: 'NOT_STARTED',
          completed: false,
          at: '2026-05-02T09:00:00.000Z',
          body: expect.stringMatching(/^Call Grace back\s*$/),
          owner: expect.any(String),
        },
        expect.objectContaining({ id: String(done.id), status: 'COMPLETED', completed: true }),
      ]);
      // Another record's timeline does not show them.
      expect((await call<Timeline>('GET', `/records/tickets/${ticket}/timeline`)).body.tasks).toEqual([]);
    });
  });
}
