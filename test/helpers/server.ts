import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { type ServerConfig } from '../../src/server/core/config';
import { parseServeArgs } from '../../src/server/core/serve-options';
import { startServer as start, type RunningServer } from '../../src/server/app/server';
import type { DbTarget } from '../../src/server/store';
import type { Clock } from '../../src/server/core/clock';
import { tempDir } from './databases';

const ROOT = resolve(import.meta.dirname, '../..');

/** A running server whose `close()` also removes its temp data dir. */
export type InProcessServer = RunningServer;

/**
 * The real server in this process on a free port: a temp SQLite file unless `db` says otherwise, `--dev` identity,
 * no rate limits unless given, SMTP on a free port. `close()` stops it and removes its temp data dir.
 */
export async function startServer(
  opts: { db?: DbTarget; dataDir?: string; config?: Partial<ServerConfig>; clock?: Clock } = {},
): Promise<InProcessServer> {
  const dir = opts.dataDir ? undefined : tempDir();
  const dataDir = opts.dataDir ?? dir!.path;
  // What `mailtrail serve` would read from this process's environment, then the test's own settings.
  const config = {
    ...parseServeArgs([], process.env),
    dataDir,
    db: opts.db ?? { kind: 'sqlite', path: join(dataDir, 'mailtrail.db') },
    port: 0,
    smtpPort: 0,
    dev: true,
    logLevel: (process.env.MAILTRAIL_TEST_LOG as ServerConfig['logLevel']) ?? 'silent',
    rateLimit: { per10Seconds: 0, searchPerSecond: 0 },
    ...opts.config,
  };
  const server = await start(config, opts.clock ? { clock: opts.clock } : {});
  return {
    ...server,
    async close() {
      await server.close();
      dir?.remove();
    },
  };
}

export type SpawnedServer = {
  url: string;
  proc: ChildProcess;
  dataDir: string;
  /** Everything the process wrote so far (for assertions and failure messages). */
  output(): { stdout: string; stderr: string };
  /** SIGTERM, and waits for a clean exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the crash case. */
  kill9(): Promise<void>;
};

/**
 * `mailtrail serve --port 0 --dev …` as a child process, for tests whose client blocks its own thread (the
 * emulator's synchronous UrlFetch) or that kill the server. Resolves once it prints its URL.
 */
export async function spawnServer(
  opts: { db?: DbTarget; dataDir?: string; args?: string[]; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<SpawnedServer> {
  const dir = opts.dataDir ? undefined : tempDir();
  const dataDir = opts.dataDir ?? dir!.path;
  const db = opts.db ? ['--db', opts.db.kind === 'sqlite' ? `sqlite:${opts.db.path}` : opts.db.url] : [];
  const args = [
    '--import',
    'tsx',
    join(ROOT, 'src/cli/main.ts'),
    'serve',
    '--port',
    '0',
    '--smtp-port',
    '0',
    '--dev',
    '--data-dir',
    dataDir,
    '--log-level',
    process.env.MAILTRAIL_TEST_LOG ?? 'warn',
    '--rate-limit',
    '0',
    '--search-rate-limit',
    '0',
    ...db,
    ...(opts.args ?? []),
  ];
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = once(proc, 'exit').then(([code]) => code as number | null);

  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(
        new Error(
          `mailtrail serve did not start within ${opts.timeoutMs ?? 30_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, opts.timeoutMs ?? 30_000);
    const check = () => {
      const match = /mailtrail listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        proc.stdout!.off('data', check);
        resolveUrl(match[1]);
      }
    };
    proc.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`mailtrail serve exited with ${code} before listening\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });

  const cleanup = () => dir?.remove();
  return {
    url,
    proc,
    dataDir,
    output: () => ({ stdout, stderr }),
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const code = await exited;
      cleanup();
      return code;
    },
    async kill9() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}
