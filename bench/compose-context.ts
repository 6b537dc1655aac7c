// What opening the compose sidebar costs at scale: our one-round-trip /addon/v1/compose/context against
// gathering the same facts the way any client of HubSpot's API must (batch reads and association reads), both
// answered by the same server on the same data.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { step } from '../src/cli/progress';
import { runLoad } from './lib/load';
import { residentMiB } from './lib/processes';
import { cli, idToken, percentiles, postJson, startMailtrail, type BenchDb } from './lib/mailtrail';
import type { Figure } from './lib/report';

export type Scale = { contacts: number; companies: number; deals: number };

const SENDER = 'ada@acme.test';

/** Seeds once per scale and database; a later run reuses the data (delete bench/.data to start afresh). */
function seeded(dataDir: string, db: BenchDb, scale: Scale): void {
  const marker = join(dataDir, `seeded-${db.name}-${scale.contacts}-${scale.companies}-${scale.deals}`);
  if (existsSync(marker)) {
    step(`compose: reusing the ${db.name} data in ${dataDir}`);
    return;
  }
  mkdirSync(dataDir, { recursive: true });
  step(
    `compose: seeding ${scale.contacts.toLocaleString('en-US')} contacts, ${scale.companies.toLocaleString('en-US')} companies, ${scale.deals.toLocaleString('en-US')} deals on ${db.name}`,
  );
  cli([
    'seed',
    '--contacts',
    String(scale.contacts),
    '--companies',
    String(scale.companies),
    '--deals',
    String(scale.deals),
    '--data-dir',
    dataDir,
    ...db.args,
  ]);
  writeFileSync(marker, new Date().toISOString());
}

type Crm = { results: { id: string; properties: Record<string, string> }[] };
type Assoc = { results: { from: { id: string }; to: { toObjectId: string | number }[] }[] };

export async function benchComposeContext(
  db: BenchDb,
  dataDir: string,
  scale: Scale,
  seconds: number,
): Promise<Figure[]> {
  seeded(dataDir, db, scale);
  const apiKey = (
    cli(['apikey', 'create', '--account', '1', '--name', 'bench', '--data-dir', dataDir, ...db.args]) as {
      apiKey: string;
    }
  ).apiKey;
  const server = await startMailtrail(dataDir, db);
  try {
    const crm = async <T>(path: string, body: unknown) => postJson<T>(`${server.url}${path}`, body, apiKey);
    // Five real recipients spread over the whole table, each with a company and usually deals.
    const total = scale.contacts;
    const recipients: string[] = [];
    for (const n of [0.11, 0.33, 0.52, 0.77, 0.94]) {
      const page = await fetch(
        `${server.url}/crm/v3/objects/contacts?limit=1&after=${Math.floor(n * total)}&properties=email`,
        { headers: { authorization: `Bearer ${apiKey}` } },
      );
      const body = (await page.json()) as Crm;
      recipients.push(body.results[0].properties.email);
    }
    const token = idToken(SENDER);
    const contextBody = { to: recipients.slice(0, 3), cc: recipients.slice(3), bcc: [], neverLog: [] };
    const contextUrl = `${server.url}/addon/v1/compose/context`;

    const oneRoundTrip = () => postJson<unknown>(contextUrl, contextBody, token);
    let roundTrips = 0;
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
    const time = async (fn: () => Promise<unknown>, n: number) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = process.hrtime.bigint();
        await fn();
        ms.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      return percentiles(ms);
    };
    step(`compose: ${db.name}: latency, one request at a time`);
    const ours = await time(oneRoundTrip, 2000);
    const theirs = await time(hubspotWay, 500);
    step(`compose: ${db.name}: throughput, 10 connections, ${seconds} s`);
    const load = await runLoad(contextUrl, {
      connections: 10,
      seconds,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(contextBody),
    });
    const rss = residentMiB(server.proc.pid);
    if (load.non2xx || load.errors)
      throw new Error(`compose context under load: ${load.non2xx} non-2xx answers, ${load.errors} errors`);

    const bench = `compose context (${db.name}, ${(scale.contacts / 1e6).toString()}M contacts)`;
    const baselineName = 'HubSpot-style reads';
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
  } finally {
    await server.stop();
  }
}
