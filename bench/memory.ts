// The server's resident size as its store grows: an empty store (the demo account), the compose bench's N contacts,
// and N contacts with N tracking events. Each is measured right after the server starts and after a short workload
// of a sidebar user (compose cards, message cards, the feed) and their readers (pixel hits), and the growth per
// million contacts and per million events is derived from them.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { parseLoggingAddress } from '../src/contract/logging-address';
import { progress, step } from '../src/cli/progress';
import type { Database } from '../src/server/store/schema';
import { countersOnConflict, dailyOnConflict } from '../src/server/store/tracking-counts';
import { APPLE_MPP_UA, GMAIL_PREFETCH_UA } from '../src/server/tracking/user-agents';
import { seededCrm, spreadRecipients, type Scale } from './lib/crm';
import {
  cli,
  createApiKey,
  idToken,
  openStore,
  pgDatabase,
  postJson,
  startMailtrail,
  type BenchDb,
} from './lib/mailtrail';
import { residentMiB } from './lib/processes';
import type { Figure } from './lib/report';

const SENDER = 'ada@acme.test';
/** The demo's people: the recipients of the workload where the store has no synthetic contacts. */
const DEMO_RECIPIENTS = [
  'hank.scorpio@globex.test',
  'mindy.simmons@globex.test',
  'bill.lumbergh@initech.test',
  'pepper.potts@stark.test',
  'lucius.fox@wayne.test',
];
const HUMAN_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
/** Seeded events per tracked email: a mail merge of N / 100 emails, each opened and clicked 100 times. */
const EVENTS_PER_EMAIL = 100;
const EVENTS_PER_STATEMENT = 50_000;
const DAY_MS = 86_400_000;
/** Seeded events spread over this many days before the seeding, oldest first (ids grow with time, as served). */
const EVENT_DAYS = 30;

/**
 * The mix of seeded events, out of 20: each label with the reasons and user agent the classifier gives it. One event
 * in 7 is a click, labelled from the click rows (proxies and Apple's privacy relay do not click).
 */
const OPENS = [
  { upTo: 11, label: 'human', reasons: [], ua: HUMAN_UA },
  { upTo: 13, label: 'proxy', reasons: ['mail-proxy:google'], ua: 'Mozilla/5.0 (via ggpht.com GoogleImageProxy)' },
  { upTo: 15, label: 'apple_mpp', reasons: ['apple-mpp-ua'], ua: APPLE_MPP_UA },
  { upTo: 17, label: 'prefetch', reasons: ['gmail-prefetch-ua'], ua: GMAIL_PREFETCH_UA },
  { upTo: 19, label: 'scanner', reasons: ['empty-ua'], ua: '' },
  { upTo: 20, label: 'self', reasons: ['sender-viewing'], ua: HUMAN_UA },
];
const CLICKS = [
  { upTo: 15, label: 'human', reasons: [], ua: HUMAN_UA },
  { upTo: 19, label: 'scanner', reasons: ['empty-ua'], ua: '' },
  { upTo: 20, label: 'self', reasons: ['sender-viewing'], ua: HUMAN_UA },
];

type State = { name: string; dataDir: string; db: BenchDb; contacts: number; events: number };

/** On PostgreSQL a database of the state's own beside the bench's; on SQLite the data dir is enough. */
async function ownDb(db: BenchDb, suffix: string): Promise<BenchDb> {
  if (db.name === 'sqlite') return db;
  const url = new URL(db.args[1]);
  return pgDatabase(url.href, `${url.pathname.slice(1)}_memory_${suffix}`);
}

/** Tracked emails registered as the add-on does (Apply, then one tracked link each), 8 at a time; their pixels. */
async function registerEmails(serverUrl: string, recipients: string[], draftKeys: string[]): Promise<string[]> {
  const token = idToken(SENDER);
  const pixels: string[] = [];
  for (let i = 0; i < draftKeys.length; i += 8) {
    const batch = draftKeys.slice(i, i + 8).map(async (draftKey, j) => {
      const intent = await postJson<{ pixelUrl: string; bccAddress: string }>(
        `${serverUrl}/addon/v1/compose/intents`,
        {
          draftKey,
          track: true,
          log: false,
          associations: [],
          createContacts: [],
          neverLog: [],
          recipients: { to: [recipients[(i + j) % recipients.length]], cc: [], bcc: [] },
        },
        token,
      );
      await postJson(
        `${serverUrl}/addon/v1/compose/links`,
        {
          token: parseLoggingAddress(intent.bccAddress)!.secret,
          url: 'https://example.com/pricing?utm_source=mailtrail',
          text: 'our pricing',
        },
        token,
      );
      return intent.pixelUrl;
    });
    pixels.push(...(await Promise.all(batch)));
  }
  return pixels;
}

/** `case` over the event's number `i`: the label's column for its share of the mix. */
function mixed(pick: (row: (typeof OPENS)[number]) => string) {
  const arms = (rows: typeof OPENS) =>
    sql.join(
      rows.map((r) => sql`when e.i % 20 < ${r.upTo} then ${pick(r)}`),
      sql` `,
    );
  return sql<string>`case when e.i % 7 = 0 then (case ${arms(CLICKS)} end) else (case ${arms(OPENS)} end) end`;
}

/** The UTC day (YYYY-MM-DD) of an event, as tracking_daily keys it. */
function utcDayOf(dialect: string) {
  return dialect === 'postgres'
    ? sql<string>`to_char(to_timestamp(occurred_at / 1000) at time zone 'UTC', 'YYYY-MM-DD')`
    : sql<string>`strftime('%Y-%m-%d', occurred_at / 1000, 'unixepoch')`;
}

/**
 * N events on the store's tracked emails, one statement per 50,000: the registered emails are marked sent a month
 * ago, their events written by the database itself from a numbers series, then their counters and daily numbers
 * summed from the events, all in one transaction. Done once per store (a marker file), reused after.
 */
async function seedEvents(state: State, scale: Scale): Promise<void> {
  const marker = join(state.dataDir, `events-seeded-${state.db.name}-${state.events}`);
  if (existsSync(marker)) {
    step(`memory: reusing the ${state.events.toLocaleString('en-US')} events of ${state.dataDir}`);
    return;
  }
  const emails = state.events / EVENTS_PER_EMAIL;
  step(`memory: ${state.db.name}: registering ${emails.toLocaleString('en-US')} tracked emails`);
  const apiKey = createApiKey(state.dataDir, state.db);
  const server = await startMailtrail(state.dataDir, state.db);
  try {
    const recipients = await spreadRecipients(server.url, apiKey, scale.contacts);
    await registerEmails(
      server.url,
      recipients,
      Array.from({ length: emails }, (_, i) => `memory-${i}`),
    );
  } finally {
    await server.stop();
  }

  const store = await openStore(state.dataDir, state.db);
  try {
    const bar = progress(`memory: events`, state.events);
    await store.db.transaction().execute(async (trx) => {
      const ids = await trx
        .selectFrom('intents')
        .select((eb) => [eb.fn.min<number>('id').as('first'), eb.fn.countAll<number>().as('n')])
        .where('draft_key', 'like', 'memory-%')
        .executeTakeFirstOrThrow();
      const first = Number(ids.first);
      // Event i goes to email first + i % emails: that needs the emails' ids to be one run.
      const last = await trx
        .selectFrom('intents')
        .select('id')
        .where('id', '=', first + emails - 1)
        .executeTakeFirst();
      if (Number(ids.n) !== emails || last === undefined)
        throw new Error(`memory: expected ${emails} tracked emails with consecutive ids, found ${ids.n}`);
      const start = Date.now() - EVENT_DAYS * DAY_MS;
      await trx
        .updateTable('intents')
        .set({
          sent_at: start - 3_600_000,
          subject: 'bench: the numbers we discussed',
          message_id: sql`'<memory-' || id || '@acme.test>'`,
        })
        .where('draft_key', 'like', 'memory-%')
        .execute();
      const json = (text: ReturnType<typeof mixed>) =>
        store.dialect === 'postgres' ? sql`cast(${text} as jsonb)` : text;
      for (let lo = 0; lo < state.events; lo += EVENTS_PER_STATEMENT) {
        const hi = Math.min(state.events, lo + EVENTS_PER_STATEMENT) - 1;
        await sql`
          with recursive e(i) as (select cast(${lo} as bigint) union all select i + 1 from e where i < ${hi})
          insert into tracking_events (account_id, intent_id, user_id, link_id, kind, label, reasons, uncertain,
            anonymous, contact_id, method, ip, user_agent, occurred_at, repeat)
          select t.account_id, t.id, t.user_id,
            case when e.i % 7 = 0 then (select min(l.id) from tracked_links l where l.account_id = t.account_id and l.intent_id = t.id) end,
            case when e.i % 7 = 0 then 'click' else 'open' end,
            ${mixed((r) => r.label)}, ${json(mixed((r) => JSON.stringify(r.reasons)))}, 0,
            case when t.mode = 'anonymous' then 1 else 0 end,
            case when t.mode = 'identified' then t.attributed_contact_id end,
            'GET', '100.64.' || (e.i % 256) || '.0', ${mixed((r) => r.ua)},
            cast(${start} as bigint) + e.i * ${EVENT_DAYS * DAY_MS} / ${state.events}, 0
          from e join intents t on t.id = ${first} + e.i % ${emails}
        `.execute(trx);
        bar.tick(hi - lo + 1);
      }
      const seededEvents = (eb: Kysely<Database>) =>
        eb
          .selectFrom('tracking_events')
          .where('intent_id', '>=', first)
          .where('intent_id', '<', first + emails);
      const person = sql`(label = 'human' or (kind = 'open' and label = 'proxy'))`;
      await trx
        .insertInto('tracking_counters')
        .columns([
          'account_id',
          'intent_id',
          'opens',
          'person_opens',
          'clicks',
          'person_clicks',
          'first_open_at',
          'last_open_at',
          'last_event_at',
          'notified_open_at',
        ])
        .expression(
          seededEvents(trx)
            .select([
              'account_id',
              'intent_id',
              sql<number>`sum(case when kind = 'open' then 1 else 0 end)`.as('opens'),
              sql<number>`sum(case when kind = 'open' and ${person} then 1 else 0 end)`.as('person_opens'),
              sql<number>`sum(case when kind = 'click' then 1 else 0 end)`.as('clicks'),
              sql<number>`sum(case when kind = 'click' and ${person} then 1 else 0 end)`.as('person_clicks'),
              sql<number>`min(case when kind = 'open' and ${person} then occurred_at end)`.as('first_open_at'),
              sql<number>`max(case when kind = 'open' and ${person} then occurred_at end)`.as('last_open_at'),
              sql<number>`max(occurred_at)`.as('last_event_at'),
              sql<null>`null`.as('notified_open_at'),
            ])
            .groupBy(['account_id', 'intent_id']),
        )
        .onConflict(countersOnConflict)
        .execute();
      const day = utcDayOf(store.dialect);
      await trx
        .insertInto('tracking_daily')
        .columns(['account_id', 'user_id', 'day', 'person_opens', 'machine_opens', 'person_clicks', 'machine_clicks'])
        .expression(
          seededEvents(trx)
            .select([
              'account_id',
              'user_id',
              day.as('day'),
              sql<number>`sum(case when kind = 'open' and ${person} then 1 else 0 end)`.as('person_opens'),
              sql<number>`sum(case when kind = 'open' and not ${person} then 1 else 0 end)`.as('machine_opens'),
              sql<number>`sum(case when kind = 'click' and ${person} then 1 else 0 end)`.as('person_clicks'),
              sql<number>`sum(case when kind = 'click' and not ${person} then 1 else 0 end)`.as('machine_clicks'),
            ])
            .groupBy(['account_id', 'user_id', day]),
        )
        .onConflict(dailyOnConflict)
        .execute();
    });
    bar.done();
    await store.optimize(true);
  } finally {
    await store.close();
  }
  writeFileSync(marker, new Date().toISOString());
}

/**
 * The message cards the workload opens: the sender's 20 latest sent tracked emails, with their opens and clicks,
 * made up to 20 with emails the store does not know, so that every state gets the same calls.
 */
async function messageCards(state: State): Promise<string[]> {
  const store = await openStore(state.dataDir, state.db);
  try {
    const rows = await store.db
      .selectFrom('intents')
      .innerJoin('users', 'users.id', 'intents.user_id')
      .select('intents.message_id')
      .where('users.email', '=', SENDER)
      .where('intents.message_id', 'is not', null)
      .where('intents.mode', '<>', 'off')
      .orderBy('intents.id', 'desc')
      .limit(20)
      .execute();
    const sent = rows.map((r) => r.message_id!);
    return [...sent, ...Array.from({ length: 20 - sent.length }, (_, i) => `<memory-unknown-${i}@acme.test>`)];
  } finally {
    await store.close();
  }
}

/**
 * A few minutes of a sidebar user and their readers: 20 emails tracked, 200 compose cards, 20 message cards, the
 * home card's feed, and 300 pixel hits on the new emails.
 */
async function workload(serverUrl: string, apiKey: string, state: State, messageIds: string[]): Promise<void> {
  const token = idToken(SENDER);
  const recipients = state.contacts ? await spreadRecipients(serverUrl, apiKey, state.contacts) : DEMO_RECIPIENTS;
  const run = Date.now().toString(36);
  const pixels = await registerEmails(
    serverUrl,
    recipients,
    Array.from({ length: 20 }, (_, i) => `memory-run-${run}-${i}`),
  );
  const body = { to: recipients.slice(0, 3), cc: recipients.slice(3), bcc: [], neverLog: [] };
  for (let i = 0; i < 200; i++) await postJson(`${serverUrl}/addon/v1/compose/context`, body, token);
  for (const messageId of messageIds)
    await postJson(
      `${serverUrl}/addon/v1/message/context`,
      { messageId, threadId: messageId, from: SENDER, to: recipients.slice(0, 1), cc: [], neverLog: [] },
      token,
    );
  for (let i = 0; i < 5; i++) {
    const feed = await fetch(`${serverUrl}/addon/v1/feed?limit=20`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!feed.ok) throw new Error(`feed → ${feed.status}`);
  }
  const open = async (url: string) => {
    const hit = await fetch(url, { headers: { 'user-agent': HUMAN_UA } });
    if (!hit.ok) throw new Error(`pixel ${url} → ${hit.status}`);
    await hit.arrayBuffer();
  };
  for (let i = 0; i < 300; i += 10)
    await Promise.all(Array.from({ length: 10 }, (_, j) => open(pixels[(i + j) % pixels.length])));
}

/** The server's resident size on one store: right after it starts, and after the workload. */
async function measure(state: State): Promise<{ start: number; after: number }> {
  const messageIds = await messageCards(state);
  const apiKey = createApiKey(state.dataDir, state.db);
  const server = await startMailtrail(state.dataDir, state.db);
  try {
    const start = residentMiB(server.proc.pid);
    step(`memory: ${state.db.name}: ${state.name}: the workload`);
    await workload(server.url, apiKey, state, messageIds);
    return { start, after: residentMiB(server.proc.pid) };
  } finally {
    await server.stop();
  }
}

export async function benchMemory(db: BenchDb, dataDir: string, composeDir: string, scale: Scale): Promise<Figure[]> {
  const n = scale.contacts;
  const count = n.toLocaleString('en-US');
  const empty: State = {
    name: 'empty store',
    dataDir: join(dataDir, 'empty'),
    db: await ownDb(db, 'empty'),
    contacts: 0,
    events: 0,
  };
  const contacts: State = { name: `${count} contacts`, dataDir: composeDir, db, contacts: n, events: 0 };
  const events: State = {
    name: `${count} contacts + ${count} events`,
    dataDir: join(dataDir, 'events'),
    db: await ownDb(db, 'events'),
    contacts: n,
    events: n,
  };
  cli(['seed', '--demo', '--data-dir', empty.dataDir, ...empty.db.args]);
  seededCrm('memory', contacts.dataDir, contacts.db, scale);
  seededCrm('memory', events.dataDir, events.db, scale);
  await seedEvents(events, scale);

  const bench = `memory (${db.name})`;
  const measured: Record<string, { start: number; after: number }> = {};
  const figures: Figure[] = [];
  for (const state of [empty, contacts, events]) {
    const rss = await measure(state);
    measured[state.name] = rss;
    figures.push({
      bench,
      metric: `resident size, ${state.name}`,
      value: rss.after,
      baseline: rss.start,
      baselineName: 'right after start',
      unit: 'MiB',
      target: 'reported',
      note: 'after 200 compose cards, message cards, the feed and 300 pixel hits',
    });
  }
  const perMillion = (more: State, less: State) => ({
    after: ((measured[more.name].after - measured[less.name].after) * 1e6) / n,
    start: ((measured[more.name].start - measured[less.name].start) * 1e6) / n,
  });
  const byContacts = perMillion(contacts, empty);
  // Below a million, a difference of a few MiB (the garbage collector's timing) is multiplied with the rest.
  const scaled = n < 1e6 ? `; measured at ${count}, ×${1e6 / n}` : '';
  const byEvents = perMillion(events, contacts);
  figures.push(
    {
      bench,
      metric: 'growth per million contacts',
      value: byContacts.after,
      unit: 'MiB',
      target: 'reported',
      note: `after the workload; right after start ${byContacts.start.toFixed(1)} MiB${scaled}`,
    },
    {
      bench,
      metric: 'growth per million events',
      value: byEvents.after,
      unit: 'MiB',
      target: 'reported',
      note: `after the workload; right after start ${byEvents.start.toFixed(1)} MiB${scaled}`,
    },
  );
  return figures;
}
