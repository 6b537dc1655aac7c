import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveStore, storeOptions } from '../server/core/config';
import { Store } from '../server/store';
import { UsageError } from './usage';

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

export function requireOption(value: string | undefined, name: string): string {
  if (!value) throw new UsageError(`${name} is required`);
  return value;
}

/** The subcommand of `mailtrail <command>`, one of `known`, and its arguments. */
export function subcommand<K extends string>(args: string[], command: string, known: readonly K[]): [K, string[]] {
  const [sub, ...rest] = args;
  if (!sub) throw new UsageError(`${command} needs one of: ${known.join(', ')}`);
  if (!known.includes(sub as K)) throw new UsageError(`unknown ${command} command "${sub}"`);
  return [sub as K, rest];
}

export function accountIdOption(value: string | undefined): number {
  const raw = requireOption(value, '--account');
  if (!/^\d+$/.test(raw))
    throw new Error(
      `--account takes the numeric account id that \`mailtrail account create\` printed, not ${JSON.stringify(raw)}`,
    );
  return Number(raw);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
