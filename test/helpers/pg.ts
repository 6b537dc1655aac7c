import pg from 'pg';
import { randomBytes } from 'node:crypto';

/** The PostgreSQL the tests may use: an admin URL on a server where they can create and drop databases. */
export const PG_ADMIN_URL = process.env.MAILTRAIL_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRED = process.env.MAILTRAIL_REQUIRE_SERVICES === '1';

let status: Promise<string | undefined> | undefined;

/**
 * Why PostgreSQL tests cannot run here, or undefined when they can. With MAILTRAIL_REQUIRE_SERVICES=1 (CI) an
 * absent server is an error instead of a reason to skip.
 */
export function postgresUnavailable(): Promise<string | undefined> {
  status ??= (async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return undefined;
    } catch (err) {
      const reason = `PostgreSQL is not reachable at ${PG_ADMIN_URL} (${err instanceof Error ? err.message : String(err)}); set MAILTRAIL_TEST_PG to test against it`;
      if (REQUIRED) throw new Error(`MAILTRAIL_REQUIRE_SERVICES=1 but ${reason}`, { cause: err });
      process.stderr.write(`skipping the PostgreSQL tests: ${reason}\n`);
      return reason;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return status;
}

/** A new, empty database for one test file; `drop()` removes it (and disconnects whoever is still on it). */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `mailtrail_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
