import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { signIdentityToken } from '../../src/emulator/script-app';
import { resolveStore } from '../../src/server/core/config';
import { Store } from '../../src/server/store';
import { startPinned } from './processes';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = resolve(ROOT, 'bin/mailtrail.mjs');

/** Where a bench keeps its store: `--db` given, or a SQLite file in the data dir. */
export type BenchDb = { name: 'sqlite' | 'postgres'; args: string[] };

/**
 * A PostgreSQL database of its own on the server `url` names, made if missing and kept between runs so that seeded
 * data is reused.
 */
export async function pgDatabase(url: string, name: string): Promise<BenchDb> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!exists.rowCount) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const at = new URL(url);
  at.pathname = `/${name}`;
  return { name: 'postgres', args: ['--db', at.href] };
}

/** The store a bench's server opens, opened here as the CLI opens it, for what the bench reads or writes itself. */
export function openStore(dataDir: string, db: BenchDb): Promise<Store> {
  return Store.open(resolveStore({ 'data-dir': dataDir, db: db.args[1] }).db);
}

/** Runs a `mailtrail` command to completion, progress on our stderr, and parses the JSON it prints. */
export function cli(args: string[]): unknown {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
  if (run.status !== 0) throw new Error(`mailtrail ${args.join(' ')} failed (exit ${run.status})`);
  return run.stdout.trim() ? JSON.parse(run.stdout) : undefined;
}

/** A fresh CRM API key of the first account. */
export function createApiKey(dataDir: string, db: BenchDb): string {
  const made = cli(['apikey', 'create', '--account', '1', '--name', 'bench', '--data-dir', dataDir, ...db.args]);
  return (made as { apiKey: string }).apiKey;
}

/** The built server, alone on core 0, with the emulator's identity trusted (--dev) so benches can sign ID tokens. */
export function startMailtrail(dataDir: string, db: BenchDb, extra: string[] = []) {
  // `npm run bench -- --profile DIR`: the server writes a CPU profile there when it stops.
  const profile = process.env.MAILTRAIL_BENCH_PROFILE;
  return startPinned(0, [
    ...(profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : []),
    CLI,
    'serve',
    '--port',
    '0',
    '--smtp-port',
    '0',
    '--dev',
    '--data-dir',
    dataDir,
    '--log-level',
    'warn',
    '--rate-limit',
    '0',
    '--search-rate-limit',
    '0',
    ...db.args,
    ...extra,
  ]);
}

export function idToken(email: string): string {
  return signIdentityToken({ email, now: Date.now(), withEmail: true });
}

export async function postJson<T>(url: string, body: unknown, token: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** p50/p99 of `n` calls made one at a time. */
export async function timed(fn: () => Promise<unknown>, n: number): Promise<{ p50: number; p99: number }> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return percentiles(ms);
}

/** p50/p99 of a list of milliseconds. */
export function percentiles(ms: number[]): { p50: number; p99: number } {
  const sorted = ms.slice().sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p99: at(0.99) };
}
