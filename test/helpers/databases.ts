import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DbTarget } from '../../src/server/store';
import { freshPostgresDatabase, postgresUnavailable } from './pg';

export type TestDatabase = {
  name: 'sqlite' | 'postgres';
  /** Why this database is skipped here; undefined when it runs. */
  skip: string | undefined;
  /** A fresh, empty database (a temp SQLite file, or a new PostgreSQL database) and how to remove it. */
  create(): Promise<{ target: DbTarget; dataDir: string; drop(): Promise<void> }>;
};

export function tempDir(prefix = 'mailtrail-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * The databases a suite runs against, for `for (const db of await testDatabases()) describe.skipIf(db.skip)(…)`.
 * Put `db.skip` in the suite's title so a skipped run says why.
 */
export async function testDatabases(): Promise<TestDatabase[]> {
  const pgSkip = await postgresUnavailable();
  return [
    {
      name: 'sqlite',
      skip: undefined,
      async create() {
        const dir = tempDir();
        return {
          target: { kind: 'sqlite', path: join(dir.path, 'mailtrail.db') },
          dataDir: dir.path,
          drop: async () => dir.remove(),
        };
      },
    },
    {
      name: 'postgres',
      skip: pgSkip,
      async create() {
        const dir = tempDir();
        const db = await freshPostgresDatabase();
        return {
          target: { kind: 'postgres', url: db.url },
          dataDir: dir.path,
          async drop() {
            await db.drop();
            dir.remove();
          },
        };
      },
    },
  ];
}

export function suiteTitle(title: string, db: TestDatabase): string {
  return `${title} on ${db.name}${db.skip ? ` (skipped: ${db.skip})` : ''}`;
}
