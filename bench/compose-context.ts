// What opening the compose sidebar costs at scale: our one-round-trip /addon/v1/compose/context against
// gathering the same facts the way any client of HubSpot's API must (batch reads and association reads), both
// answered by the same server on the same data; the same answer built in-process, without HTTP; and over HTTP
// against a bare node:http server sending the very bytes our endpoint answered.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { step } from '../src/cli/progress';
import { callerOf } from '../src/server/http/addon-api/caller';
import { composeContext } from '../src/server/http/addon-api/compose';
import { seededCrm, spreadRecipients, type Scale } from './lib/crm';
import { runLoad } from './lib/load';
import { residentMiB, startPinned } from './lib/processes';
import { createApiKey, idToken, openStore, postJson, startMailtrail, timed, type BenchDb } from './lib/mailtrail';
import type { Figure } from './lib/report';

const SENDER = 'ada@acme.test';
const CONTEXT_PATH = '/addon/v1/compose/context';

type ContextBody = { to: string[]; cc: string[]; bcc: string[]; neverLog: string[] };

/**
 * The server's own work for the card (the route's caller lookup and composeContext), called in this process on the
 * same store with the server stopped: what the card costs without HTTP, the ID token check and serialisation.
 */
async function inProcess(dataDir: string, db: BenchDb, body: ContextBody) {
  const store = await openStore(dataDir, db);
  try {
    const [user] = await store.identity.usersByAddress(SENDER);
    const scope = store.forAccount(user.accountId);
    const build = async () => composeContext(await callerOf(scope, user), body);
    for (let i = 0; i < 200; i++) await build();
    return await timed(build, 2000);
  } finally {
    await store.close();
  }
}

/** The same POSTs, one at a time, to a bare node:http server on core 0 answering `answer`'s bytes. */
async function bareHttp(answer: string, body: ContextBody, token: string) {
  const dir = mkdtempSync(join(tmpdir(), 'mailtrail-bench-'));
  const file = join(dir, 'context.json');
  writeFileSync(file, answer);
  const bare = await startPinned(0, [
    '--import',
    'tsx',
    join(import.meta.dirname, 'baselines/bare-server.ts'),
    'json',
    file,
  ]);
  try {
    const post = () => postJson<unknown>(`${bare.url}${CONTEXT_PATH}`, body, token);
    for (let i = 0; i < 200; i++) await post();
    return await timed(post, 2000);
  } finally {
    await bare.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Crm = { results: { id: string; properties: Record<string, string> }[] };
type Assoc = { results: { from: { id: string }; to: { toObjectId: string | number }[] }[] };

/** Ours and the HubSpot-style reads against our server: latency one request at a time, then throughput. */
async function overHttp(db: BenchDb, dataDir: string, scale: Scale, seconds: number, token: string) {
  const apiKey = createApiKey(dataDir, db);
  const server = await startMailtrail(dataDir, db);
  try {
    const crm = async <T>(path: string, body: unknown) => postJson<T>(`${server.url}${path}`, body, apiKey);
    const recipients = await spreadRecipients(server.url, apiKey, scale.contacts);
    const contextBody: ContextBody = { to: recipients.slice(0, 3), cc: recipients.slice(3), bcc: [], neverLog: [] };
    const contextUrl = `${server.url}${CONTEXT_PATH}`;
    // The answer's bytes, for the bare server to send.
    const answer = await (
      await fetch(contextUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(contextBody),
      })
    ).text();

    let roundTrips = 0;
    const oneRoundTrip = () => postJson<unknown>(contextUrl, contextBody, token);
    const hubspotWay = async () => {
      roundTrips = 0;
      const call = <T>(path: string, body: unknown) => {
        roundTrips++;
        return crm<T>(path, body);
      };
      const contacts = await call<Crm>('/crm/v3/objects/contacts/batch/read', {
        idProperty: 'email',
        inputs: recipients.map((id) => ({ id })),
        properties: ['email', 'firstname', 'lastname', 'hs_legal_basis', 'hubspot_owner_id'],
      });
      const ids = contacts.results.map((c) => ({ id: c.id }));
      const [companies, deals] = await Promise.all([
        call<Assoc>('/crm/v4/associations/contacts/companies/batch/read', { inputs: ids }),
        call<Assoc>('/crm/v4/associations/contacts/deals/batch/read', { inputs: ids }),
      ]);
      const toIds = (a: Assoc) =>
        [...new Set(a.results.flatMap((r) => r.to.map((t) => String(t.toObjectId))))].map((id) => ({ id }));
      await Promise.all([
        call<Crm>('/crm/v3/objects/companies/batch/read', { inputs: toIds(companies), properties: ['name', 'domain'] }),
        call<Crm>('/crm/v3/objects/deals/batch/read', {
          inputs: toIds(deals),
          properties: ['dealname', 'dealstage', 'amount'],
        }),
      ]);
    };

    step(`compose: ${db.name}: warming up`);
    for (let i = 0; i < 200; i++) {
      await oneRoundTrip();
      await hubspotWay();
    }
    step(`compose: ${db.name}: latency, one request at a time`);
    const ours = await timed(oneRoundTrip, 2000);
    const theirs = await timed(hubspotWay, 500);
    step(`compose: ${db.name}: throughput, 10 connections, ${seconds} s`);
    const load = await runLoad(contextUrl, {
      connections: 10,
      seconds,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(contextBody),
    });
    if (load.non2xx || load.errors)
      throw new Error(`compose context under load: ${load.non2xx} non-2xx answers, ${load.errors} errors`);
    return { contextBody, answer, ours, theirs, roundTrips, load, rss: residentMiB(server.proc.pid) };
  } finally {
    await server.stop();
  }
}

export async function benchComposeContext(
  db: BenchDb,
  dataDir: string,
  scale: Scale,
  seconds: number,
): Promise<Figure[]> {
  seededCrm('compose', dataDir, db, scale);
  const token = idToken(SENDER);
  const { contextBody, answer, ours, theirs, roundTrips, load, rss } = await overHttp(
    db,
    dataDir,
    scale,
    seconds,
    token,
  );
  // Each after our server has stopped, so that neither shares the machine with it.
  step(
    `compose: ${db.name}: a bare node:http server answering the same ${answer.length.toLocaleString('en-US')} bytes`,
  );
  const bare = await bareHttp(answer, contextBody, token);
  step(`compose: ${db.name}: in-process, composeContext() called directly`);
  const direct = await inProcess(dataDir, db, contextBody);

  const bench = `compose context (${db.name}, ${(scale.contacts / 1e6).toString()}M contacts)`;
  const baselineName = 'HubSpot-style reads';
  const bareName = 'bare node:http, same JSON';
  return [
    {
      bench,
      metric: 'round trips per card',
      value: 1,
      baseline: roundTrips,
      baselineName,
      unit: '',
      target: '1 against ≥ 4',
    },
    { bench, metric: 'p50 latency', value: ours.p50, baseline: theirs.p50, baselineName, unit: 'ms' },
    {
      bench,
      metric: 'p99 latency',
      value: ours.p99,
      baseline: theirs.p99,
      baselineName,
      unit: 'ms',
      target: db.name === 'sqlite' ? 'p99 ≤ 5 ms' : '',
    },
    {
      bench,
      metric: 'p50 over HTTP',
      value: ours.p50,
      baseline: bare.p50,
      baselineName: bareName,
      unit: 'ms',
    },
    {
      bench,
      metric: 'p99 over HTTP',
      value: ours.p99,
      baseline: bare.p99,
      baselineName: bareName,
      unit: 'ms',
      target: 'ratio ≤ 2',
      goal: { ratioAtMost: 2 },
    },
    { bench, metric: 'in-process p50', value: direct.p50, unit: 'ms', note: 'composeContext() on the same store' },
    {
      bench,
      metric: 'in-process p99',
      value: direct.p99,
      unit: 'ms',
      target: 'p99 ≤ 1 ms',
      goal: { valueAtMost: 1 },
    },
    { bench, metric: 'throughput', value: load.rps, unit: 'req/s', note: '10 connections' },
    {
      bench,
      metric: 'server resident size',
      value: rss,
      unit: 'MiB',
      target: 'reported',
      note: `with ${scale.contacts.toLocaleString('en-US')} contacts in the database, after the runs`,
    },
  ];
}
