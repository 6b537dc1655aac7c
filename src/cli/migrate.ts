import { parseArgs } from 'node:util';
import { resolveStore, storeOptions } from '../server/core/config';
import { Store, describeTarget } from '../server/store';

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
