// Opens on the timeline (P4), over real HTTP on SQLite and PostgreSQL: a tracked email sent to one contact is on
// that contact's timeline with every open and click and its label, logged or not; an email sent to several people
// is not attributed to any of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Timeline } from '../../src/contract/web';
import { CrmRecords } from '../../src/server/crm/records';
import { UA, trackedEmail } from '../tracking/fixtures';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';
import { webSession } from '../helpers/web-session';

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('tracked emails on the contact timeline', db), () => {
    let server: InProcessServer;
    let drop: () => Promise<void>;
    let acme: TestAccount;
    let grace: number;
    let cookie: string;

    beforeAll(async () => {
      const fresh = await db.create();
      drop = fresh.drop;
      server = await startServer({ db: fresh.target, dataDir: fresh.dataDir });
      acme = await createTestAccount(server.store, { users: [{ email: 'bob@acme.test', name: 'Bob Martin' }] });
      grace = (
        await new CrmRecords(server.store.forAccount(acme.accountId)).create('contacts', {
          properties: { email: 'grace@engines.example', firstname: 'Grace' },
        })
      ).id;
      cookie = await webSession(server.url, acme.admin.id);
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    const fetchAs = (token: string, ua: string) =>
      fetch(`${server.url}/t/o/${token}.gif`, { headers: { 'user-agent': ua } }).then((r) => r.arrayBuffer());
    const timeline = async (id: number): Promise<Timeline> =>
      (await fetch(`${server.url}/web/v1/records/contacts/${id}/timeline`, { headers: { cookie } })).json();

    it('shows a tracked email that was not logged, with every open and its label in words', async () => {
      const { intent } = await trackedEmail(server.store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['grace@engines.example'],
        attributedTo: { address: 'grace@engines.example', contactId: grace },
        subject: 'Pricing, as promised',
      });
      const other = await trackedEmail(server.store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'anonymous',
        to: ['grace@engines.example', 'ada@engines.example'],
        subject: 'To both of you',
      });
      await fetchAs(intent.token, UA.chrome);
      await fetchAs(intent.token, UA.gmailProxy);
      await fetchAs(other.intent.token, UA.chrome);

      const t = await timeline(grace);
      expect(t.results).toEqual([]);
      expect(t.tracked).toHaveLength(1);
      const [send] = t.tracked;
      expect(send).toMatchObject({
        intentId: String(intent.id),
        subject: 'Pricing, as promised',
        to: 'grace@engines.example',
      });
      // Every fetch is listed, newest first, each with the label the tracking gave it: the same as the add-on's.
      const stored = await server.store.forAccount(acme.accountId).tracking.eventsOf(intent.id, 10);
      expect(stored).toHaveLength(2);
      expect(send.tracking.events.map((e) => [e.kind, e.label, e.at])).toEqual(
        stored.map((e) => ['open', e.label, new Date(e.occurredAt).toISOString()]),
      );
      expect(send.tracking.events.every((e) => e.why.length > 0)).toBe(true);
    });

    it('does not list it apart once it is on the timeline as a logged email, whose view lists every open too', async () => {
      const { intent } = await trackedEmail(server.store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['grace@engines.example'],
        attributedTo: { address: 'grace@engines.example', contactId: grace },
        subject: 'Logged and tracked',
      });
      await fetchAs(intent.token, UA.gmailProxy);
      const scope = server.store.forAccount(acme.accountId);
      const email = await new CrmRecords(scope).create('emails', {
        properties: {
          hs_timestamp: new Date().toISOString(),
          hs_email_subject: 'Logged and tracked',
          hs_email_direction: 'EMAIL',
        },
        associations: [
          { to: { id: String(grace) }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 198 }] },
        ],
      });
      // As the BCC copy logs it: the email, and the Message-ID it was sent under tied to its intent.
      await scope.loggedEmails.record({
        messageId: intent.messageId!,
        emailId: email.id,
        intentId: intent.id,
        threadKey: intent.messageId!,
        userId: acme.admin.id,
        source: 'bcc',
      });

      const t = await timeline(grace);
      expect(t.tracked.map((s) => s.subject)).toEqual(['Pricing, as promised']);
      expect(t.results).toHaveLength(1);
      expect(t.results[0].tracking!.events).toEqual([
        expect.objectContaining({ kind: 'open', label: (await scope.tracking.eventsOf(intent.id, 5))[0].label }),
      ]);
    });
  });
}
