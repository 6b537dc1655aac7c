import { parseArgs } from 'node:util';
import { progress } from './progress';
import { resolveStore, storeOptions } from '../server/core/config';
import { seedDemo } from '../server/seed/demo';
import { seedSynthetic, type SyntheticCounts } from '../server/seed/synthetic';
import { Store } from '../server/store';
import { accountIdOption, printJson } from './store-command';
import { UsageError } from './usage';

export const usage = `usage:
  mailtrail seed --demo                                   the Acme demo account and a small CRM (idempotent)
  mailtrail seed --contacts N --companies N --deals N [--account ID]
                                                          synthetic volume (default account: the demo one)
  (both take --db TARGET / --data-dir DIR)`;

function amount(value: string | undefined, option: string): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value)) throw new Error(`${option} takes a whole number, not ${JSON.stringify(value)}`);
  return Number(value);
}

/** `mailtrail seed`: demo records for trying mailtrail out, or bulk data for benchmarks (progress on stderr). */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...storeOptions,
      demo: { type: 'boolean' },
      contacts: { type: 'string' },
      companies: { type: 'string' },
      deals: { type: 'string' },
      account: { type: 'string' },
    },
    strict: true,
  });
  const counts: SyntheticCounts = {
    contacts: amount(values.contacts, '--contacts'),
    companies: amount(values.companies, '--companies'),
    deals: amount(values.deals, '--deals'),
  };
  const synthetic = counts.contacts + counts.companies + counts.deals > 0;
  if (!values.demo && !synthetic) throw new UsageError('say what to seed: --demo, or counts (--contacts N …)');
  const store = await Store.open(resolveStore(values).db);
  try {
    const report: Record<string, unknown> = {};
    let accountId = values.account === undefined ? undefined : accountIdOption(values.account);
    if (values.demo || (synthetic && accountId === undefined)) {
      const demo = await seedDemo(store);
      Object.assign(report, { demo });
      accountId ??= demo.accountId;
    }
    if (synthetic) {
      const scope = store.forAccount(accountId!);
      if (!(await scope.account.get()))
        throw new Error(`there is no account ${accountId}: see \`mailtrail account list\``);
      const bars = {
        companies: progress('companies', counts.companies),
        contacts: progress('contacts ', counts.contacts),
        deals: progress('deals    ', counts.deals),
      };
      const last = { companies: 0, contacts: 0, deals: 0 };
      const started = Date.now();
      const made = await seedSynthetic(scope, counts, (kind, done) => {
        bars[kind].tick(done - last[kind]);
        last[kind] = done;
        if (done === counts[kind]) bars[kind].done();
      });
      // Fresh statistics, so the planner knows how selective each index is at this size.
      await store.optimize(true);
      report.synthetic = { accountId, ...made, seconds: Math.round((Date.now() - started) / 100) / 10 };
    }
    printJson(report);
    return 0;
  } finally {
    await store.close();
  }
}
