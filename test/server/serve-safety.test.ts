// Production is safe by default: `mailtrail serve` refuses to start without what a production server needs (the
// add-on's client id, the Workspace domain or its explicit waiver), and refuses dev mode anywhere but loopback.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { checkServeConfig } from '../../src/server/core/config';
import { parseServeArgs } from '../../src/server/core/serve-options';
import { tempDir } from '../helpers/databases';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** This process's environment without any MAILTRAIL_ setting, so only the arguments count. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MAILTRAIL_')));
  return { ...env, ...extra };
}

async function mailtrail(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args],
      {
        cwd: ROOT,
        env: cleanEnv(env),
      },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('mailtrail serve refuses an unsafe production setup', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  const base = ['serve', '--port', '0', '--smtp-port', '0', '--data-dir', dir.path];

  it('without --dev and without a Google client id, exits non-zero and says what to set', async () => {
    const result = await mailtrail([...base, '--google-hd', 'acme.test']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/no Google client id: set --google-client-id/);
    expect(result.stderr).toMatch(/getIdentityToken/);
    expect(result.stdout).not.toMatch(/listening/);
  });

  it('without a Workspace domain, unless explicitly waived', async () => {
    const result = await mailtrail([...base, '--google-client-id', 'addon-1.apps.googleusercontent.com']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/no Workspace domain: set --google-hd/);
    expect(result.stderr).toMatch(/--google-any-domain/);
    const both = ['--google-client-id', 'x', '--google-hd', 'acme.test', '--google-any-domain'];
    expect(() => checkServeConfig(parseServeArgs(both, {}))).toThrow(/contradict/);
  });

  for (const [how, args, env] of [
    ['--dev', ['--dev', '--host', '0.0.0.0'], {}],
    ['MAILTRAIL_DEV=1', ['--host', '0.0.0.0'], { MAILTRAIL_DEV: '1' }],
  ] as const) {
    it(`with ${how} on an address others can reach, exits non-zero`, async () => {
      const result = await mailtrail([...base, ...args], env);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/--dev \(MAILTRAIL_DEV\) trusts ID tokens anyone can sign/);
      expect(result.stdout).not.toMatch(/listening/);
      for (const host of ['::', '192.0.2.1'])
        expect(() => checkServeConfig(parseServeArgs([...args.slice(0, -1), host], env))).toThrow(/loopback/);
    });
  }

  it('refuses mailtrail start (dev mode) on an address others can reach', async () => {
    const start = await mailtrail([
      'start',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--smtp-port',
      '0',
      '--data-dir',
      dir.path,
    ]);
    expect(start.code).not.toBe(0);
    expect(start.stderr).toMatch(/loopback address only/);
  });

  it('lists --dev with MAILTRAIL_DEV and the domain waiver in serve --help', async () => {
    const help = await mailtrail(['serve', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--dev\s+.*loopback[^\n]*\n\s+env MAILTRAIL_DEV/);
    expect(help.stdout).toMatch(/--google-any-domain\s+.*\n\s+env MAILTRAIL_GOOGLE_ANY_DOMAIN/);
  });

  it('accepts a client id with a domain, or with the explicit waiver, and dev mode on loopback', () => {
    const client = ['--google-client-id', 'addon-1.apps.googleusercontent.com'];
    for (const args of [
      [...client, '--google-hd', 'acme.test'],
      [...client, '--google-any-domain'],
      ['--dev'],
      ['--dev', '--host', '::1'],
    ])
      expect(() => checkServeConfig(parseServeArgs(args, {})), args.join(' ')).not.toThrow();
    expect(parseServeArgs([...client, '--google-any-domain'], {}).google.anyDomain).toBe(true);
  });
});
