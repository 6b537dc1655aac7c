// `npm run deploy` refuses a backend the add-on could not reach before it runs clasp: nothing is created or pushed
// at Google. clasp is replaced by a stand-in that records any call.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/databases';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

describe('npm run deploy', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  const called = join(dir.path, 'clasp-was-called');
  const fakeClasp = join(dir.path, 'clasp');
  writeFileSync(fakeClasp, `#!/bin/sh\necho "$@" >> ${JSON.stringify(called)}\necho '{}'\n`);
  chmodSync(fakeClasp, 0o755);

  async function deploy(publicUrl: string | undefined) {
    const env: NodeJS.ProcessEnv = { ...process.env, CLASP: fakeClasp };
    delete env.MAILTRAIL_PUBLIC_URL;
    if (publicUrl !== undefined) env.MAILTRAIL_PUBLIC_URL = publicUrl;
    try {
      await run(process.execPath, [join(ROOT, 'scripts/deploy.mjs')], { cwd: ROOT, env });
      return { code: 0, stderr: '' };
    } catch (err) {
      const e = err as { code: number; stderr: string };
      return { code: e.code, stderr: e.stderr };
    }
  }

  it('refuses a backend URL that is not https, before clasp runs', async () => {
    const hadClaspJson = existsSync(join(ROOT, '.clasp.json'));
    for (const [url, message] of [
      ['http://crm.example.com', /must be https .*not http:\/\/crm\.example\.com/],
      ['crm.example.com', /is not a URL/],
      ['', /set MAILTRAIL_PUBLIC_URL/],
      [undefined, /set MAILTRAIL_PUBLIC_URL/],
    ] as const) {
      const result = await deploy(url);
      expect(result.code, String(url)).toBe(1);
      expect(result.stderr).toMatch(message);
    }
    expect(existsSync(called)).toBe(false);
    expect(existsSync(join(ROOT, '.clasp.json'))).toBe(hadClaspJson);
  });

  it('keeps no .clasp.json in the repository: the deploy script writes it', async () => {
    const { stdout } = await run('git', ['ls-files', '.clasp.json'], { cwd: ROOT });
    expect(stdout).toBe('');
    const { stdout: ignored } = await run('git', ['check-ignore', '.clasp.json'], { cwd: ROOT });
    expect(ignored.trim()).toBe('.clasp.json');
  });
});
