import Sqlite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  type PostgresPool,
  type PostgresPoolClient,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Expression,
  type RawBuilder,
} from 'kysely';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DbTarget, DialectName } from '../core/db-target';
import type { Database } from './schema';
import { statementName } from './statement-names';

export type { DbTarget, DialectName } from '../core/db-target';
export { dialectOf } from '../core/db-target';

/**
 * Every write transaction on SQLite starts with BEGIN IMMEDIATE: it takes the write lock up front, so two processes
 * on one file (a CLI command beside a running server) wait for each other through busy_timeout instead of failing
 * with SQLITE_BUSY when a read-then-write transaction cannot upgrade its lock.
 */
/** A caller waiting for the SQLite connection, in a queue (a linked list: taking the head is O(1)). */
type Turn = { go: () => void; next: Turn | null };

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * Callers take the one connection in turn, first come first served. Kysely's own mutex wakes every waiter on
   * each release and all but one go back to waiting: with the thousands of queries a busy pixel route queues, that
   * is quadratic, and the server spent most of its time in it. Here at most one caller waits on Kysely's mutex.
   */
  private turns: Turn | null = null;
  private lastTurn: Turn | null = null;
  private busy = false;

  override async acquireConnection(): Promise<DatabaseConnection> {
    if (this.busy) {
      await new Promise<void>((go) => {
        const turn: Turn = { go, next: null };
        if (this.lastTurn) this.lastTurn.next = turn;
        else this.turns = turn;
        this.lastTurn = turn;
      });
    }
    this.busy = true;
    return super.acquireConnection();
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    const turn = this.turns;
    if (!turn) {
      this.busy = false;
      return;
    }
    this.turns = turn.next;
    if (!this.turns) this.lastTurn = null;
    turn.go();
  }
}

class MailtrailSqliteDialect extends SqliteDialect {
  constructor(private readonly database: Sqlite.Database) {
    super({ database });
  }
  override createDriver() {
    return new ImmediateSqliteDriver({ database: cachingStatements(this.database) });
  }
}

/** Kysely prepares each query afresh; better-sqlite3 statements are reusable, so keep the recent ones. */
function cachingStatements(db: Sqlite.Database): Sqlite.Database {
  const cache = new Map<string, Sqlite.Statement>();
  const prepare = (source: string) => {
    let stmt = cache.get(source);
    if (!stmt) {
      stmt = db.prepare(source);
      if (cache.size >= 500) cache.delete(cache.keys().next().value as string);
      cache.set(source, stmt);
    }
    return stmt;
  };
  return new Proxy(db, { get: (target, key) => (key === 'prepare' ? prepare : Reflect.get(target, key, target)) });
}

export function openKysely(target: DbTarget): Kysely<Database> {
  if (target.kind === 'sqlite') {
    if (target.path !== ':memory:') mkdirSync(dirname(target.path), { recursive: true });
    const db = new Sqlite(target.path);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 10000');
    // WAL + NORMAL is durable across process crashes (kill -9); only an OS crash can lose the last commits.
    db.pragma('synchronous = NORMAL');
    // A checkpoint every ~40 MB of WAL rather than every 4 MB: the pages every commit touches (counters, index
    // leaves) are copied to the database once per checkpoint, so under a flood of opens each commit costs about 40%
    // less (docs/performance.md). The file is cut back to 64 MB after a checkpoint.
    db.pragma('wal_autocheckpoint = 10000');
    db.pragma('journal_size_limit = 67108864');
    db.pragma('foreign_keys = ON');
    // Planner statistics for tables that have none or have grown a lot, as SQLite advises on opening a long-lived
    // connection: without them it may prefer the (account, type, id) index over an address lookup.
    db.pragma('optimize = 0x10002');
    return new Kysely<Database>({ dialect: new MailtrailSqliteDialect(db) });
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    // bigint (int8) columns hold ids and epoch milliseconds, all far below 2^53: read them as numbers.
    types: {
      getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'),
    },
  });
  // An idle client losing its connection (PostgreSQL restarted) must not crash the process; the pool reconnects.
  pool.on('error', () => {});
  // Nor may a client in use: pg fails its pending query with the error (the caller sees it, e.g. the BCC listener
  // answers 451) and then also emits 'error' on the client, which nothing listens to while it is checked out.
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: namingStatements(pool) }) });
}

/** The pool as Kysely sees it, with the hot path's statements (statement-names.ts) run under their names. */
function namingStatements(pool: pg.Pool): PostgresPool {
  return {
    async connect() {
      const client = await pool.connect();
      // Kysely passes a cursor only to a dialect given a cursor class, which this one is not: text and values.
      const query = (text: string, values: unknown[]) => {
        const name = statementName(text);
        return name ? client.query({ name, text, values }) : client.query(text, values);
      };
      return { query: query as unknown as PostgresPoolClient['query'], release: (destroy) => client.release(destroy) };
    },
    end: () => pool.end(),
  };
}

/** JSON columns come back parsed from PostgreSQL (jsonb) and as text from SQLite. */
export function readJson<T = unknown>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** `properties ->> name` as text, in each dialect. */
export function jsonText(
  dialect: DialectName,
  column: Expression<unknown> | RawBuilder<unknown>,
  key: string,
): RawBuilder<string | null> {
  return dialect === 'postgres'
    ? sql<string | null>`(${column} ->> ${key})`
    : sql<string | null>`json_extract(${column}, ${`$."${key}"`})`;
}

export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
