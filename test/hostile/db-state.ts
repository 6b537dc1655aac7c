// The database's content, read table by table from the database's own catalogue (so a table added later is
// covered without anyone remembering to list it), for "nothing was written" and "B's data did not change".
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { readJson } from '../../src/server/store/dialect';
import type { Store } from '../../src/server/store';

type Row = Record<string, unknown>;

/** Columns that a read may touch on purpose: an API key's last use is recorded (at most once a minute). */
const VOLATILE: Record<string, string[]> = { api_keys: ['last_used_at'] };
const BOOKKEEPING = new Set(['kysely_migration', 'kysely_migration_lock']);

async function tableColumns(store: Store): Promise<Map<string, string[]>> {
  const rows =
    store.dialect === 'sqlite'
      ? (
          await sql<{
            t: string;
            c: string;
          }>`select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' and m.name not like 'sqlite_%' order by m.name, p.cid`.execute(
            store.db,
          )
        ).rows
      : (
          await sql<{
            t: string;
            c: string;
          }>`select table_name as t, column_name as c from information_schema.columns where table_schema = current_schema() order by table_name, ordinal_position`.execute(
            store.db,
          )
        ).rows;
  const tables = new Map<string, string[]>();
  for (const { t, c } of rows) if (!BOOKKEEPING.has(t)) tables.set(t, [...(tables.get(t) ?? []), c]);
  return tables;
}

/** JSON columns come back as text from SQLite and parsed from PostgreSQL; numbers as numbers: read both alike. */
function normalise(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === 'string' && /^[[{]/.test(v)) {
      try {
        out[k] = readJson(v);
        continue;
      } catch {
        // Not JSON after all: keep the text.
      }
    }
    out[k] = typeof v === 'bigint' ? Number(v) : v;
  }
  return out;
}

export type TableRows = Record<string, Row[]>;

/**
 * Every row, per table, optionally only those of one account (`account_id`, or `id` for `accounts`). Tables with
 * neither column are global (none today); they are read whole.
 */
export async function rowsOf(store: Store, accountId?: number): Promise<TableRows> {
  const out: TableRows = {};
  for (const [table, columns] of await tableColumns(store)) {
    const keep = columns.filter((c) => !(VOLATILE[table] ?? []).includes(c));
    const scopeColumn = table === 'accounts' ? 'id' : columns.includes('account_id') ? 'account_id' : null;
    let query = store.db.selectFrom(table as never).select(keep as never);
    if (accountId !== undefined && scopeColumn) query = query.where(scopeColumn as never, '=', accountId as never);
    const rows = (await query.execute()) as Row[];
    out[table] = rows.map(normalise).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
  }
  return out;
}

/** Files under the data dir's attachment store (names are content digests), staging included. */
export async function attachmentFiles(dataDir: string): Promise<string[]> {
  const root = join(dataDir, 'attachments');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

/** Every row of the database and every stored file, as one string: equal before and after means nothing was written. */
export async function wholeState(store: Store, dataDir: string): Promise<string> {
  return JSON.stringify({ rows: await rowsOf(store), files: await attachmentFiles(dataDir) });
}

/** Every string value in the rows (JSON columns walked) that contains `mark`: the account's own values. */
export function markedValues(rows: TableRows, mark: string): Set<string> {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.toLowerCase().includes(mark)) found.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const table of Object.values(rows)) table.forEach(walk);
  return found;
}
