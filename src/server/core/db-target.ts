import { PostgresAdapter, type Kysely } from 'kysely';

/** Where the data lives: an embedded SQLite file (the default) or a PostgreSQL database. */
export type DbTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
export type DialectName = DbTarget['kind'];

/** `sqlite:PATH`, a bare path ending in .db, or a `postgres://` / `postgresql://` URL. */
export function parseDbTarget(value: string): DbTarget {
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: 'postgres', url: value };
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length);
    if (!path) throw new Error('--db sqlite: needs a file path, e.g. --db sqlite:./data/mailtrail.db');
    return { kind: 'sqlite', path };
  }
  throw new Error(`--db ${JSON.stringify(value)} is neither sqlite:PATH nor a postgres:// URL`);
}

export function describeTarget(target: DbTarget): string {
  if (target.kind === 'sqlite') return `sqlite:${target.path}`;
  const url = new URL(target.url);
  if (url.password) url.password = '***';
  return url.href;
}

/** The dialect a Kysely instance speaks (migrations and queries that differ between the two ask it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
