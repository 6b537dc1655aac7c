// Real failures from the real drivers and filesystem, classified as the BCC listener needs them: what waiting can
// cure (451 and a retry) and where the operator should look.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { transientCause } from '../../src/server/core/transient';

async function caught(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe('transientCause', () => {
  it('reads an SQLite file that cannot be opened as the database being unavailable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailtrail-errors-'));
    try {
      // A directory where the database file should be: SQLite answers SQLITE_CANTOPEN, as for a lost mount.
      expect(transientCause(await caught(() => new Database(dir)))).toBe('database');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads a closed SQLite connection as the database being unavailable', async () => {
    const db = new Database(':memory:');
    db.close();
    expect(transientCause(await caught(() => db.prepare('select 1')))).toBe('database');
  });

  it('reads a refused PostgreSQL connection as the database being unavailable', async () => {
    // Port 1 on loopback: nothing listens there, so the refusal is real whatever runs on this machine.
    const client = new pg.Client({ host: '127.0.0.1', port: 1, user: 'postgres', database: 'test' });
    expect(transientCause(await caught(() => client.connect()))).toBe('database');
  });

  it('reads a store directory that cannot be written as storage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailtrail-errors-'));
    try {
      await writeFile(join(dir, 'attachments'), 'a file where a directory should be');
      expect(transientCause(await caught(() => writeFile(join(dir, 'attachments', 'x'), 'data')))).toBe('storage');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('follows wrapped causes and leaves programming errors unclassified', () => {
    const wrapped = new Error('logging failed', {
      cause: Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    });
    expect(transientCause(wrapped)).toBe('database');
    expect(transientCause(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeNull();
    expect(transientCause(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBeNull();
  });
});
