import nodemailer from 'nodemailer';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ComposeIntentResponse } from '../../src/contract/addon';
import { signIdentityToken } from '../../src/emulator';
import { intentRequest } from '../helpers/intents';
import { chromiumAvailable, crm, newContext, SCREENSHOTS, mailtrailInBrowser } from './harness';

// The web app in French (issue 14, item 10), in Chromium against `mailtrail start`: a user who picks French reads
// the feed, a live notification, a not-logged reason, a record page, the admin page and a refusal in French; a
// French browser gets French from the sign-in page on.

/** How long after the email arrives its reader opens it, at the least (docs/labels.md). */
const READER_PACE_MS = 6000;

describe.skipIf(!chromiumAvailable())('the web app in French', () => {
  const suite = mailtrailInBrowser();

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `web-fr-${name}.png`), fullPage: true });
  const adaToken = () => signIdentityToken({ email: 'ada@acme.test', now: Date.now(), withEmail: true });

  async function sendCopy(mail: { from: string; to: string; bcc: string; subject: string; html: string }) {
    const smtp = nodemailer.createTransport({
      host: '127.0.0.1',
      port: suite.mt.smtpPort,
      secure: false,
      ignoreTLS: true,
    });
    await smtp.sendMail(mail);
    smtp.close();
  }

  async function feedKinds(subject: string): Promise<string[]> {
    const res = await fetch(`${suite.mt.url}/addon/v1/feed?limit=50`, {
      headers: { authorization: `Bearer ${adaToken()}` },
    });
    return ((await res.json()) as { items: { kind: string; subject: string | null }[] }).items
      .filter((i) => i.subject === subject)
      .map((i) => i.kind);
  }

  it('switches to French from the nav, keeps it on the server, and says notifications, pages and refusals in it', async () => {
    // An English browser: the pick in the nav is what makes the app French, and the server keeps it.
    const page = await (await newContext(suite.browser, suite.mt.url, 'en-US')).newPage();
    await page.goto(`${suite.mt.url}/app/`);
    await page.getByRole('button', { name: /Sign in as .*ada@acme\.test/ }).click();
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { name: 'Activité' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Activité' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.getByRole('link', { name: 'Transactions' }).waitFor();

    // A copy to her personal address sent from an address that is not hers: not logged, the reason in French.
    const personal = (await page.getByTestId('personal-address').locator('code').textContent())!;
    await sendCopy({
      from: 'Mallory <mallory@elsewhere.test>',
      to: 'hank.scorpio@globex.test',
      bcc: personal,
      subject: 'Pas de moi',
      html: '<p>Bonjour</p>',
    });
    await expect.poll(() => feedKinds('Pas de moi'), { timeout: 10_000 }).toEqual(['not_logged']);

    // A tracked email, opened by its reader at a person's pace: the open reaches the open page live, in French.
    const res = await fetch(`${suite.mt.url}/addon/v1/compose/intents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adaToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify(
        intentRequest({ log: false, recipients: { to: ['hank.scorpio@globex.test'], cc: [], bcc: [] } }),
      ),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const intent = (await res.json()) as ComposeIntentResponse;
    await sendCopy({
      from: 'Ada Lovelace <ada@acme.test>',
      to: 'hank.scorpio@globex.test',
      bcc: intent.bccAddress!,
      subject: 'Proposition Globex',
      html: `<p>Bonjour Hank</p><img src="${intent.pixelUrl}">`,
    });
    await expect.poll(() => feedKinds('Proposition Globex'), { timeout: 10_000 }).toEqual(['sent']);
    await page.reload();
    await page.locator('.feed-item[data-kind="sent"]', { hasText: 'Proposition Globex' }).waitFor();
    await page.locator('[data-live="on"]').waitFor();
    await new Promise((r) => setTimeout(r, READER_PACE_MS));
    const chrome =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
    await fetch(intent.pixelUrl!, { headers: { 'user-agent': chrome } });
    await page.locator('.toast', { hasText: /a ouvert « Proposition Globex »/ }).waitFor();
    const opened = page.locator('.feed-item[data-kind="opened"]', { hasText: 'Proposition Globex' });
    expect(await opened.locator('.kind').textContent()).toBe('Ouvert');

    const refused = page.locator('.feed-item[data-kind="not_logged"]', { hasText: 'Pas de moi' });
    expect(await refused.locator('.kind').textContent()).toBe('Non consigné');
    expect(await refused.innerText()).toMatch(
      /il a été envoyé depuis mallory@elsewhere\.test, qui n'est ni ada@acme\.test/,
    );
    await shot(page, 'feed');

    // A record page: the property names, the amount as French writes it, the timeline.
    const deals = await crm<{ results: { id: string }[] }>(suite.mt.url, suite.key, '/crm/v3/objects/deals/search', {
      filterGroups: [{ filters: [{ propertyName: 'dealname', operator: 'EQ', value: 'Globex – 50 seats' }] }],
    });
    await page.goto(`${suite.mt.url}/app/deals/${deals.results[0].id}`);
    await page.getByRole('heading', { name: 'E-mails' }).waitFor();
    expect(await page.locator('dt').allTextContents()).toEqual(
      expect.arrayContaining(['Propriétaire', 'Étape', 'Montant', 'Date de clôture']),
    );
    const amount = page.locator('dt', { hasText: 'Montant' }).locator('xpath=following-sibling::dd[1]');
    expect(await amount.textContent()).toMatch(/^24\s000,00\s/);
    await page.getByRole('button', { name: 'Supprimer' }).first().waitFor();
    await shot(page, 'record');

    // The admin page.
    await page.getByRole('link', { name: 'Paramètres' }).click();
    await page.getByRole('heading', { name: 'Paramètres du compte' }).waitFor();
    await page.getByLabel('Consigner chaque e-mail par défaut').waitFor();
    await page.getByRole('button', { name: 'Enregistrer les paramètres' }).waitFor();
    await page.getByRole('heading', { name: 'Clés d’API' }).waitFor();
    await shot(page, 'admin');

    // A refusal of the server, as the page shows it.
    await page.goto(`${suite.mt.url}/app/deals/999999`);
    await page
      .locator('p.error', { hasText: "Il n'y a pas de fiche 999999 parmi les transactions de ce compte." })
      .waitFor();

    // Back to English: the pick is the user's, not the browser's.
    await page.goto(`${suite.mt.url}/app/feed`);
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
  });

  it('speaks French to a French suite.browser from the sign-in page on, without a pick', async () => {
    const page = await (await newContext(suite.browser, suite.mt.url, 'fr-FR')).newPage();
    await page.goto(`${suite.mt.url}/app/`);
    await page.getByRole('heading', { name: 'Connexion de développement' }).waitFor();
    await page.getByRole('button', { name: /Se connecter en tant que .*bob@acme\.test/ }).click();
    await page.getByRole('heading', { name: 'Activité' }).waitFor();
    await page.getByRole('link', { name: 'Tableau de bord' }).click();
    await page.getByRole('button', { name: '30 derniers jours' }).waitFor();
    // Bob is no super admin: the server refuses him the account settings, in French.
    const answer = await page.evaluate(async () => {
      const res = await fetch('/web/v1/admin/settings', { headers: { 'accept-language': 'fr' } });
      return { status: res.status, body: (await res.json()) as { message: string } };
    });
    expect(answer).toMatchObject({
      status: 403,
      body: { message: 'Seuls les super administrateurs peuvent modifier les paramètres du compte.' },
    });
  });
});
