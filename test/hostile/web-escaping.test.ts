// Script and SQL payloads in the names and fields of contacts, companies and deals reach the web app as text (issue
// 8): in Chromium, on the record lists, the record pages and their associated records, nothing runs and no element
// is made of them. Logged email HTML and subjects are test/web/web-app.test.ts; this covers the records themselves.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccount } from '../helpers/accounts';
import { client, type Client } from '../helpers/http';
import { startServer, type InProcessServer } from '../helpers/server';
import { chromiumAvailable, launchBrowser, newContext, SCREENSHOTS } from '../web/harness';
import { SCRIPT_PAYLOADS, SQL_PAYLOADS } from './payloads';
import { webSession } from '../helpers/web-session';

const assoc = (id: string, typeId: number) => ({
  to: { id },
  types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }],
});

describe.skipIf(!chromiumAvailable())('payloads in records shown by the web app', () => {
  let server: InProcessServer;
  let browser: Browser;
  let crm: Client;
  let cookie: string;
  const ids = { contacts: '', companies: '', deals: '' };
  // One name per type, mixing the script payloads with an SQL one; each is also a search term.
  const names = {
    contacts: `${SCRIPT_PAYLOADS[1]} ${SQL_PAYLOADS[0]}`,
    companies: `${SCRIPT_PAYLOADS[0]} ${SCRIPT_PAYLOADS[3]}`,
    deals: `${SCRIPT_PAYLOADS[4]} ${SCRIPT_PAYLOADS[5]}`,
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startServer();
    const account = await createTestAccount(server.store);
    crm = client(server.url, account.apiKey);
    const company = await crm.post('/crm/v3/objects/companies', {
      properties: {
        name: names.companies,
        domain: 'payload.test',
        industry: SCRIPT_PAYLOADS[2],
        city: SQL_PAYLOADS[1],
      },
    });
    const contact = await crm.post('/crm/v3/objects/contacts', {
      properties: {
        email: 'payload@payload.test',
        firstname: names.contacts,
        lastname: '',
        jobtitle: SCRIPT_PAYLOADS[0],
        phone: SCRIPT_PAYLOADS[2],
      },
      associations: [assoc(company.body.id, 279)],
    });
    const deal = await crm.post('/crm/v3/objects/deals', {
      properties: { dealname: names.deals, amount: '100' },
      associations: [assoc(contact.body.id, 3), assoc(company.body.id, 341)],
    });
    for (const created of [company, contact, deal]) expect(created.status, created.text).toBe(201);
    Object.assign(ids, { contacts: contact.body.id, companies: company.body.id, deals: deal.body.id });
    cookie = await webSession(server.url, account.admin.id);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function page(): Promise<Page> {
    const context = await newContext(browser, server.url);
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name, value, url: server.url }]);
    return context.newPage();
  }

  /** Nothing ran, and nothing in the page was made from a payload. */
  async function expectInert(p: Page, where: string) {
    expect(await p.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), where).toBeUndefined();
    const made = await p.evaluate(
      () =>
        document.querySelectorAll(
          'main script, body script:not([src]), [onerror], [onload], [onmouseover], a[href^="javascript:"]',
        ).length,
    );
    expect(made, where).toBe(0);
  }

  for (const type of ['contacts', 'companies', 'deals'] as const) {
    it(`${type}: the list and the record page show the payloads as text`, async () => {
      const p = await page();
      await p.goto(`${server.url}/app/${type}`);
      await p.getByText(names[type], { exact: false }).first().waitFor();
      await expectInert(p, `${type} list`);

      await p.goto(`${server.url}/app/${type}/${ids[type]}`);
      await p.getByRole('heading', { name: names[type] }).waitFor();
      // The associated records' names, in the side column, are text too.
      for (const other of (['contacts', 'companies', 'deals'] as const).filter((t) => t !== type)) {
        await p.getByRole('link', { name: names[other] }).first().waitFor();
      }
      await expectInert(p, `${type} record page`);
      await p.screenshot({ path: join(SCREENSHOTS, `hostile-${type}.png`), fullPage: true });
    });
  }

  it('the contact fields shown on its page are text, a javascript: value is not a link', async () => {
    const p = await page();
    await p.goto(`${server.url}/app/contacts/${ids.contacts}`);
    await p.getByText(SCRIPT_PAYLOADS[0], { exact: true }).waitFor();
    await p.getByText(SCRIPT_PAYLOADS[2], { exact: true }).waitFor();
    await expectInert(p, 'contact fields');
  });
});
