import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, newContext, SCREENSHOTS, startMailtrail, type Running } from './harness';

// Templates and snippets (P2) in Chromium against `mailtrail start` (demo CRM, real HTTP, SMTP and SQLite): the web
// app's library refuses an unknown merge field and saves nothing, then the emulated Gmail's sidebar inserts the
// template with the recipient's first name, and the library counts the email once it is sent.
describe.skipIf(!chromiumAvailable())('templates in the web app and the compose sidebar', () => {
  let mt: Running;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    mt = await startMailtrail();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await mt?.stop();
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `templates-${name}.png`), fullPage: true });

  it('creates a template, inserts it for Hank with his first name, and counts it when sent', async () => {
    const web = await (await newContext(browser, mt.url)).newPage();
    await web.goto(`${mt.url}/app/`);
    await web.getByRole('button', { name: /Sign in as .*ada@acme\.test/ }).click();
    await web.getByRole('heading', { name: 'Activity' }).waitFor();
    await web.getByRole('link', { name: 'Templates' }).click();
    await web.getByRole('heading', { name: 'Templates and snippets' }).waitFor();
    await web.getByText('No templates yet.').waitFor();

    await web.getByRole('button', { name: 'New template or snippet' }).click();
    await web.getByLabel('Name', { exact: true }).fill('Rollout intro');
    await web.getByLabel('Subject', { exact: true }).fill('Rollout for {{company.name | "your team"}}');
    await web
      .getByLabel('Text', { exact: true })
      .fill('Hi {{contact.firstname | "there"}},\nyour {{contact.shoesize}} plan.');
    await web.getByRole('button', { name: 'Save' }).click();
    const alert = web.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(
      /\{\{contact\.shoesize\}\} does not exist: contacts have no property "shoesize".*Nothing was saved\./,
    );
    // What was typed stays, and nothing was saved.
    expect(await web.getByLabel('Name', { exact: true }).inputValue()).toBe('Rollout intro');
    expect(await web.getByText('No templates yet.').count()).toBe(1);

    await web
      .getByLabel('Text', { exact: true })
      .fill('Hi {{contact.firstname | "there"}},\nhere is the rollout plan.');
    await web.getByRole('button', { name: 'Save' }).click();
    const row = web.getByRole('row', { name: /Rollout intro/ });
    await row.waitFor();
    expect(await row.locator('.sent').innerText()).toBe('0');
    await shot(web, 'library');

    const gmail = await (await newContext(browser, mt.url)).newPage();
    await gmail.goto(`${mt.url}/app/gmail?as=ada@acme.test`);
    await gmail.getByRole('button', { name: 'Compose' }).click();
    await gmail.getByLabel('To', { exact: true }).fill('hank.scorpio@globex.test');
    await gmail.getByLabel('Message Body').click();
    await gmail.getByRole('button', { name: 'Open mailtrail in this draft' }).click();
    const sidebar = gmail.getByRole('complementary', { name: 'mailtrail add-on' });
    await sidebar.getByText('Templates and snippets').waitFor();
    expect(await sidebar.getByLabel('Template or snippet').inputValue()).not.toBe('');
    await sidebar.getByRole('button', { name: 'Insert', exact: true }).click();
    // The add-on runs in the server's Apps Script emulator: on a busy machine an action takes a few seconds.
    await expect.poll(() => gmail.getByLabel('Subject').inputValue(), { timeout: 15_000 }).toBe('Rollout for Globex');
    await expect
      .poll(() => gmail.getByLabel('Message Body').innerText(), { timeout: 15_000 })
      .toMatch(/Hi Hank,\s*here is the rollout plan\./);
    await shot(gmail, 'inserted');

    await sidebar.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => gmail.getByLabel('Bcc').inputValue(), { timeout: 15_000 }).toMatch(/log\+[A-Za-z0-9_-]+@/);
    await gmail.getByRole('button', { name: 'Send' }).click();
    await gmail.getByText('Message sent').waitFor();

    await expect
      .poll(
        async () => {
          await web.reload();
          return web
            .getByRole('row', { name: /Rollout intro/ })
            .locator('.sent')
            .innerText();
        },
        { timeout: 15_000 },
      )
      .toBe('1');
  });
});
