import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/contract/feed';
import { signIdentityToken } from '../../src/emulator';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';
import { UA, trackedEmail } from './fixtures';

// The feed both the add-on's home card and the web app read (T1, T3), and the message card's events.
for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('activity feed', db), () => {
    let server: InProcessServer;
    let acme: TestAccount;
    let target: Awaited<ReturnType<typeof db.create>>;
    let grace: { id: string };
    const ids: Record<string, number> = {};

    const addon = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}/addon/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${signIdentityToken({ email: 'ada@acme.test', now: Date.now(), withEmail: true })}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      expect(res.status, await res.clone().text()).toBe(200);
      return res.json();
    };
    const hit = (path: string, ua: string) =>
      fetch(`${server.url}${path}`, { redirect: 'manual', headers: { 'user-agent': ua } }).then((r) => r.arrayBuffer());

    beforeAll(async () => {
      target = await db.create();
      server = await startServer({ db: target.target, dataDir: target.dataDir });
      acme = await createTestAccount(server.store);
      const res = await fetch(`${server.url}/crm/v3/objects/contacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${acme.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ properties: { email: 'grace@client.test', firstname: 'Grace', lastname: 'Hopper' } }),
      });
      grace = (await res.json()) as { id: string };

      const hour = 3_600_000;
      const opened = await trackedEmail(server.store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['grace@client.test'],
        attributedTo: { address: 'grace@client.test', contactId: Number(grace.id) },
        subject: 'Proposal',
        sentAt: Date.now() - 3 * hour,
        links: ['https://seller.test/pricing'],
      });
      const machineOnly = await trackedEmail(server.store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['ivan@client.test'],
        subject: 'Machine only',
        sentAt: Date.now() - 2 * hour,
      });
      const group = await trackedEmail(server.store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'anonymous',
        to: ['a@client.test', 'b@client.test'],
        subject: 'Team update',
        sentAt: Date.now() - hour,
      });
      ids.opened = opened.intent.id;
      ids.machineOnly = machineOnly.intent.id;
      ids.group = group.intent.id;

      await server.store.forAccount(acme.accountId).notLogged.record(
        {
          intentId: group.intent.id,
          messageId: '<copy@mail.gmail.com>',
          userId: acme.admin.id,
          subject: 'Sent from elsewhere',
          reason: 'the From address is not yours',
        },
        Date.now() - 4 * hour,
      );
      await hit(`/t/o/${opened.intent.token}.gif`, UA.gmailProxy);
      await hit(`/t/o/${machineOnly.intent.token}.gif`, UA.appleMpp);
      await hit(`/t/c/${opened.links[0].token}`, UA.curl);
      await hit(`/t/o/${opened.intent.token}.gif`, UA.chrome);
      await hit(`/t/c/${opened.links[0].token}`, UA.chrome);
    });
    afterAll(async () => {
      await server?.close();
      await target?.drop();
    });

    it("shows each tracked email as Sent until a person opens it, then Opened with every open time; a person's click as an item, machines folded under their email with why", async () => {
      const feed = (await addon('GET', '/feed?limit=50')) as { items: FeedItem[] };
      const graceContact = { id: grace.id, name: 'Grace Hopper', email: 'grace@client.test' };
      expect(feed.items.map((i) => [i.kind, i.label, i.subject])).toEqual([
        ['clicked', 'human', 'Proposal'],
        ['opened', 'human', 'Proposal'],
        ['sent', null, 'Team update'],
        ['sent', null, 'Machine only'],
        ['not_logged', null, 'Sent from elsewhere'],
      ]);
      const [humanClick, opened, group, machine, notLogged] = feed.items;
      expect(notLogged).toMatchObject({ reason: 'the From address is not yours', contact: null, emailUrl: null });
      expect(humanClick).toMatchObject({ contact: graceContact, url: 'https://seller.test/pricing', anonymous: false });
      expect(opened).toMatchObject({ id: `e${ids.opened}`, contact: graceContact, anonymous: false });
      expect(opened.opens).toHaveLength(2);
      expect(Date.parse(opened.opens[0])).toBeGreaterThanOrEqual(Date.parse(opened.opens[1]));
      expect(group).toMatchObject({ id: `e${ids.group}`, anonymous: true, contact: null, opens: [] });
      expect(machine).toMatchObject({ id: `e${ids.machineOnly}`, kind: 'sent', opens: [], machineCount: 1 });
      // Visible, never loud: the machines are under their email, each with why, and move nothing up.
      expect(machine.machines).toEqual([
        expect.objectContaining({
          kind: 'open',
          label: 'apple_mpp',
          why: expect.stringMatching(/Mail Privacy Protection/),
        }),
      ]);
      expect(opened).toMatchObject({ machineCount: 1, uncertain: false, why: 'an ordinary email client opening it' });
      expect(opened.machines).toEqual([
        expect.objectContaining({ kind: 'click', label: 'scanner', why: expect.stringMatching(/programming library/) }),
      ]);
    });

    it('names a reader who is not a contact by address, and by contact once one exists for that address', async () => {
      const ivan = () =>
        addon('GET', '/feed?limit=50').then((f: { items: FeedItem[] }) =>
          f.items.find((i) => i.id === `e${ids.machineOnly}`),
        );
      expect((await ivan())?.contact).toEqual({ id: null, name: 'ivan@client.test', email: 'ivan@client.test' });
      const res = await fetch(`${server.url}/crm/v3/objects/contacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${acme.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ properties: { email: 'ivan@client.test', firstname: 'Ivan', lastname: 'Sutherland' } }),
      });
      const created = (await res.json()) as { id: string };
      expect((await ivan())?.contact).toEqual({ id: created.id, name: 'Ivan Sutherland', email: 'ivan@client.test' });
    });

    it('pages without repeats or gaps', async () => {
      const all = ((await addon('GET', '/feed?limit=50')) as { items: FeedItem[] }).items.map((i) => i.id);
      const paged: string[] = [];
      let after: string | undefined;
      do {
        const page = (await addon('GET', `/feed?limit=2${after ? `&after=${encodeURIComponent(after)}` : ''}`)) as {
          items: FeedItem[];
          paging?: { next: { after: string } };
        };
        paged.push(...page.items.map((i) => i.id));
        after = page.paging?.next.after;
      } while (after);
      expect(paged).toEqual(all);
    });

    it('the web app reads the same feed, and the dashboard counts people apart from machines', async () => {
      const signIn = await fetch(`${server.url}/web/v1/auth/dev`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ userId: String(acme.admin.id) }),
      });
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
      const web = (await (await fetch(`${server.url}/web/v1/feed`, { headers: { cookie } })).json()) as {
        results: FeedItem[];
      };
      const fromAddon = ((await addon('GET', '/feed?limit=50')) as { items: FeedItem[] }).items;
      expect(web.results).toEqual(fromAddon);
      const dashboard = (await (
        await fetch(`${server.url}/web/v1/dashboard?days=1`, { headers: { cookie } })
      ).json()) as { days: unknown[] };
      expect(dashboard.days).toEqual([
        {
          day: new Date().toISOString().slice(0, 10),
          humanOpens: 2,
          machineOpens: 1,
          humanClicks: 1,
          machineClicks: 1,
        },
      ]);
    });

    it("the message card lists the email's opens and clicks with their labels", async () => {
      const intent = (
        await server.store.db
          .selectFrom('intents')
          .select(['message_id'])
          .where('id', '=', ids.opened)
          .executeTakeFirstOrThrow()
      ).message_id!;
      const card = (await addon('POST', '/message/context', {
        messageId: intent,
        threadId: 't1',
        from: 'Ada <ada@acme.test>',
        to: ['grace@client.test'],
        cc: [],
        neverLog: [],
      })) as {
        tracked: {
          mode: string;
          opens: { label: string; anonymous: boolean }[];
          clicks: { label: string; url: string }[];
        };
      };
      expect(card.tracked.mode).toBe('identified');
      expect(card.tracked.opens.map((o) => o.label)).toEqual(['human', 'proxy']);
      expect(card.tracked.clicks.map((c) => [c.label, c.url])).toEqual([
        ['human', 'https://seller.test/pricing'],
        ['scanner', 'https://seller.test/pricing'],
      ]);
    });
  });
}
