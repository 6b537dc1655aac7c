import { parseArgs } from 'node:util';
import { resolveStore, storeOptions } from '../server/core/config';
import { Store, describeTarget } from '../server/store';

export const usage = `usage: mailtrail migrate [--db TARGET | --data-dir DIR]

Brings the database schema up to date (the server does it too when it starts) and says what it applied.`;

/** `mailtrail migrate [--db …]`: brings the schema up to date and says what it applied. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: storeOptions, strict: true });
  const store = await Store.open(resolveStore(values).db, { migrate: false });
  try {
    const applied = await store.migrate();
    process.stdout.write(
      `${describeTarget(store.target)}: schema up to date${applied.length ? `; applied ${applied.join(', ')}` : ''}\n`,
    );
  } finally {
    await store.close();
  }
  return 0;
}
