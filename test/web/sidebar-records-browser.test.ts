import { describe, expect, it } from 'vitest';
import { chromiumAvailable, crm, newContext, mailtrailInBrowser } from './harness';

// The compose sidebar's "Other records" (P1) in the emulated Gmail, in Chromium against `mailtrail start` with its
// demo CRM: Ada writes to Hank at Globex, finds Umbrella's deal, creates a deal, applies and sends; the email is
// logged to both deals and to Hank's.
describe.skipIf(!chromiumAvailable())('the compose sidebar reaches any record, in the emulated Gmail', () => {
  const suite = mailtrailInBrowser();

  it('finds a deal that is not the recipient’s, creates one, and the sent email is logged to both', async () => {
    const gmail = await (await newContext(suite.browser, suite.mt.url)).newPage();
    await gmail.goto(`${suite.mt.url}/app/gmail?as=ada@acme.test`);
    await gmail.getByRole('button', { name: 'Compose' }).click();
    await gmail.getByLabel('To', { exact: true }).fill('hank.scorpio@globex.test');
    await gmail.getByLabel('Subject').fill('Two deals, one email');
    await gmail.getByLabel('Message Body').click();
    await gmail.keyboard.type('Hi Hank, Umbrella wants the same.');
    await gmail.getByRole('button', { name: 'Open mailtrail in this draft' }).click();
    const sidebar = gmail.getByRole('complementary', { name: 'mailtrail add-on' });
    await sidebar.getByText('Other records').waitFor();

    await sidebar.getByLabel('Name, email or domain').fill('umbrella.test');
    await sidebar.getByRole('button', { name: 'Search' }).click();
    const found = sidebar.getByRole('checkbox', { name: /Deal: Umbrella pilot/ });
    await found.waitFor({ timeout: 15_000 });
    expect(await found.isChecked()).toBe(false);
    await found.check();

    const newDeal = sidebar.locator('section.card-section', { hasText: 'New deal' });
    await newDeal.getByRole('button', { name: 'Show more' }).click();
    await newDeal.getByLabel('Deal name').fill('Globex – Umbrella referral');
    await newDeal.getByLabel('Stage').selectOption({ label: 'Qualified To Buy' });
    await newDeal.getByLabel('Amount (optional)').fill('7500');
    await newDeal.getByRole('button', { name: 'Create deal' }).click();
    const created = sidebar.getByRole('checkbox', { name: /Deal: Globex – Umbrella referral/ });
    await created.waitFor({ timeout: 15_000 });
    expect(await created.isChecked()).toBe(true);
    // The found deal is now among the records to log to, still ticked.
    expect(await sidebar.getByRole('checkbox', { name: /Deal: Umbrella pilot/ }).isChecked()).toBe(true);
    expect(await sidebar.getByRole('checkbox', { name: /Deal: Globex – 50 seats/ }).isChecked()).toBe(true);

    await sidebar.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => gmail.getByLabel('Bcc').inputValue(), { timeout: 15_000 }).toMatch(/log\+[A-Za-z0-9_-]+@/);
    await gmail.getByRole('button', { name: 'Send' }).click();
    await gmail.getByText('Message sent').waitFor();

    type Search = { results: { id: string; properties: Record<string, string> }[] };
    const byName = async (dealname: string) =>
      (
        await crm<Search>(suite.mt.url, suite.key, '/crm/v3/objects/deals/search', {
          filterGroups: [{ filters: [{ propertyName: 'dealname', operator: 'EQ', value: dealname }] }],
        })
      ).results[0].id;
    // Globex's two deals are Hank's defaults; Umbrella's was found, the referral created.
    const ids: string[] = [];
    for (const name of ['Umbrella pilot', 'Globex – Umbrella referral', 'Globex – 50 seats', 'Globex – safety module'])
      ids.push(await byName(name));
    const emailDeals = async () => {
      const emails = await crm<Search>(suite.mt.url, suite.key, '/crm/v3/objects/emails/search', {
        filterGroups: [
          { filters: [{ propertyName: 'hs_email_subject', operator: 'EQ', value: 'Two deals, one email' }] },
        ],
      });
      if (!emails.results.length) return [];
      const links = await crm<{ results: { toObjectId: string | number }[] }>(
        suite.mt.url,
        suite.key,
        `/crm/v4/objects/emails/${emails.results[0].id}/associations/deals`,
      );
      return links.results.map((l) => String(l.toObjectId)).sort();
    };
    // The CRM API limits calls per suite.key (as HubSpot does): look every 2 s.
    await expect.poll(emailDeals, { timeout: 20_000, interval: 2000 }).toEqual(ids.sort());
  });
});
