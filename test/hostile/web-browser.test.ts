// In Chromium, against `mailtrail start` (real HTTP, SMTP and SQLite):
// - finding 10 of the hardening issue: the web app, the emulated Gmail and a logged email's frame run under the
//   server's Content-Security-Policy without one violation, and the policy is really enforced (an injected inline
//   script is refused, and reported);
// - finding 11: a logged email's remote images reached the sender's server (its tracker fired, the reader's address
//   leaked) as soon as a CRM user opened it. No request reaches a remote image until the reader clicks "Show images".
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CSP } from '../../src/server/http/security-headers';
import { startHttpReceiver, type HttpReceiver } from '../helpers/http-receiver';
import {
  apiKeyOf,
  chromiumAvailable,
  crm,
  launchBrowser,
  newContext,
  startMailtrail,
  type Running,
} from '../web/harness';

type Violation = { directive: string; blocked: string };

describe.skipIf(!chromiumAvailable())('the web app in a browser, under attack', () => {
  let mt: Running;
  let browser: Browser;
  let key: string;
  let imageHost: HttpReceiver;

  beforeAll(async () => {
    mt = await startMailtrail();
    key = await apiKeyOf(mt);
    browser = await launchBrowser();
    imageHost = await startHttpReceiver();
  });
  afterAll(async () => {
    await browser?.close();
    await mt?.stop();
    await imageHost?.close();
  });

  /** A page that collects every CSP violation any of its frames reports, from the event and from the console. */
  async function watchedPage(): Promise<{ page: Page; violations: () => Promise<Violation[]>; console: string[] }> {
    const context = await newContext(browser, mt.url);
    await context.addInitScript(() => {
      const seen: { directive: string; blocked: string }[] = [];
      (window as unknown as { __csp: typeof seen }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI }),
      );
    });
    const page = await context.newPage();
    const console: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) console.push(m.text());
    });
    const violations = async () =>
      (
        await Promise.all(
          page
            .frames()
            .map((f) => f.evaluate(() => (window as unknown as { __csp?: Violation[] }).__csp ?? []).catch(() => [])),
        )
      ).flat();
    return { page, violations, console };
  }

  async function signIn(page: Page, email: string) {
    await page.getByRole('button', { name: new RegExp(`Sign in as .*${email.replace('.', '\\.')}`) }).click();
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
  }

  async function contactWithEmail(html: string, subject: string): Promise<{ contact: string; email: string }> {
    const found = await crm<{ results: { id: string }[] }>(mt.url, key, '/crm/v3/objects/contacts/search', {
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'hank.scorpio@globex.test' }] }],
    });
    const contact = found.results[0].id;
    const email = await crm<{ id: string }>(mt.url, key, '/crm/v3/objects/emails', {
      properties: {
        hs_timestamp: new Date().toISOString(),
        hs_email_direction: 'INCOMING_EMAIL',
        hs_email_subject: subject,
        hs_email_html: html,
        hs_email_headers: JSON.stringify({
          from: { email: 'hank.scorpio@globex.test', firstName: 'Hank', lastName: 'Scorpio' },
          to: [{ email: 'ada@acme.test' }],
        }),
      },
      associations: [
        { to: { id: contact }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 198 }] },
      ],
    });
    return { contact, email: email.id };
  }

  it('runs the web app, a logged email and the emulated Gmail without a CSP violation, and enforces the policy', async () => {
    const { page, violations, console } = await watchedPage();
    const app = await page.goto(`${mt.url}/app/`);
    expect(app!.headers()['content-security-policy']).toBe(APP_CSP);
    await signIn(page, 'ada@acme.test');
    const { contact, email } = await contactWithEmail(
      '<p>Quote attached.</p><img alt="logo" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">',
      'CSP check',
    );
    for (const path of [`/app/contacts/${contact}`, '/app/companies', '/app/deals', '/app/admin']) {
      await page.goto(`${mt.url}${path}`);
      await page.waitForLoadState('load');
    }
    await page.goto(`${mt.url}/app/contacts/${contact}`);
    const card = page.locator(`[data-email-id="${email}"]`);
    await card.getByRole('button', { name: 'Expand' }).click();
    await (await (await card.locator('iframe.email-frame').elementHandle())!.contentFrame())!
      .getByText('Quote attached.')
      .waitFor();

    const gmail = await watchedPage();
    await gmail.page.goto(`${mt.url}/app/gmail?as=ada@acme.test`);
    await gmail.page.getByRole('row', { name: /Northwind is looking for a CRM/ }).click();
    await gmail.page
      .getByRole('complementary', { name: 'mailtrail add-on' })
      .getByText('Not in the CRM')
      .first()
      .waitFor();
    await gmail.page.waitForLoadState('load');

    expect(await violations()).toEqual([]);
    expect(await gmail.violations()).toEqual([]);
    expect([...console, ...gmail.console]).toEqual([]);

    // The policy is in force: an inline script injected into the page does not run, and is reported.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.body.append(s);
    });
    expect(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).toBeUndefined();
    await expect.poll(async () => (await violations()).map((v) => v.directive)).toContain('script-src-elem');
  });

  it('loads no remote image of a logged email until the reader clicks Show images, and then loads it', async () => {
    const tracker = `${imageHost.url}/open.gif?reader=ada`;
    const { contact, email } = await contactWithEmail(
      `<p>Our new prices.</p><img alt="Globex logo" src="${tracker}"><img src="//127.0.0.1:${new URL(imageHost.url).port}/protocol-relative.gif">`,
      'Prices with a tracker',
    );
    const { page } = await watchedPage();
    const requested: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(imageHost.url)) requested.push(r.url());
    });
    await page.goto(`${mt.url}/app/`);
    await signIn(page, 'ada@acme.test');
    await page.goto(`${mt.url}/app/contacts/${contact}`);
    const card = page.locator(`[data-email-id="${email}"]`);
    await card.getByRole('button', { name: 'Expand' }).click();
    const frame = (await (await card.locator('iframe.email-frame').elementHandle())!.contentFrame())!;
    await frame.getByText('Our new prices.').waitFor();
    // The frame has loaded all it was going to: its load event waits for its images.
    await frame.waitForLoadState('load');
    expect(await frame.getByAltText('Globex logo').count()).toBe(1);
    expect(requested).toEqual([]);
    expect(imageHost.received).toEqual([]);

    await card.getByRole('button', { name: 'Show images' }).click();
    await expect
      .poll(() => imageHost.received.map((r) => r.url).sort())
      .toEqual(['/open.gif?reader=ada', '/protocol-relative.gif']);
    await expect(card.getByRole('button', { name: 'Show images' }).count()).resolves.toBe(0);
  });
});
