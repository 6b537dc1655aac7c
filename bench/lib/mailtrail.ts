import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { signIdentityToken } from '../../src/emulator/script-app';
import { startPinned } from './processes';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = resolve(ROOT, 'bin/mailtrail.mjs');

/** Where a bench keeps its store: `--db` given, or a SQLite file in the data dir. */
export type BenchDb = { name: 'sqlite' | 'postgres'; args: string[] };

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

/** p50/p99 of a list of milliseconds. */
export function percentiles(ms: number[]): { p50: number; p99: number } {
  const sorted = ms.slice().sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p99: at(0.99) };
}
