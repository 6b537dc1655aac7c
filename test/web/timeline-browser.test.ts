import nodemailer from 'nodemailer';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ComposeIntentResponse } from '../../src/contract/addon';
import { signIdentityToken } from '../../src/emulator';
import { intentRequest } from '../helpers/intents';
import { chromiumAvailable, crm, newContext, mailtrailInBrowser } from './harness';

// A contact's page in Chromium against `mailtrail start`: its ticket (and the ticket's page), its task, and a tracked
// email that was not logged, with every open (P4). The email is sent as the sidebar and Gmail would: intent over the
// add-on API, BCC copy over SMTP, the reader's client fetching the pixel a person's pace after it arrived.
const READER_PACE_MS = 6000;
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const assoc = (id: string, typeId: number) => [
  { to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }] },
];

describe.skipIf(!chromiumAvailable())('a contact page shows its tickets, tasks and tracked emails', () => {
  const suite = mailtrailInBrowser();

  async function signIn(page: Page, email: string) {
    await page.goto(`${suite.mt.url}/app/`);
    await page.getByRole('button', { name: new RegExp(`Sign in as .*${email.replace('.', '\\.')}`) }).click();
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
  }

  it('lists the ticket, the task and the unlogged tracked email with its open, and opens the ticket’s page', async () => {
    const tess = (
      await crm<{ id: string }>(suite.mt.url, suite.key, '/crm/v3/objects/contacts', {
        properties: { email: 'tess@client.test', firstname: 'Tess', lastname: 'Tracked' },
      })
    ).id;
    await crm(suite.mt.url, suite.key, '/crm/v3/objects/tickets', {
      properties: { subject: 'Printer on fire', hs_pipeline: '0', hs_pipeline_stage: '3' },
      associations: assoc(tess, 16),
    });
    await crm(suite.mt.url, suite.key, '/crm/v3/objects/tasks', {
      properties: {
        hs_timestamp: '2026-05-02T09:00:00.000Z',
        hs_task_subject: 'Call Tess back',
        hs_task_status: 'NOT_STARTED',
      },
      associations: assoc(tess, 204),
    });

    const res = await fetch(`${suite.mt.url}/addon/v1/compose/intents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${signIdentityToken({ email: 'ada@acme.test', now: Date.now(), withEmail: true })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(intentRequest({ log: false, recipients: { to: ['tess@client.test'], cc: [], bcc: [] } })),
    });
    const intent = (await res.json()) as ComposeIntentResponse;
    expect(intent.mode).toBe('identified');
    const smtp = nodemailer.createTransport({
      host: '127.0.0.1',
      port: suite.mt.smtpPort,
      secure: false,
      ignoreTLS: true,
    });
    await smtp.sendMail({
      from: 'Ada Lovelace <ada@acme.test>',
      to: 'tess@client.test',
      bcc: intent.bccAddress,
      subject: 'Tracked, never logged',
      html: `<p>Hello</p><img src="${intent.pixelUrl}">`,
    });
    smtp.close();

    const page = await (await newContext(suite.browser, suite.mt.url)).newPage();
    await signIn(page, 'ada@acme.test');
    await page.goto(`${suite.mt.url}/app/contacts/${tess}`);
    const tracked = page.locator('article.tracked-only', { hasText: 'Tracked, never logged' });
    // The copy is recorded on its own time: the email is on the timeline once it is known as sent.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('heading', { name: 'Tess Tracked' }).waitFor();
          return tracked.count();
          // Each try reloads the page: vitest's 1 s default fits one try on a busy machine, not the copy's arrival.
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    expect(await tracked.innerText()).toContain('Not opened yet');

    await new Promise((r) => setTimeout(r, READER_PACE_MS));
    await fetch(intent.pixelUrl!, { headers: { 'user-agent': CHROME } });
    await page.reload();
    await tracked.locator('summary', { hasText: 'Every open and click (1 open)' }).click();
    const open = tracked.locator('.tracking-events li[data-kind="open"]');
    expect(await open.innerText()).toMatch(/opened by (a person|a machine: .+|you)/);

    const task = page.locator('article.task', { hasText: 'Call Tess back' });
    expect(await task.innerText()).toContain('Not started');

    await page.getByRole('link', { name: 'Printer on fire' }).click();
    await page.getByRole('heading', { name: 'Printer on fire' }).waitFor();
    expect(await page.locator('.record-side').innerText()).toContain('Waiting on us');
    await page.goto(`${suite.mt.url}/app/tickets`);
    await page.getByRole('link', { name: 'Printer on fire' }).waitFor();
  });
});
