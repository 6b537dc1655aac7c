import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, crm, newContext, SCREENSHOTS, mailtrailInBrowser } from './harness';

// The web app and the emulated Gmail, driven in Chromium against `mailtrail start` (real HTTP, SMTP and SQLite).

/** How long a person takes to read "Message sent" and switch mailbox, at the least. */
const PERSON_PACE_MS = 4000;
describe.skipIf(!chromiumAvailable())('web app and emulated Gmail in a browser', () => {
  // The product's defaults, as `npm start` runs it: the README's walk must work with them (issue 14).
  const suite = mailtrailInBrowser();

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `web-${name}.png`), fullPage: true });

  async function signIn(page: Page, email: string) {
    await page.goto(`${suite.mt.url}/app/`);
    await page
      .getByRole('button', { name: new RegExp(`Sign in as .*${email.replace('.', '\\.')}`) })
      .click()
      .catch(async (err: Error) => {
        await shot(page, 'signin-failure');
        throw new Error(`${err.message}\npage: ${await page.locator('body').innerText()}`);
      });
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
  }

  async function contactId(email: string): Promise<string> {
    const found = await crm<{ results: { id: string }[] }>(suite.mt.url, suite.key, '/crm/v3/objects/contacts/search', {
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: email }] }],
    });
    expect(found.results.length, `contact ${email}`).toBe(1);
    return found.results[0].id;
  }

  it('shows logged HTML with script and event-handler payloads as inert content', async () => {
    const hank = await contactId('hank.scorpio@globex.test');
    const email = await crm<{ id: string }>(suite.mt.url, suite.key, '/crm/v3/objects/emails', {
      properties: {
        hs_timestamp: new Date().toISOString(),
        hs_email_direction: 'INCOMING_EMAIL',
        hs_email_subject: 'Quote <img src=x onerror="window.top.__pwned=1">',
        hs_email_html:
          '<p>Here is the quote.</p><script>window.top.__pwned=2</script><img src=x onerror="window.top.__pwned=3">' +
          '<a href="javascript:window.top.__pwned=4">open</a><p onmouseover="window.top.__pwned=5">Regards</p><iframe src="javascript:alert(1)"></iframe>',
        hs_email_headers: JSON.stringify({
          from: { email: 'hank.scorpio@globex.test', firstName: 'Hank', lastName: 'Scorpio' },
          to: [{ email: 'ada@acme.test' }],
        }),
      },
      associations: [{ to: { id: hank }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 198 }] }],
    });
    const page = await (await newContext(suite.browser, suite.mt.url)).newPage();
    await signIn(page, 'ada@acme.test');
    await page.goto(`${suite.mt.url}/app/contacts/${hank}`);
    const card = page.locator(`[data-email-id="${email.id}"]`);
    // The subject's markup is text on the page, not an element.
    expect(await card.locator('.subject').textContent()).toBe('Quote <img src=x onerror="window.top.__pwned=1">');
    await card.getByRole('button', { name: 'Expand' }).click();
    const frameElement = card.locator('iframe.email-frame');
    await frameElement.waitFor();
    expect(await frameElement.getAttribute('sandbox')).toBe('');
    const frame = (await frameElement.elementHandle())!.contentFrame();
    const body = (await frame)!;
    await body.getByText('Here is the quote.').waitFor();
    await body.getByText('Regards').hover();
    await body.getByText('open').click();
    expect(await body.locator('script, iframe, [onerror], [onmouseover], a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await shot(page, 'inert-html');
  });

  it('lets an admin enforce "log every email" and a default association, and the compose sidebar shows them locked', async () => {
    const admin = await (await newContext(suite.browser, suite.mt.url)).newPage();
    await signIn(admin, 'ada@acme.test');
    await admin.getByRole('link', { name: 'Settings' }).click();
    await admin.getByLabel('Log every email by default').check();
    await admin.getByLabel(/Enforce for all users \(S1\)/).check();
    await admin.getByLabel("Recipients' contacts").check();
    await admin.getByLabel('Their companies').uncheck();
    await admin.getByLabel('Their open deals').uncheck();
    await admin.getByLabel('Enforce for all users (S2)').check();
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByText('Settings saved').waitFor();
    // Saving again while the toast shows replaces it (a new one, in its place): one "Settings saved", never two.
    const first = await admin.locator('.toast', { hasText: 'Settings saved' }).elementHandle();
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.waitForFunction((el) => !el?.isConnected || document.querySelectorAll('.toast').length > 1, first);
    expect(await admin.getByText('Settings saved').count()).toBe(1);
    await shot(admin, 'admin-settings');

    const gmail = await (await newContext(suite.browser, suite.mt.url)).newPage();
    await gmail.goto(`${suite.mt.url}/app/gmail?as=bob@acme.test`);
    await gmail.getByRole('button', { name: 'Compose' }).click();
    await gmail.getByLabel('To', { exact: true }).fill('hank.scorpio@globex.test');
    await gmail.getByRole('button', { name: 'Open mailtrail in this draft' }).click();
    const sidebar = gmail.getByRole('complementary', { name: 'mailtrail add-on' });
    await sidebar.getByText('Your admin chooses the records emails are logged to:').waitFor();
    await sidebar.getByText('Set by your admin').first().waitFor();
    // The log switch is not one the user can turn off.
    expect(await sidebar.getByRole('switch', { name: /Log to the CRM/ }).count()).toBe(0);
    await shot(gmail, 'compose-locked');

    // Back to the defaults, for the other tests.
    await admin.getByLabel(/Enforce for all users \(S1\)/).uncheck();
    await admin.getByLabel('Their companies').check();
    await admin.getByLabel('Their open deals').check();
    await admin.getByLabel('Enforce for all users (S2)').uncheck();
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByText('Settings saved').waitFor();
  });

  it('logs a received email from the message view and creates its sender as a contact', async () => {
    const gmail = await (await newContext(suite.browser, suite.mt.url)).newPage();
    await gmail.goto(`${suite.mt.url}/app/gmail?as=ada@acme.test`);
    await gmail.getByRole('row', { name: /Northwind is looking for a CRM/ }).click();
    const sidebar = gmail.getByRole('complementary', { name: 'mailtrail add-on' });
    await sidebar.getByText('Not in the CRM').first().waitFor();
    await sidebar.getByRole('checkbox', { name: /nina@northwind\.test/ }).check();
    await sidebar.getByRole('button', { name: 'Log this email' }).click();
    await gmail.getByText('Logged in the CRM.').first().waitFor();
    await shot(gmail, 'message-logged');

    const nina = await contactId('nina@northwind.test');
    const web = await (await newContext(suite.browser, suite.mt.url)).newPage();
    await signIn(web, 'ada@acme.test');
    await web.goto(`${suite.mt.url}/app/contacts?q=nina`);
    await web.getByRole('link', { name: /Nina/ }).click();
    await web.waitForURL(new RegExp(`/app/contacts/${nina}$`));
    await web.getByText('Introduction: Northwind is looking for a CRM').waitFor();
    const [download] = await Promise.all([
      web.waitForEvent('download'),
      web.getByRole('link', { name: 'northwind-requirements.txt' }).click(),
    ]);
    expect(readFileSync((await download.path())!, 'utf8')).toBe(
      'Must have: Gmail, self-hosted, HubSpot-compatible API.\n',
    );
    await shot(web, 'received-logged');
  });

  // The README's walk ("Run it locally", steps 1 to 3), literally and at a person's pace.
  it('tracks and logs an email end to end: compose, Apply, Send, open as the recipient, live feed, deal timeline', async () => {
    // The sender's web app, open on the live feed.
    const web = await (await newContext(suite.browser, suite.mt.url)).newPage();
    await signIn(web, 'ada@acme.test');
    await web.locator('[data-live="on"]').waitFor();

    const gmail = await (await newContext(suite.browser, suite.mt.url)).newPage();
    await gmail.goto(`${suite.mt.url}/app/gmail?as=ada@acme.test`);
    await gmail.getByRole('button', { name: 'Compose' }).click();
    await gmail.getByLabel('To', { exact: true }).fill('hank.scorpio@globex.test');
    await gmail.getByLabel('Subject').fill('Rollout plan for the 50 seats');
    await gmail.getByLabel('Message Body').click();
    await gmail.keyboard.type('Hi Hank, here is the rollout plan.');
    // With no panel open, the compose window sits bottom-right, as Gmail's does.
    const alone = (await gmail.getByRole('dialog', { name: 'New Message' }).boundingBox())!;
    expect(gmail.viewportSize()!.width - (alone.x + alone.width)).toBeLessThan(alone.width / 4);
    await gmail.getByRole('button', { name: 'Open mailtrail in this draft' }).click();
    const sidebar = gmail.getByRole('complementary', { name: 'mailtrail add-on' });
    await sidebar.getByText('Log to these records').first().waitFor();
    expect(await sidebar.getByRole('switch', { name: /Track opens and clicks/ }).isChecked()).toBe(true);
    expect(await sidebar.getByRole('switch', { name: /Log to the CRM/ }).isChecked()).toBe(true);
    // Pick one deal: untick the other.
    await sidebar.getByRole('checkbox', { name: /Deal: Globex – safety module/ }).uncheck();
    expect(await sidebar.getByRole('checkbox', { name: /Deal: Globex – 50 seats/ }).isChecked()).toBe(true);
    await sidebar.getByRole('button', { name: 'Apply' }).click();
    // The draft now carries the logging Bcc and the pixel.
    // The add-on runs in the server's Apps Script emulator: on a busy machine Apply takes a few seconds.
    await expect.poll(() => gmail.getByLabel('Bcc').inputValue(), { timeout: 15_000 }).toMatch(/log\+[A-Za-z0-9_-]+@/);
    await expect.poll(() => gmail.locator('.compose-body img[src*="/t/o/"]').count(), { timeout: 15_000 }).toBe(1);
    await shot(gmail, 'compose-applied');
    // Gmail's controls and layout: switches drawn as switches; the compose window bottom-right, beside the open
    // panel; the inbox's date column whole while the panel takes its room.
    const trackSwitch = sidebar.getByRole('switch', { name: /Track opens and clicks/ });
    expect(await trackSwitch.evaluate((el) => getComputedStyle(el).appearance)).toBe('none');
    const composeBox = (await gmail.getByRole('dialog', { name: 'New Message' }).boundingBox())!;
    const panelBox = (await sidebar.boundingBox())!;
    expect(composeBox.x + composeBox.width).toBeLessThanOrEqual(panelBox.x);
    expect(panelBox.x - (composeBox.x + composeBox.width)).toBeLessThan(composeBox.width / 4);
    const main = (await gmail.locator('.gmail-main').boundingBox())!;
    for (const cell of await gmail.locator('.gmail-row .when').all()) {
      const box = (await cell.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(main.x + main.width);
      expect(await cell.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    }
    await gmail.getByRole('button', { name: 'Send' }).click();
    await gmail.getByText('Message sent').waitFor();

    // Step 3: "Switch to Hank's mailbox and open the email". A person reads the confirmation and switches mailbox:
    // a few seconds, not the test's few milliseconds.
    await gmail.waitForTimeout(PERSON_PACE_MS);
    await gmail.getByLabel('Mailbox').selectOption('hank.scorpio@globex.test');
    await gmail.getByRole('row', { name: /Rollout plan for the 50 seats/ }).click();
    await gmail.getByRole('heading', { name: 'Rollout plan for the 50 seats' }).waitFor();
    // Hank is not a mailtrail user: his Gmail has no add-on (no icon, no sidebar, no error card).
    expect(await gmail.getByRole('button', { name: 'Open mailtrail' }).count()).toBe(0);
    expect(await gmail.getByRole('complementary', { name: 'mailtrail add-on' }).count()).toBe(0);
    await shot(gmail, 'recipient-open');

    // "Ada's feed shows the open live": it arrives without reloading.
    const opened = web.locator('.feed-item[data-kind="opened"]', { hasText: 'Rollout plan for the 50 seats' });
    await opened.waitFor({ timeout: 15_000 });
    // With why, in words: Gmail's proxy fetches when the reader opens (seconds after Send, also "or your own Sent view").
    const told = await opened.innerText();
    console.log(`the walk's open in Ada's feed: ${told.replace(/\s+/g, ' ')}`);
    expect(told).toMatch(/through Google's image proxy/);
    await shot(web, 'feed-open');

    // The deal's timeline shows the email: expand, pin, copy link.
    const deals = await crm<{ results: { id: string; properties: { dealname: string } }[] }>(
      suite.mt.url,
      suite.key,
      '/crm/v3/objects/deals?limit=100&properties=dealname',
    );
    const deal = deals.results.find((d) => d.properties.dealname === 'Globex – 50 seats')!;
    await web.goto(`${suite.mt.url}/app/deals/${deal.id}`);
    const card = web.locator('.email-card', { hasText: 'Rollout plan for the 50 seats' });
    await card.waitFor();
    // The timeline counts Hank's open as an open, not as a machine's.
    expect(await card.locator('.tracking').innerText()).toMatch(/^Opened 1×/);
    await card.getByRole('button', { name: 'Expand' }).click();
    const frame = (await (await card.locator('iframe.email-frame').elementHandle())!.contentFrame())!;
    await frame.getByText('here is the rollout plan').waitFor();
    await card.getByRole('button', { name: 'Pin' }).click();
    await web.locator('.email-card.pinned', { hasText: 'Rollout plan for the 50 seats' }).waitFor();
    await web.locator('.email-card.pinned').getByRole('button', { name: 'Copy link' }).click();
    await web.getByText('Link copied').waitFor();
    const link = await web.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(new RegExp(`^${suite.mt.url}/app/emails/\\d+$`));
    await web.goto(link);
    await web.locator('.email-card', { hasText: 'Rollout plan for the 50 seats' }).waitFor();
    await shot(web, 'deal-timeline');
  });
});
