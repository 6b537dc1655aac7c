// Exhaustive tenancy (R1): accounts A and B hold the same shapes of data. For every route of the app (read from
// the app, so none is forgotten), with A's credentials — API key for /crm, ID token for /addon, session for the web
// API — and B's ids, tokens and keys in each id position in turn, then in all of them at once: B's rows are
// identical before and after, no answer carries a value of B's, A's rows never point at B's, and B still works.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FeedItem } from '../../src/contract/feed';
import { createTestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { client } from '../helpers/http';
import { startServer, type InProcessServer } from '../helpers/server';
import { openSse } from '../helpers/sse-client';
import { UA } from '../tracking/fixtures';
import { markedValues, rowsOf, type TableRows } from './db-state';
import { appRoutes, caseOf, ROUTE_CASES, type IdSource, type Req } from './routes';
import { credentials, send, type Sent } from './send';
import { createWorld, worldServerConfig, MARK_B, type IdKind, type Side, type World } from './world';
import { webSession } from '../helpers/web-session';

// A person's open notifies at once here, rather than after the production settle wait.
process.env.MAILTRAIL_NOTIFY_SETTLE_MS = '0';

/** Which table a column ending in `_id` points into; `account_id` is the scope itself. */
const POINTS_TO: Record<string, string> = {
  user_id: 'users',
  intent_id: 'intents',
  email_id: 'crm_objects',
  record_id: 'crm_objects',
  contact_id: 'crm_objects',
  attributed_contact_id: 'crm_objects',
  from_id: 'crm_objects',
  to_id: 'crm_objects',
  link_id: 'tracked_links',
  event_id: 'tracking_events',
  endpoint_id: 'webhook_endpoints',
  template_id: 'templates',
  owner_id: 'users',
};

/**
 * Columns that hold a key the account chose within its own scope, not a row id: a pipeline's and a stage's ids
 * (`default`, `appointmentscheduled`, or a number HubSpot-style) name the account's own pipelines.
 */
const SCOPED_KEYS = new Set(['pipeline_id', 'stage_id']);

/** Rows of A that point at a row of B, and `_id` columns this test does not know how to follow. */
function crossReferences(aRows: TableRows, bRows: TableRows): string[] {
  const bIds = (table: string) => new Set((bRows[table] ?? []).map((r) => Number(r.id)));
  const found: string[] = [];
  const check = (table: string, column: string, target: string, value: unknown) => {
    if (value !== null && value !== undefined && bIds(target).has(Number(value)))
      found.push(`${table}.${column} = ${String(value)} is ${target} of B`);
  };
  for (const [table, rows] of Object.entries(aRows)) {
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (column === 'account_id' || SCOPED_KEYS.has(column) || !column.endsWith('_id')) continue;
        const target = POINTS_TO[column];
        if (!target) {
          found.push(
            `${table}.${column}: unknown reference column; teach POINTS_TO in test/hostile/tenancy.test.ts where it points`,
          );
          continue;
        }
        check(table, column, target, value);
      }
      if (table === 'intents')
        for (const a of (row.associations as { id: string }[]) ?? []) check(table, 'associations', 'crm_objects', a.id);
      if (table === 'crm_objects')
        check(
          table,
          'properties.hubspot_owner_id',
          'users',
          (row.properties as Record<string, unknown>)?.hubspot_owner_id,
        );
    }
  }
  return [...new Set(found)];
}

/** How many ids a variant takes, by calling it once with A's. */
function positionsOf(variant: (id: IdSource) => Req, ids: Record<IdKind, string>): number {
  let n = 0;
  variant((kind) => {
    n++;
    return ids[kind];
  });
  return n;
}

/** The variant with B's id in the positions `useB` picks and A's elsewhere. */
function mixed(variant: (id: IdSource) => Req, a: Side, b: Side, useB: (position: number) => boolean): Req {
  let i = 0;
  return variant((kind) => (useB(i++) ? b.ids[kind] : a.ids[kind]));
}

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('exhaustive tenancy', db), () => {
    let server: InProcessServer;
    let drop: () => Promise<void>;
    let world: World;

    beforeAll(async () => {
      const fresh = await db.create();
      drop = fresh.drop;
      server = await startServer({ db: fresh.target, dataDir: fresh.dataDir, config: worldServerConfig() });
      world = await createWorld(server);
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    /** B can still do what it did: its key, its ID token and its session all work. */
    async function bStillWorks(b: Side): Promise<string[]> {
      const problems: string[] = [];
      const key = await b.crm.get(`/crm/v3/objects/contacts/${b.ids.contact}`);
      if (key.status !== 200)
        problems.push(`B's API key now gets ${key.status} reading its own contact: ${key.body?.message}`);
      const me = await b.addon.get('/addon/v1/me');
      if (me.status !== 200) problems.push(`B's rep now gets ${me.status} from the add-on: ${me.body?.message}`);
      const session = await client(server.url).call('GET', '/web/v1/session', undefined, { cookie: b.session });
      if (session.status !== 200) problems.push(`B's session now gets ${session.status}: ${session.body?.message}`);
      return problems;
    }

    it('knows every route of the app', () => {
      const read = appRoutes(server.app);
      expect(
        read.filter((r) => !server.app.hasRoute({ method: r.method as 'GET', url: r.url })),
        'routes misread from printRoutes()',
      ).toEqual([]);
      const unknown = read.filter((r) => !caseOf(r)).map((r) => r.key);
      expect(unknown, 'routes missing from ROUTE_CASES in test/hostile/routes.ts').toEqual([]);
    });

    it("with A's credentials and B's ids in every id position, reads and changes nothing of B's", async () => {
      const { a, b } = world;
      const present = new Set(appRoutes(server.app).map((r) => r.key));
      const bMarks = markedValues(await rowsOf(server.store, b.account.accountId), MARK_B);
      expect(bMarks.size).toBeGreaterThan(20);
      const failures: string[] = [];
      // A breakage of B is reported by the request that caused it, not again by every request after it.
      const broken = new Set<string>();
      let requests = 0;

      for (const c of ROUTE_CASES) {
        if (c.noTenancy || !present.has(c.route)) continue;
        for (const variant of c.variants) {
          const n = positionsOf(variant, a.ids);
          // Each position alone, then all of them: B's id beside A's own is the classic confused-deputy case.
          const combos: ((p: number) => boolean)[] =
            n === 0
              ? [() => true]
              : [...Array.from({ length: n }, (_, i) => (p: number) => p === i), ...(n > 1 ? [() => true] : [])];
          for (const useB of combos) {
            const req = mixed(variant, a, b, useB);
            const before = await rowsOf(server.store, b.account.accountId);
            const refsBefore = new Set(crossReferences(await rowsOf(server.store, a.account.accountId), before));
            const answer: Sent = await send(server.url, req, credentials(c.surface, a, server.url), {
              stream: c.stream,
            });
            requests++;
            if (c.endsSession) a.session = await webSession(server.url, a.account.admin.id);
            const where = `${c.route} as ${answer.requestText.slice(0, 300)} → ${answer.status}`;
            if (answer.status >= 500) failures.push(`${where}: server error ${answer.text.slice(0, 300)}`);
            const after = await rowsOf(server.store, b.account.accountId);
            if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${where}: changed B's rows`);
            const leaked = [...bMarks].filter((v) => answer.text.includes(v) && !answer.requestText.includes(v));
            if (leaked.length) failures.push(`${where}: answered B's values ${JSON.stringify(leaked)}`);
            for (const ref of crossReferences(await rowsOf(server.store, a.account.accountId), after)) {
              if (!refsBefore.has(ref)) failures.push(`${where}: A's data now points at B's: ${ref}`);
            }
            for (const problem of await bStillWorks(b)) {
              if (!broken.has(problem)) failures.push(`${where}: ${problem}`);
              broken.add(problem);
            }
          }
        }
      }
      expect(requests).toBeGreaterThan(100);
      expect([...new Set(failures)]).toEqual([]);
    });

    it("A's admin cannot take B's people's addresses as users, aliases or inboxes of A", async () => {
      const { a, b } = world;
      const asAdmin = { cookie: a.session, origin: server.url };
      const web = client(server.url);
      const before = JSON.stringify(await rowsOf(server.store));
      const attempts = [
        web.call('POST', '/web/v1/admin/users', { email: b.ids.userEmail, name: 'Taken', role: 'user' }, asAdmin),
        web.call('POST', '/web/v1/admin/users', { email: b.ids.alias.toUpperCase(), role: 'user' }, asAdmin),
        web.call(
          'POST',
          `/web/v1/admin/users/${a.ids.user}/aliases`,
          { email: b.ids.userEmail, kind: 'alias' },
          asAdmin,
        ),
        web.call('POST', `/web/v1/admin/users/${a.ids.user}/aliases`, { email: b.ids.alias, kind: 'inbox' }, asAdmin),
      ];
      for (const answer of await Promise.all(attempts)) {
        expect(answer.status, answer.text).toBe(409);
        expect(answer.body.message).toMatch(/another mailtrail account/);
        expect(answer.text).not.toContain(MARK_B.toUpperCase());
      }
      expect(JSON.stringify(await rowsOf(server.store))).toBe(before);
      expect((await b.addon.get('/addon/v1/me')).status).toBe(200);
    });

    it("A's live stream never carries B's events", async () => {
      const { a, b } = world;
      const notifications = async () =>
        (await server.store.db.selectFrom('tracking_notifications').select(['account_id', 'id']).execute()).length;
      const already = await notifications();
      // A person opens B's email first, then A's; both are stored before A's rep connects and asks for everything.
      for (const side of [b, a])
        await fetch(`${server.url}/t/o/${side.sentToken}.gif`, { headers: { 'user-agent': UA.chrome } }).then((r) =>
          r.arrayBuffer(),
        );
      await vi.waitFor(async () => expect(await notifications()).toBe(already + 2), { timeout: 30_000 });
      for (const side of [a, b]) {
        const rep = side.account.users[side.ids.userEmail];
        const live = await openSse(`${server.url}/web/v1/feed/stream`, {
          cookie: await webSession(server.url, rep.id),
          'last-event-id': '0',
        });
        try {
          // The side's own logged emails come first ("Logged" items), then the open; nothing names the other side.
          const other = side === a ? MARK_B : 'alphamark';
          let item: FeedItem;
          do {
            item = JSON.parse((await live.next()).data) as FeedItem;
            expect(JSON.stringify(item)).not.toContain(other);
          } while (item.kind === 'logged');
          expect(item).toMatchObject({ kind: 'opened', subject: `Tracked ${side === a ? 'alphamark' : MARK_B}` });
        } finally {
          live.close();
        }
      }
    });
  });
}

describe('dev sign-in, which lets anyone pick any user, is off without --dev', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await startServer({ config: { dev: false } });
  });
  afterAll(() => server?.close());

  it('lists nobody and signs nobody in', async () => {
    const other = (await createTestAccount(server.store, { domain: 'nodev.test' })).admin.id;
    const config = await client(server.url).get('/web/v1/auth/config');
    expect(config.body).toMatchObject({ dev: false, devUsers: [] });
    const signIn = await client(server.url).call(
      'POST',
      '/web/v1/auth/dev',
      { userId: String(other) },
      { origin: server.url },
    );
    expect(signIn.status).toBe(403);
    expect(signIn.headers.get('set-cookie')).toBeNull();
  });
});
