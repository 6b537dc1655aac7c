import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComposeIntentResponse } from '../../src/contract/addon';
import type { FeedItem } from '../../src/contract/feed';
import { signIdentityToken } from '../../src/emulator';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';
import { UA, trackedEmail } from './fixtures';
import { intentRequest } from '../helpers/intents';

// Privacy mode (T6), several recipients (T7), retention and erasure (B3).
for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('tracking privacy', db), () => {
    let server: InProcessServer;
    let acme: TestAccount;
    let target: Awaited<ReturnType<typeof db.create>>;

    const bearer = () => ({
      authorization: `Bearer ${signIdentityToken({ email: 'ada@acme.test', now: Date.now(), withEmail: true })}`,
    });
    async function apply(to: string[]): Promise<ComposeIntentResponse> {
      const res = await fetch(`${server.url}/addon/v1/compose/intents`, {
        method: 'POST',
        headers: { ...bearer(), 'content-type': 'application/json' },
        body: JSON.stringify(intentRequest({ log: false, recipients: { to, cc: [], bcc: [] } })),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      const applied = (await res.json()) as ComposeIntentResponse;
      // Gmail sends it: the BCC copy marks it sent (here straight through the store).
      await server.store.forAccount(acme.accountId).intents.markSent(Number(applied.intentId), {
        messageId: `<${applied.token}@mail.gmail.com>`,
        subject: 'Hello',
        sentAt: Date.now() - 60_000,
      });
      return applied;
    }
    const contact = (email: string, legalBasis: string | null) =>
      fetch(`${server.url}/crm/v3/objects/contacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${acme.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ properties: { email, ...(legalBasis ? { hs_legal_basis: legalBasis } : {}) } }),
      }).then((r) => r.json() as Promise<{ id: string }>);
    const open = (token: string) =>
      fetch(`${server.url}/t/o/${token}.gif`, { headers: { 'user-agent': UA.chrome } }).then((r) => r.arrayBuffer());
    const repo = () => server.store.forAccount(acme.accountId).tracking;
    const intentOf = (token: string) =>
      server.store.db.selectFrom('intents').selectAll().where('token', '=', token).executeTakeFirstOrThrow();

    beforeAll(async () => {
      target = await db.create();
      server = await startServer({ db: target.target, dataDir: target.dataDir });
      acme = await createTestAccount(server.store);
      await server.store.forAccount(acme.accountId).account.updateSettings({ privacyMode: true });
      await contact('nobasis@client.test', null);
      await contact('consent@client.test', 'Freely given consent from contact');
      await contact('customer@client.test', 'Legitimate interest – existing customer');
    });
    afterAll(async () => {
      await server?.close();
      await target?.drop();
    });

    it('with privacy mode on, a contact without legal basis is not tracked: no pixel, nothing attributed', async () => {
      const applied = await apply(['nobasis@client.test']);
      expect(applied).toMatchObject({ mode: 'off', pixelUrl: null, insertPixel: false });
      await open(applied.token);
      const intent = await intentOf(applied.token);
      expect(intent).toMatchObject({ attributed_address: null, attributed_contact_id: null });
      expect(await repo().eventsOf(intent.id, 10)).toEqual([]);
    });

    it('with privacy mode on, a contact with a legal basis is tracked, attributed to them', async () => {
      const applied = await apply(['consent@client.test']);
      expect(applied.mode).toBe('identified');
      await open(applied.token);
      const intent = await intentOf(applied.token);
      expect(await repo().eventsOf(intent.id, 10)).toMatchObject([
        { anonymous: false, contactId: intent.attributed_contact_id, label: 'human' },
      ]);
    });

    it('opens of an email to several readers are anonymous', async () => {
      const applied = await apply(['consent@client.test', 'customer@client.test']);
      expect(applied.mode).toBe('anonymous');
      await open(applied.token);
      const intent = await intentOf(applied.token);
      expect(await repo().eventsOf(intent.id, 10)).toMatchObject([
        { anonymous: true, contactId: null, label: 'human' },
      ]);
    });

    it('erasing a contact keeps the counts, removes who it was, and kills the tokens', async () => {
      const consent = await contact('erase-me@client.test', 'Freely given consent from contact');
      const { intent } = await trackedEmail(server.store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['Erase Me <erase-me@client.test>', 'erase-me@client.test'],
        attributedTo: { address: 'erase-me@client.test', contactId: Number(consent.id) },
      });
      await open(intent.token);
      const before = await repo().counters(intent.id);

      expect(await repo().eraseContact(Number(consent.id), 'erase-me@client.test')).toMatchObject({
        intents: 1,
        events: 1,
      });
      const row = await intentOf(intent.token);
      expect(row).toMatchObject({ attributed_address: null, attributed_contact_id: null });
      expect(row.revoked_at).not.toBeNull();
      expect(JSON.stringify(row.recipients)).not.toContain('erase-me');
      expect(await repo().eventsOf(intent.id, 10)).toMatchObject([
        { contactId: null, ip: null, userAgent: null, label: 'human' },
      ]);
      expect(await repo().counters(intent.id)).toEqual(before);
      // The token still answers, and records nothing.
      await open(intent.token);
      expect(await repo().eventsOf(intent.id, 10)).toHaveLength(1);
      // The feed keeps the email, with nobody attached.
      const feed = (await (await fetch(`${server.url}/addon/v1/feed?limit=50`, { headers: bearer() })).json()) as {
        items: FeedItem[];
      };
      expect(feed.items.find((i) => i.id === `e${intent.id}`)).toMatchObject({ kind: 'opened', contact: null });
    });

    it('purges raw events older than the retention, keeping the counts', async () => {
      const { intent } = await trackedEmail(server.store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'anonymous',
        to: ['a@x.test', 'b@x.test'],
      });
      const day = 86_400_000;
      const old = Date.now() - 400 * day;
      const base = {
        accountId: acme.accountId,
        intentId: intent.id,
        userId: acme.admin.id,
        linkId: null,
        kind: 'open' as const,
        reasons: [],
        anonymous: true,
        contactId: null,
        method: 'GET',
        ip: null,
        userAgent: null,
        uncertain: false,
      };
      await server.store.events.append([
        { ...base, label: 'human', occurredAt: old },
        { ...base, label: 'apple_mpp', occurredAt: old + 1 },
        { ...base, label: 'human', occurredAt: Date.now() - day },
      ]);
      const counted = await repo().counters(intent.id);
      const removed = await server.store.retention.purgeBefore(Date.now() - 395 * day);
      expect(removed.events).toBe(2);
      expect(await repo().eventsOf(intent.id, 10)).toHaveLength(1);
      expect(await repo().counters(intent.id)).toEqual(counted);
      expect(counted).toMatchObject({ opens: 3, person_opens: 2 });
    });
  });
}
