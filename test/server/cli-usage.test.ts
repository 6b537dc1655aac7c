// The `mailtrail` command line as a person meets it: `--help` everywhere, unknown options refused with the usage,
// a failure's exit code, and `mailtrail start`'s first words (a taken port, the first start's summary).
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../emulator/build';
import { tempDir } from '../helpers/databases';

const exec = promisify(execFile);
const BIN = join(ROOT, 'bin/mailtrail.mjs');

async function mailtrail(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, MAILTRAIL_PUBLIC_URL: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const COMMAND_LINES = [
  ['account'],
  ['account', 'create'],
  ['account', 'list'],
  ['user', 'add'],
  ['user', 'list'],
  ['alias', 'add'],
  ['apikey', 'create'],
  ['apikey', 'list'],
  ['apikey', 'revoke'],
  ['tracking'],
  ['tracking', 'refresh-ranges'],
  ['tracking', 'purge'],
  ['tracking', 'erase-contact'],
  ['tracking', 'webhook-add'],
  ['tracking', 'webhook-list'],
  ['tracking', 'webhook-remove'],
  ['addon'],
  ['addon', 'homepage'],
  ['addon', 'compose'],
  ['addon', 'action'],
  ['seed'],
  ['migrate'],
  ['serve'],
  ['start'],
];

/** A port something else holds, as another program would. */
async function holdPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

beforeAll(() => ensureBuilt('dist/cli.js', 'addon/Code.js'));

describe('mailtrail --help and usage errors', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('answers --help on every command and subcommand with its usage and exit 0', async () => {
    const lines = [[], ...COMMAND_LINES];
    const results = await Promise.all(lines.map((line) => mailtrail(...line, '--help')));
    for (const [i, line] of lines.entries()) {
      const result = results[i]!;
      expect(result.code, `${line.join(' ')} --help: ${result.stderr}`).toBe(0);
      expect(result.stdout, line.join(' ')).toMatch(/^usage:/m);
      expect(result.stderr).toBe('');
    }
    expect((await mailtrail('account', 'create', '-h')).stdout).toContain('mailtrail account create --name NAME');
  }, 300_000);

  it('refuses an unknown option with the usage and exit 2, touching nothing', async () => {
    const data = join(dir.path, 'never-made');
    const results = await Promise.all(
      COMMAND_LINES.map((line) => mailtrail(...line, '--no-such-option', '--data-dir', data)),
    );
    for (const [i, line] of COMMAND_LINES.entries()) {
      const result = results[i]!;
      expect(result.code, `${line.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr, line.join(' ')).toContain('--no-such-option');
      expect(result.stderr, line.join(' ')).toMatch(/^usage:/m);
      expect(result.stdout).toBe('');
    }
    expect(existsSync(data)).toBe(false);
    expect(await mailtrail('account', 'frob')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown account command "frob"'),
    });
    expect(await mailtrail('account', 'create', '--data-dir', data, '--domain', 'x.test')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--name is required\n\nusage:/),
    });
  }, 300_000);

  it('exits non-zero when what it prints is an error card', async () => {
    const closed = await holdPort();
    closed.server.close();
    const result = await mailtrail('addon', 'homepage', '--backend', `http://127.0.0.1:${closed.port}`);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).action.navigations[0].pushCard.header.title).toBe('mailtrail could not do that');
    expect(result.stderr).toMatch(/^mailtrail addon: the add-on reported an error: /);
  });
});

describe('mailtrail start', () => {
  it('names the option to change when a port is taken, before it makes the data dir', async () => {
    const dir = tempDir();
    const held = await holdPort();
    try {
      const data = join(dir.path, 'data');
      const http = await mailtrail('start', '--port', String(held.port), '--smtp-port', '0', '--data-dir', data);
      expect(http.code).toBe(1);
      expect(http.stderr).toContain(`port ${held.port} (HTTP) on 127.0.0.1 is in use`);
      expect(http.stderr).toContain('--port N');
      const smtp = await mailtrail('start', '--port', '0', '--smtp-port', String(held.port), '--data-dir', data);
      expect(smtp.code).toBe(1);
      expect(smtp.stderr).toContain('--smtp-port N');
      expect(existsSync(data)).toBe(false);
    } finally {
      held.server.close();
      dir.remove();
    }
  });

  it('says on its first start where to go and who to sign in as, in words, with no API key', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--smtp-port', '0', '--data-dir', dir.path], {
      cwd: ROOT,
      env: { ...process.env, MAILTRAIL_PUBLIC_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<string>((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`)),
    );
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => stdout.includes('Ctrl-C') && resolve());
        void exited.then((how) => reject(new Error(`start exited (${how}) before it was up:\n${stdout}\n${stderr}`)));
      });
      expect(stdout).toMatch(/mailtrail is running: open http:\/\/127\.0\.0\.1:\d+\/app\//);
      expect(stdout).toContain('Sign in as Ada Lovelace (ada@acme.test, admin) or Bob Martin (bob@acme.test)');
      expect(stdout).toMatch(/First start: a demo CRM \(Acme\) and \d+ demo mailboxes were made/);
      expect(stdout).not.toMatch(/[{}]|mt_[A-Za-z0-9_-]{20,}|apiKey/);
    } finally {
      child.kill('SIGINT');
      expect(await exited, stderr).toBe('code 0');
      dir.remove();
    }
  });
});
