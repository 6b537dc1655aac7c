// A PostgreSQL server of the test's own, from the machine's PostgreSQL binaries, in a temporary directory on a free
// port: it can be restarted without touching the shared server that other test files use at the same moment.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../helpers/ports';

const run = promisify(execFile);
const REQUIRED = process.env.MAILTRAIL_REQUIRE_SERVICES === '1';

/** The newest installed server binaries (Debian's layout, as on CI). */
function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : undefined;
}

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user. */
async function postgresUid(): Promise<{ uid: number; gid: number } | null> {
  if (userInfo().uid !== 0) return null;
  const { stdout } = await run('id', ['-u', 'postgres']).catch(() => ({ stdout: '' }));
  const { stdout: gid } = await run('id', ['-g', 'postgres']).catch(() => ({ stdout: '' }));
  if (!stdout.trim()) throw new Error('running as root, and there is no postgres user to run PostgreSQL as');
  return { uid: Number(stdout), gid: Number(gid) };
}

/** Why a private PostgreSQL cannot run here, or undefined when it can. MAILTRAIL_REQUIRE_SERVICES=1 makes it an error. */
export async function privatePostgresUnavailable(): Promise<string | undefined> {
  let reason: string | undefined;
  if (!binDir())
    reason = 'no PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin (apt-get install postgresql)';
  else await postgresUid().catch((err: Error) => (reason = err.message));
  if (reason && REQUIRED) throw new Error(`MAILTRAIL_REQUIRE_SERVICES=1 but ${reason}`);
  return reason;
}

export type PrivatePostgres = {
  /** The admin URL of its `postgres` database. */
  url: string;
  /** `pg_ctl restart -m fast`: every connection is cut, the server comes back on the same port; resolves once it accepts connections. */
  restart(): Promise<void>;
  stop(): Promise<void>;
};

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir()!;
  const owner = await postgresUid();
  const dir = await mkdtemp(join(tmpdir(), 'mailtrail-pg-'));
  if (owner) await chown(dir, owner.uid, owner.gid);
  const asPostgres = (cmd: string, args: string[]) =>
    owner ? run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]) : run(join(bin, cmd), args);
  const data = join(dir, 'data');
  const port = await freePort();
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  // fsync off: this server holds nothing worth keeping past the test, and a clean restart flushes anyway.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  await asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async restart() {
      await asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-m', 'fast', '-w', 'restart']);
    },
    async stop() {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
