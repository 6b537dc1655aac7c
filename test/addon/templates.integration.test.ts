// Templates and snippets from the compose sidebar (P2), end to end: the built bundle in the emulator, a real server
// in a child process. The card lists them with the compose context (no extra round trip); Insert is one round trip
// whose UpdateDraftActionResponse sets the subject and puts the body at the cursor; the email sent with it counts.
import nodemailer from 'nodemailer';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionParameters, cardOf, type Crm, type Harness, notificationOf, seedCrm, selectionOf, startHarness, widgetsOf } from './harness';

let h: Harness;
let crm: Crm;
let intro: string;
let snippet: string;

beforeAll(async () => {
  h = await startHarness();
  crm = await seedCrm(h);
  const ada = h.account.admin.id;
  intro = String(
    (
      await h.scope.templates.create(ada, {
        kind: 'template',
        name: 'Intro',
        subject: 'Hello {{contact.firstname | "there"}}',
        body: 'Hi {{contact.firstname | "there"}},\nour offer for {{deal.dealname | "your project"}}.',
        shared: true,
      })
    ).id,
  );
  snippet = String(
    (await h.scope.templates.create(ada, { kind: 'snippet', name: 'Sign-off', subject: null, body: 'Best, {{sender.firstname}}', shared: true }))
      .id,
  );
});
afterAll(async () => h?.close());

const paragraphs = (card: any): string[] => widgetsOf(card).flatMap((w: any) => (w.textParagraph ? [w.textParagraph.text] : []));

describe('Insert template', () => {
  it("sets the subject and inserts the body at the cursor with the recipient's first name, in one round trip", async () => {
    const addon = h.addon();
    const draft = addon.openDraft({ to: ['Grace Hopper <grace@engines.example>'], subject: 'draft' });
    draft.type('<p>');
    const card = cardOf(addon.compose());
    expect(addon.fetches).toHaveLength(1);
    // Most recently used first; none is used yet, so the newest.
    expect(selectionOf(card, 'template')).toEqual({ [snippet]: true, [intro]: false });
    expect(paragraphs(card).join(' ')).not.toMatch(/fallbacks/);

    addon.action('onInsertTemplate', { parameters: actionParameters(card, 'onInsertTemplate'), formInputs: { template: intro } });
    expect(addon.fetches).toHaveLength(1);
    expect(draft.subject).toBe('Hello Grace');
    expect(draft.body).toBe('<p>Hi Grace,<br>our offer for Compiler licence.');

    // A snippet goes where the cursor is and leaves the subject alone.
    addon.action('onInsertTemplate', { parameters: actionParameters(card, 'onInsertTemplate'), formInputs: { template: snippet } });
    expect(draft.subject).toBe('Hello Grace');
    expect(draft.body).toBe('<p>Hi Grace,<br>our offer for Compiler licence.Best, Sam');
  });

  it('with several recipients says the fields use their fallbacks, and uses them', () => {
    const addon = h.addon();
    const draft = addon.openDraft({ to: ['grace@engines.example', 'ceo@engines.example'] });
    const card = cardOf(addon.compose());
    expect(paragraphs(card)).toContain('Several recipients: contact, company and deal fields use their fallbacks, since one email cannot name each of them.');
    addon.action('onInsertTemplate', { parameters: actionParameters(card, 'onInsertTemplate'), formInputs: { template: intro } });
    expect(draft.subject).toBe('Hello there');
    expect(draft.body).toBe('Hi there,<br>our offer for your project.');
  });

  it('says so in French, and refuses a template deleted since the card was shown without touching the draft', async () => {
    const addon = h.addon({ locale: 'fr-FR' });
    const gone = await h.scope.templates.create(h.account.admin.id, { kind: 'snippet', name: 'Old', subject: null, body: 'x', shared: true });
    const draft = addon.openDraft({ to: ['grace@engines.example', 'ceo@engines.example'], subject: 'Avant' });
    const card = cardOf(addon.compose());
    expect(paragraphs(card).join(' ')).toMatch(/Plusieurs destinataires : les champs contact, entreprise et transaction prennent leur valeur de repli/);
    await h.scope.templates.remove(gone.id);
    const response = addon.action('onInsertTemplate', { parameters: actionParameters(card, 'onInsertTemplate'), formInputs: { template: String(gone.id) } });
    expect(notificationOf(response)).toMatch(/There is no template \d+ of yours or shared with your account/);
    expect(draft.subject).toBe('Avant');
    expect(draft.body).toBe('');
  });

  it('counts the email the template went into once it is sent', async () => {
    const addon = h.addon();
    const draft = addon.openDraft({ to: ['grace@engines.example'] });
    const card = cardOf(addon.compose());
    addon.action('onInsertTemplate', { parameters: actionParameters(card, 'onInsertTemplate'), formInputs: { template: intro } });
    addon.action('onApply', { parameters: actionParameters(card, 'onApply'), formInputs: { track: 'on', log: 'on', associations: [`deal:${crm.deal}`] } });
    const logging = draft.bcc.find((a) => a.startsWith('log+'))!;

    const { wire } = await draft.send('sam@acme.test');
    const copy = await simpleParser(wire);
    expect(copy.subject).toBe('Hello Grace');
    expect(copy.html).toContain('Hi Grace,<br>our offer for Compiler licence.');
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: h.smtpPort, secure: false, ignoreTLS: true });
    await smtp.sendMail({ envelope: { from: 'sam@acme.test', to: [logging] }, raw: wire });

    const stats = (await h.scope.templates.stats([Number(intro)])).get(Number(intro))!;
    expect(stats).toMatchObject({ inserted: 3, sent: 1, tracked: 1 });
  });
});
