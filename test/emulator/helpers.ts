// Test helpers for the emulator: a real HTTP server in a child process (UrlFetchApp blocks the test's thread,
// so whatever it calls must run elsewhere).
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ChildServer {
  url: string;
  /** The same routes over HTTPS, with a self-signed certificate. */
  httpsUrl: string;
  stop(): Promise<void>;
}

export async function startHttpServer(): Promise<ChildServer> {
  const proc: ChildProcess = spawn(
    process.execPath,
    [fileURLToPath(new URL('./fixtures/http-server.mjs', import.meta.url))],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const urls = await new Promise<{ http: string; https: string }>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
    });
    proc.once('exit', (code) => reject(new Error(`the test HTTP server exited with code ${code} before listening`)));
  });
  return {
    url: urls.http,
    httpsUrl: urls.https,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill();
      }),
  };
}

/** A URL where nothing listens: a port that was just free. */
export async function closedPortUrl(): Promise<string> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
