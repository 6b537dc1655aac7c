import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveStore, storeOptions } from '../server/core/config';
import { Store } from '../server/store';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's options (plus `--db` / `--data-dir`), opens the store and runs `fn`. The store is migrated
 * first, so admin commands work on a fresh data dir, and the same file can be in use by a running server.
 */
export async function withStore<O extends Options, T>(
  args: string[],
  options: O,
  fn: (
    store: Store,
    values: ReturnType<
      typeof parseArgs<{ args: string[]; options: O & typeof storeOptions; strict: true; allowPositionals: true }>
    >['values'],
    positionals: string[],
  ) => Promise<T>,
): Promise<T> {
  const parsed = parseArgs({ args, options: { ...storeOptions, ...options }, strict: true, allowPositionals: true });
  const { db } = resolveStore(parsed.values as { db?: string; 'data-dir'?: string });
  const store = await Store.open(db);
  try {
    return await fn(store, parsed.values as never, parsed.positionals);
  } finally {
    await store.close();
  }
}

export function requireOption(value: string | undefined, name: string, usage: string): string {
  if (!value) throw new Error(`${name} is required\n${usage}`);
  return value;
}

export function accountIdOption(value: string | undefined, usage: string): number {
  const raw = requireOption(value, '--account', usage);
  if (!/^\d+$/.test(raw))
    throw new Error(
      `--account takes the numeric account id that \`mailtrail account create\` printed, not ${JSON.stringify(raw)}`,
    );
  return Number(raw);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
