import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from '../helpers/ports';

export const CHROMIUM = '/usr/bin/chromium';
const REQUIRED = process.env.MAILTRAIL_REQUIRE_SERVICES === '1';

/** Whether the browser tests can run here; without Chromium they are skipped, with the reason printed. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (REQUIRED)
    throw new Error(
      `${CHROMIUM} is missing and MAILTRAIL_REQUIRE_SERVICES=1: install it with \`apt-get install -y chromium\``,
    );
  console.warn(`browser tests skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`);
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  // An empty profile each time, and nothing that talks to the network on its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh browser profile; `locale` is the browser's language (navigator.language and Accept-Language). */
export async function newContext(browser: Browser, url: string, locale = 'en-US'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale });
  await context.grantPermissions(['clipboard-read', 'clipboard-write', 'notifications'], { origin: url });
  return context;
}

export type Running = {
  url: string;
  smtpPort: number;
  dataDir: string;
  output: () => string;
  stop: () => Promise<void>;
};

/**
 * `mailtrail start` as a user runs it (the built CLI, a fresh data dir, free ports): demo CRM and mailboxes seeded,
 * HTTP and SMTP up. Stopped with SIGINT, as Ctrl-C would.
 */
export async function startMailtrail(env: NodeJS.ProcessEnv = {}): Promise<Running> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mailtrail-web-'));
  const [port, smtpPort] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/mailtrail.mjs', 'start', '--port', String(port), '--smtp-port', String(smtpPort), '--data-dir', dataDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MAILTRAIL_LOG_LEVEL: 'warn', ...env },
    },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /open (http:\/\/[^\s]+)\/app\//i.exec(out);
      if (m) resolve(m[1]);
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`mailtrail start exited (${code}) before serving:\n${out}`)));
    setTimeout(() => reject(new Error(`mailtrail start did not print its URL in 60 s:\n${out}`)), 60_000).unref();
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, smtpPort, dataDir, output: () => out, stop };
}

/**
 * A fresh API key of the demo account, for setting up data through the CRM API: made as an admin would, with
 * `mailtrail apikey create` beside the running server (the first start prints no key).
 */
export async function apiKeyOf(mt: Running): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    'bin/mailtrail.mjs',
    'apikey',
    'create',
    '--account',
    '1',
    '--name',
    'web tests',
    '--data-dir',
    mt.dataDir,
  ]);
  return (JSON.parse(stdout) as { apiKey: string }).apiKey;
}

export async function crm<T>(
  url: string,
  key: string,
  path: string,
  body?: unknown,
  method = body === undefined ? 'GET' : 'POST',
): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const SCREENSHOTS = 'test-results';

/**
 * A browser suite's `mailtrail start` with the product's defaults, its API key and Chromium: started before the
 * suite's tests, stopped after them. Call inside `describe`; read its fields in tests.
 */
export function mailtrailInBrowser(): { mt: Running; browser: Browser; key: string } {
  const suite = {} as { mt: Running; browser: Browser; key: string };
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    suite.mt = await startMailtrail();
    suite.key = await apiKeyOf(suite.mt);
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.mt?.stop();
  });
  return suite;
}
