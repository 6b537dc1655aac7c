// `npm run bench [-- --quick] [-- --only pixel,compose,addon,bcc,memory] [-- --no-pg]`
// Every figure is printed beside a baseline measured in the same run, on this machine, now: the machines here are
// noisy, so ratios mean something and absolute numbers much less. Results also go to bench/results/*.json.
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { step } from '../src/cli/progress';
import { benchAddon } from './addon';
import { benchBcc } from './bcc';
import { benchComposeContext } from './compose-context';
import type { Scale } from './lib/crm';
import { benchMemory } from './memory';
import { pgDatabase, type BenchDb } from './lib/mailtrail';
import { pinSelf } from './lib/processes';
import { printTable, saveResults, type Figure } from './lib/report';
import { benchTracking } from './tracking';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'no-pg': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
    profile: { type: 'string' },
    pg: { type: 'string', default: process.env.MAILTRAIL_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test' },
  },
});

if (values.help) {
  process.stdout.write(
    'npm run bench [-- --quick] [-- --only pixel,compose,addon,bcc,memory] [-- --no-pg] [-- --pg postgres://…] [-- --profile DIR]\n' +
      'Each figure is printed beside its baseline of the same run, the target of issue 17, and MISS when it misses it.\n' +
      '  pixel    the pixel and the click redirect under load, against a bare node:http server\n' +
      '  compose  the compose card at 1M contacts (50k with --quick): against HubSpot-style reads, in-process,\n' +
      '           and over HTTP against a bare node:http server answering the same JSON\n' +
      '  addon    the add-on in the emulator: round trips, time to build cards, bundle size\n' +
      '  bcc      BCC ingestion, two attachments per email, against a bare smtp-server that parses and fsyncs\n' +
      '  memory   server resident size: empty store, 1M contacts, 1M contacts + 1M tracking events (50k with --quick)\n' +
      '--profile DIR: each mailtrail server under test writes a CPU profile (node --cpu-prof) into DIR.\n',
  );
  process.exit(0);
}

if (values.profile) process.env.MAILTRAIL_BENCH_PROFILE = resolve(values.profile);

const FULL: Scale = { contacts: 1_000_000, companies: 200_000, deals: 200_000 };
const QUICK: Scale = { contacts: 50_000, companies: 10_000, deals: 10_000 };
const scale = values.quick ? QUICK : FULL;
const seconds = values.quick ? 3 : 10;
const only = new Set((values.only ?? 'pixel,compose,addon,bcc,memory').split(','));

/** A PostgreSQL database of its own, kept between runs so the seeded data is reused. */
async function postgres(): Promise<BenchDb | undefined> {
  if (values['no-pg']) return undefined;
  try {
    return await pgDatabase(values.pg, `mailtrail_bench_${values.quick ? 'quick' : 'full'}`);
  } catch (err) {
    step(`PostgreSQL at ${values.pg} is not reachable (${(err as Error).message}); benches run on SQLite only`);
    return undefined;
  }
}

async function main(): Promise<void> {
  // The load generator takes core 1; every server under test is started on core 0.
  pinSelf(1);
  // The machines here are shared: the load they carried goes beside the figures.
  const load = () =>
    loadavg()
      .map((n) => n.toFixed(2))
      .join(' ');
  step(`load average at the start: ${load()}`);
  const dataRoot = join(ROOT, 'bench/.data', values.quick ? 'quick' : 'full');
  const dbs: BenchDb[] = [{ name: 'sqlite', args: [] }];
  const pgDb = await postgres();
  if (pgDb) dbs.push(pgDb);

  const figures: Figure[] = [];
  const record = (list: Figure[]) => {
    figures.push(...list);
    printTable(list);
  };
  for (const db of dbs) {
    const dataDir = join(dataRoot, db.name);
    if (only.has('pixel'))
      record(await benchTracking(db, join(dataDir, 'tracking'), seconds, values.quick ? 150 : 500));
    if (only.has('compose')) record(await benchComposeContext(db, join(dataDir, 'compose'), scale, seconds));
    if (only.has('bcc')) record(await benchBcc(db, join(dataDir, 'bcc'), values.quick ? 100 : 400));
    if (only.has('memory')) record(await benchMemory(db, join(dataDir, 'memory'), join(dataDir, 'compose'), scale));
  }
  if (only.has('addon')) record(await benchAddon(join(dataRoot, 'addon')));

  step(`all figures (load average at the end: ${load()})`);
  printTable(figures);
  step(`saved ${saveResults(figures, join(ROOT, 'bench/results'))}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
