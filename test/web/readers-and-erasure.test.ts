import nodemailer from 'nodemailer';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ComposeIntentResponse } from '../../src/contract/addon';
import { signIdentityToken } from '../../src/emulator';
import { chromiumAvailable, crm, newContext, mailtrailInBrowser } from './harness';
import { intentRequest } from '../helpers/intents';

// Who opened, in the web feed, and a contact deleted for good from its page: Chromium against `mailtrail start`.
// The tracked emails are set up as the sidebar and Gmail would: intent over the add-on API, BCC copy over SMTP,
// the reader's client fetching the pixel.
/** How long after the email arrives its reader opens it, at the least. */
const READER_PACE_MS = 6000;

describe.skipIf(!chromiumAvailable())('the web feed names readers; a super admin deletes a contact for good', () => {
  const suite = mailtrailInBrowser();

  /** Ada sends a tracked email to one reader, who opens it in a suite.browser. */
  async function sentAndOpened(to: string, subject: string): Promise<void> {
    const res = await fetch(`${suite.mt.url}/addon/v1/compose/intents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${signIdentityToken({ email: 'ada@acme.test', now: Date.now(), withEmail: true })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(intentRequest({ log: false, recipients: { to: [to], cc: [], bcc: [] } })),
    });
    expect(res.status, await res.clone().text()).toBe(200);
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
      to,
      bcc: intent.bccAddress,
      subject,
      html: `<p>Hello</p><img src="${intent.pixelUrl}">`,
    });
    smtp.close();
    const chrome =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
    // The BCC copy is recorded on its own time; until then a fetch is the sender's (before-send), so wait for Sent.
    await expect.poll(() => feedKinds(subject), { timeout: 10_000 }).toEqual(['sent']);
    // A person opens a new email a few seconds after it arrives; a fetch sooner than that is taken for a prefetcher
    // or the sender's own Sent view (docs/labels.md), with the defaults every user has.
    await new Promise((r) => setTimeout(r, READER_PACE_MS));
    await fetch(intent.pixelUrl!, { headers: { 'user-agent': chrome } });
  }

  async function feedKinds(subject: string): Promise<string[]> {
    const res = await fetch(`${suite.mt.url}/addon/v1/feed?limit=50`, {
      headers: {
        authorization: `Bearer ${signIdentityToken({ email: 'ada@acme.test', now: Date.now(), withEmail: true })}`,
      },
    });
    return ((await res.json()) as { items: { kind: string; subject: string | null }[] }).items
      .filter((i) => i.subject === subject)
      .map((i) => i.kind);
  }

  async function signIn(page: Page, email: string) {
    await page.goto(`${suite.mt.url}/app/`);
    await page.getByRole('button', { name: new RegExp(`Sign in as .*${email.replace('.', '\\.')}`) }).click();
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
  }

  it('names a reader who is no contact by address, links a contact reader to their page, and forgets them once deleted for good', async () => {
    await sentAndOpened('newcomer@startup.test', 'Intro call');
    await sentAndOpened('hank.scorpio@globex.test', 'Safety module pricing');

    const page = await (await newContext(suite.browser, suite.mt.url)).newPage();
    await signIn(page, 'ada@acme.test');
    const stranger = page.locator('.feed-item[data-kind="opened"]', { hasText: 'Intro call' });
    await stranger.waitFor();
    expect(await stranger.locator('.what').innerText()).toContain('newcomer@startup.test opened “Intro call”');
    expect(await stranger.locator('.badge.reader').innerText()).toContain('not a contact');

    const hank = page.locator('.feed-item[data-kind="opened"]', { hasText: 'Safety module pricing' });
    expect(await hank.locator('.what').innerText()).toContain('Hank Scorpio opened “Safety module pricing”');
    await hank.getByRole('link', { name: 'Hank Scorpio' }).click();
    await page.getByRole('heading', { name: 'Hank Scorpio' }).waitFor();
    const contactPath = new URL(page.url()).pathname;
    expect(contactPath).toMatch(/^\/app\/contacts\/\d+$/);

    await page.getByRole('button', { name: 'Delete permanently…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Hank Scorpio permanently?' });
    await dialog.getByText('their opens and clicks stay in the counts, anonymous').waitFor();
    await dialog.getByRole('button', { name: 'Delete permanently' }).click();
    await page.getByText('Hank Scorpio was deleted for good').waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/app/contacts');

    const id = contactPath.split('/').pop()!;
    await expect(crm(suite.mt.url, suite.key, `/crm/v3/objects/contacts/${id}?archived=true`)).rejects.toThrow(
      /answered 404/,
    );
    // The feed keeps the open, with nobody named.
    await page.goto(`${suite.mt.url}/app/feed`);
    const forgotten = page.locator('.feed-item[data-kind="opened"]', { hasText: 'Safety module pricing' });
    await forgotten.waitFor();
    expect(await forgotten.locator('.what').innerText()).toContain('Someone opened “Safety module pricing”');
    expect(await forgotten.locator('.badge.reader').count()).toBe(0);
  });

  it('offers the permanent delete to super admins only', async () => {
    const page = await (await newContext(suite.browser, suite.mt.url)).newPage();
    await signIn(page, 'bob@acme.test');
    const contacts = await crm<{ results: { id: string }[] }>(
      suite.mt.url,
      suite.key,
      '/crm/v3/objects/contacts?limit=1',
    );
    await page.goto(`${suite.mt.url}/app/contacts/${contacts.results[0].id}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Emails' }).waitFor();
    expect(await page.getByRole('button', { name: 'Delete permanently…' }).count()).toBe(0);
  });
});
