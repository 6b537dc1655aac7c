// `mailtrail addon …` through the built CLI (bin/mailtrail.mjs → dist/cli.js, UrlFetchApp's worker in
// dist/fetch-worker.js), on the real add-on bundle and on the probe add-on.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicUrlOf } from '../../src/server/core/config';
import { parseServeArgs } from '../../src/server/core/serve-options';
import { ensureBuilt, ROOT } from './build';
import { type ChildServer, closedPortUrl, startHttpServer } from './helpers';

const run = promisify(execFile);
const probe = fileURLToPath(new URL('./fixtures/probe-addon/Code.js', import.meta.url));
const quote = fileURLToPath(new URL('./fixtures/quote.eml', import.meta.url));

async function mailtrail(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'bin/mailtrail.mjs'), 'addon', ...args], {
      cwd: tmpdir(),
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const notification = (stdout: string) =>
  (JSON.parse(stdout) as { renderActions: { action: { notification: { text: string } } } }).renderActions.action
    .notification.text;

let server: ChildServer;
beforeAll(async () => {
  ensureBuilt('dist/cli.js', 'dist/fetch-worker.js', 'addon/Code.js');
  server = await startHttpServer();
});
afterAll(() => server?.stop());

describe('mailtrail addon', () => {
  it("homepage prints the add-on's homepage card JSON (an error card, and exit 1, with no backend)", async () => {
    const { code, stdout } = await mailtrail('homepage', '--backend', await closedPortUrl());
    expect(code).toBe(1);
    const card = JSON.parse(stdout).action.navigations[0].pushCard;
    expect(card.sections.length).toBeGreaterThan(0);
  });

  it('runs against the URL a default local server makes its links with, so the links it shows may be opened', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'addon/appsscript.json'), 'utf8')) as {
      urlFetchWhitelist: string[];
      addOns: { common: { openLinkUrlPrefixes: string[] } };
    };
    // What `npm start` serves with: its defaults and this environment, as the build read it.
    const server = publicUrlOf(parseServeArgs(['--dev'], process.env));
    expect(manifest.urlFetchWhitelist).toEqual([`${server}/`]);
    expect(manifest.addOns.common.openLinkUrlPrefixes).toEqual([`${server}/`]);
    expect(readFileSync(join(ROOT, 'addon/Code.js'), 'utf8')).toContain(JSON.stringify(server));
  });

  it('compose passes the recipients; --to takes repeats and commas', async () => {
    const { stdout } = await mailtrail(
      'compose',
      '--bundle',
      probe,
      '--to',
      'bob@example.com,carol@example.org',
      '--cc',
      'dan@example.net',
    );
    const gmail = JSON.parse(
      JSON.parse(stdout).action.navigations[0].pushCard.sections[0].widgets[0].textParagraph.text,
    );
    expect(gmail).toMatchObject({
      toRecipients: ['bob@example.com', 'carol@example.org'],
      ccRecipients: ['dan@example.net'],
      bccRecipients: [],
    });
  });

  it('message opens the .eml given', async () => {
    const { stdout } = await mailtrail('message', '--bundle', probe, '--message', quote);
    expect(JSON.parse(stdout).action.navigations[0].pushCard.sections[0].widgets[0].textParagraph.text).toBe(
      'Quote for café machines | 2 | true',
    );
  });

  it('action passes --param and --form (a repeated --form is a multi-value input) and runs UrlFetchApp over HTTP', async () => {
    const echo = JSON.parse(
      notification(
        (
          await mailtrail(
            'action',
            '--bundle',
            probe,
            '--function',
            'onEcho',
            '--param',
            'from=cli',
            '--form',
            'pick=a',
            '--form',
            'pick=b',
            '--form',
            'note=x=y',
          )
        ).stdout,
      ),
    );
    expect(echo.commonEventObject.parameters).toEqual({ from: 'cli' });
    expect(echo.commonEventObject.formInputs).toEqual({
      pick: { stringInputs: { value: ['a', 'b'] } },
      note: { stringInputs: { value: ['x=y'] } },
    });
    const fetched = await mailtrail(
      'action',
      '--bundle',
      probe,
      '--backend',
      server.url,
      '--function',
      'onFetch',
      '--verbose',
    );
    expect(notification(fetched.stdout)).toBe('200 3');
    expect(fetched.stderr).toContain(`[fetch] GET ${server.url}/echo → 200`);
  });

  it('settings runs the Settings universal action; --state keeps user properties between runs', async () => {
    expect(
      JSON.parse((await mailtrail('settings', '--bundle', probe)).stdout).renderActions.action.navigations[0].pushCard
        .name,
    ).toBe('settings');
    const state = join(mkdtempSync(join(tmpdir(), 'mailtrail-cli-')), 'state.json');
    await mailtrail('action', '--bundle', probe, '--state', state, '--function', 'onRemember', '--param', 'value=kept');
    expect(
      notification((await mailtrail('action', '--bundle', probe, '--state', state, '--function', 'onRecall')).stdout),
    ).toBe('kept null');
  });

  it('says what is wrong: a missing option, an unknown entry point, an add-on that fails', async () => {
    expect(await mailtrail('message', '--bundle', probe)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('the message trigger needs --message FILE.eml'),
    });
    expect(await mailtrail('inbox', '--bundle', probe)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown add-on entry point "inbox"'),
    });
    expect(await mailtrail('action', '--bundle', probe, '--function', 'onThrow')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'mailtrail: onThrow failed: Error: backend said no\n',
    });
    expect(await mailtrail('action', '--bundle', probe, '--function', 'onEcho', '--param', 'novalue')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--param takes name=value'),
    });
  });
});
