import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FeedItem } from '../../src/contract/feed';
import { Store } from '../../src/server/store';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { tempDir } from '../helpers/databases';
import { startHttpReceiver, type HttpReceiver } from '../helpers/http-receiver';
import { freshPostgresDatabase, postgresUnavailable } from '../helpers/pg';
import { spawnServer, type SpawnedServer } from '../helpers/server';
import { openSse, type SseClient } from '../helpers/sse-client';
import { UA, trackedEmail } from '../tracking/fixtures';

// Two `mailtrail serve` processes on one PostgreSQL database, as behind a load balancer without sticky sessions
// (D2): each request below goes to whichever instance the test picks.
const pgSkip = await postgresUnavailable();

describe.skipIf(pgSkip)(`two instances on one PostgreSQL${pgSkip ? ` (skipped: ${pgSkip})` : ''}`, () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let acme: TestAccount;
  let a: SpawnedServer;
  let b: SpawnedServer;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    dir = tempDir();
    store = await Store.open({ kind: 'postgres', url: database.url });
    acme = await createTestAccount(store, { users: [{ email: 'bob@acme.test', name: 'Bob' }] });
    // One data directory, as instances share it in production (Web Push keys, attachments); notifications decide at once.
    const options = {
      db: { kind: 'postgres' as const, url: database.url },
      dataDir: dir.path,
      env: { MAILTRAIL_NOTIFY_SETTLE_MS: '0' },
    };
    [a, b] = await Promise.all([spawnServer(options), spawnServer(options)]);
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await store?.close();
    await database?.drop();
    dir?.remove();
  });

  async function signIn(server: SpawnedServer, userId: number): Promise<string> {
    const res = await fetch(`${server.url}/web/v1/auth/dev`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ userId: String(userId) }),
    });
    expect(res.status).toBe(204);
    return res.headers.get('set-cookie')!.split(';')[0];
  }
  async function stream(server: SpawnedServer, cookie: string, lastEventId?: string): Promise<SseClient> {
    const client = await openSse(`${server.url}/web/v1/feed/stream`, {
      cookie,
      ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
    });
    expect(client.status).toBe(200);
    streams.push(client);
    return client;
  }
  const open = (server: SpawnedServer, token: string, ua: string = UA.chrome) =>
    fetch(`${server.url}/t/o/${token}.gif`, { headers: { 'user-agent': ua } });
  const item = (m: { data: string }) => JSON.parse(m.data) as FeedItem;
  const email = (to: string, userId = acme.admin.id) =>
    trackedEmail(store, acme.accountId, { userId, mode: 'identified', to: [to] });

  it("an open recorded through one instance reaches, live, the sender's stream on the other, once and in order", async () => {
    // Signed in through A, streaming from B and from A: the session is the database's, not an instance's.
    const cookie = await signIn(a, acme.admin.id);
    const onB = await stream(b, cookie);
    const onA = await stream(a, cookie);

    const first = await email('grace@client.test');
    await (await open(a, first.intent.token)).arrayBuffer();
    const second = await email('hal@client.test');
    await (await open(b, second.intent.token)).arrayBuffer();

    // Each stream gets both notifications, each once (A stored the first and also hears it ring), in the same order
    // and with the same ids on both instances.
    const fromB = [await onB.next(), await onB.next()];
    const fromA = [await onA.next(), await onA.next()];
    expect(fromB.map((m) => item(m).id)).toEqual([`e${first.intent.id}`, `e${second.intent.id}`]);
    expect(fromB.map((m) => [m.event, m.id])).toEqual(fromA.map((m) => [m.event, m.id]));
    expect(Number(fromB[1].id)).toBeGreaterThan(Number(fromB[0].id));

    // The client drops and the load balancer sends it to the other instance: it resumes from its Last-Event-ID
    // with what it missed, then live.
    onB.close();
    const third = await email('ivy@client.test');
    await (await open(b, third.intent.token)).arrayBuffer();
    await vi.waitFor(async () =>
      expect(
        await store.forAccount(acme.accountId).notifications.after(acme.admin.id, Number(fromB[1].id), 10),
      ).toHaveLength(1),
    );
    const resumed = await stream(a, cookie, fromB[1].id);
    expect(item(await resumed.next()).id).toBe(`e${third.intent.id}`);
    const fourth = await email('jan@client.test');
    await (await open(b, fourth.intent.token)).arrayBuffer();
    const live = await resumed.next();
    expect(item(live).id).toBe(`e${fourth.intent.id}`);
    // And the stream that stayed on A saw the same two.
    const stayed = [await onA.next(), await onA.next()];
    expect(stayed.map((m) => item(m).id)).toEqual([`e${third.intent.id}`, `e${fourth.intent.id}`]);
    expect(stayed[1].id).toBe(live.id);
  });

  it('keeps the streams live when the listening connections drop (PostgreSQL restarted), missing nothing meanwhile', async () => {
    const cookie = await signIn(a, acme.admin.id);
    const onB = await stream(b, cookie);
    // What a PostgreSQL restart does to a connection; the pools reconnect on their own, the listeners must too.
    const killed = await sql<{ pid: number }>`select pg_terminate_backend(pid) as pid from pg_stat_activity
      where datname = current_database() and application_name = 'mailtrail listen mailtrail_notifications'`.execute(
      store.db,
    );
    expect(killed.rows).toHaveLength(2);

    const during = await email('kim@client.test');
    await (await open(a, during.intent.token)).arrayBuffer();
    expect(item(await onB.next()).id).toBe(`e${during.intent.id}`);
    await vi.waitFor(async () => {
      const listening = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and application_name = 'mailtrail listen mailtrail_notifications'`.execute(
        store.db,
      );
      expect(listening.rows[0].n).toBe(2);
    });
    const after = await email('lou@client.test');
    await (await open(a, after.intent.token)).arrayBuffer();
    expect(item(await onB.next()).id).toBe(`e${after.intent.id}`);
  });

  it('records every answered open hitting both instances at once, with counters that agree with the events', async () => {
    const emails = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        trackedEmail(store, acme.accountId, {
          userId: acme.admin.id,
          mode: i % 3 ? 'identified' : 'anonymous',
          to: i % 3 ? [`load${i}@client.test`] : [`x${i}@client.test`, `y${i}@client.test`],
        }),
      ),
    );
    const answered = new Map<string, number>();
    const workers = Array.from({ length: 24 }, async (_, w) => {
      for (let i = 0; i < 36; i++) {
        const { intent } = emails[(w * 7 + i) % emails.length];
        // A person for most hits, Apple's prefetch for some: both kinds of counter move.
        const ua = i % 5 === 0 ? UA.appleMpp : `${UA.chrome} probe/${w}.${i}`;
        const res = await open(w % 2 ? a : b, intent.token, ua);
        expect(res.status).toBe(200);
        expect((await res.arrayBuffer()).byteLength).toBe(43);
        answered.set(intent.token, (answered.get(intent.token) ?? 0) + 1);
      }
    });
    await Promise.all(workers);

    const ids = emails.map((e) => e.intent.id);
    const events = await store.db
      .selectFrom('tracking_events')
      .select(['intent_id', 'kind', 'label', 'repeat'])
      .where('intent_id', 'in', ids)
      .execute();
    const counters = await store.db.selectFrom('tracking_counters').selectAll().where('intent_id', 'in', ids).execute();
    for (const { intent } of emails) {
      const mine = events.filter((e) => e.intent_id === intent.id);
      // A person's opens repeated from one address within minutes count once (docs/decisions.md).
      const person = mine.filter((e) => (e.label === 'human' || e.label === 'proxy') && !e.repeat);
      expect(mine.length, `events of email ${intent.id}`).toBe(answered.get(intent.token));
      expect(counters.find((c) => c.intent_id === intent.id)).toMatchObject({
        opens: mine.length,
        person_opens: person.length,
      });
    }
    const daily = await store.db
      .selectFrom('tracking_daily')
      .select((eb) => [
        eb.fn.sum<number>('person_opens').as('person'),
        eb.fn.sum<number>('machine_opens').as('machine'),
      ])
      .where('user_id', '=', acme.admin.id)
      .executeTakeFirstOrThrow();
    const all = await store.db
      .selectFrom('tracking_events')
      .select(['label'])
      .where('user_id', '=', acme.admin.id)
      .where('kind', '=', 'open')
      .where('repeat', '=', 0)
      .execute();
    expect(Number(daily.person) + Number(daily.machine)).toBe(all.length);
    expect(Number(daily.machine)).toBe(all.filter((e) => e.label !== 'human' && e.label !== 'proxy').length);
  });

  it("delivers each webhook exactly once while both instances' workers take from the queue", async () => {
    const receiver: HttpReceiver = await startHttpReceiver();
    try {
      const bob = acme.users['bob@acme.test'];
      const scope = store.forAccount(acme.accountId);
      const endpoints = await Promise.all(
        ['/one', '/two', '/three'].map((path) =>
          scope.webhooks.addEndpoint({
            userId: bob.id,
            kind: 'webhook',
            url: `${receiver.url}${path}`,
            secret: 'whsec_multi',
          }),
        ),
      );
      const emails = await Promise.all(Array.from({ length: 24 }, (_, i) => email(`hook${i}@client.test`, bob.id)));
      await Promise.all(emails.map(async ({ intent }, i) => (await open(i % 2 ? a : b, intent.token)).arrayBuffer()));

      const expected = emails.length * endpoints.length;
      await vi.waitFor(
        async () => {
          const rows = (await Promise.all(endpoints.map((e) => scope.webhooks.deliveries(e.id)))).flat();
          expect(rows).toHaveLength(expected);
          expect(rows.filter((r) => r.delivered_at === null)).toEqual([]);
        },
        { timeout: 30_000, interval: 100 },
      );
      // Stopping waits for deliveries in flight: after it, nothing more can arrive.
      await Promise.all([a.stop(), b.stop()]);

      const got = receiver.received.map((r) => `${r.url} ${r.headers['x-mailtrail-event-id']}`);
      const notifications = await scope.notifications.after(bob.id, 0, 100);
      expect(notifications).toHaveLength(emails.length);
      const want = notifications.flatMap((n) => ['/one', '/two', '/three'].map((path) => `${path} ntf_${n.id}`));
      expect(got.sort()).toEqual(want.sort());
    } finally {
      await receiver.close();
    }
  });
});
