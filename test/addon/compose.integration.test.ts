// The compose sidebar, end to end: the built bundle in the emulator, a real server on a temporary SQLite file.
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionParameters,
  cardOf,
  type Crm,
  draftUpdateOf,
  type Harness,
  headingsOf,
  notificationOf,
  rowLabelled,
  seedCrm,
  selectionOf,
  startHarness,
  switchOf,
  widgetsOf,
} from './harness';

let h: Harness;
let crm: Crm;

beforeAll(async () => {
  h = await startHarness();
  crm = await seedCrm(h);
});
afterAll(async () => h?.close());

const intents = () => h.scope.intents;

describe('compose to a known contact, Track and Log on, Apply', () => {
  it('shows the contact, pre-selects the defaults, and Apply adds the Bcc and the pixel; the intent is stored', async () => {
    const addon = h.addon();
    const draft = { to: 'grace@engines.example', bcc: 'boss@acme.test' };

    const card = cardOf(addon.compose(draft));
    expect(addon.fetches).toHaveLength(1);
    expect(rowLabelled(card, 'Contact')).toMatchObject({ text: 'Grace Hopper', bottomLabel: expect.stringContaining('Analytical Engines') });
    expect(switchOf(card, 'track')).toBe(true);
    expect(switchOf(card, 'log')).toBe(true);
    // A new account's defaults: contacts, companies and open deals; the closed deal is not offered.
    expect(selectionOf(card, 'associations')).toEqual({ [`contact:${crm.grace}`]: true, [`company:${crm.engines}`]: true, [`deal:${crm.deal}`]: true });
    // Each heading once: the section says "Log to these records", its checkboxes do not say it again.
    const headings = headingsOf(card);
    expect(headings.filter((t) => t === 'Log to these records')).toHaveLength(1);
    expect(new Set(headings).size).toBe(headings.length);

    const apply = actionParameters(card, 'onApply');
    const response = addon.action('onApply', {
      parameters: apply,
      formInputs: { track: 'on', log: 'on', associations: [`contact:${crm.grace}`, `deal:${crm.deal}`] },
    });
    expect(addon.fetches).toHaveLength(1);
    const update = draftUpdateOf(response);
    const logSecret = /^log\+(.+)@/.exec(update.bcc![1])![1];
    const intent = await intents().byLogSecret(logSecret);
    expect(intent).toBeDefined();
    // The Bcc holds the log secret; the pixel, which recipients see, holds another value.
    expect(intent!.token).not.toBe(logSecret);
    expect(update.bcc).toEqual(['boss@acme.test', `log+${intent!.logSecret}@${h.account.bccDomain}`]);
    expect(update.type).toBe('INSERT_AT_END');
    expect(update.inserted).toEqual([
      { content: `<img src="${h.server.url}/t/o/${intent!.token}.gif" width="1" height="1" alt="">`, contentType: 'IMMUTABLE_HTML' },
    ]);
    expect(intent).toMatchObject({
      userId: h.account.users['sam@acme.test'].id,
      track: true,
      log: true,
      // Boss is a reader too: one pixel cannot tell two readers apart (T7).
      mode: 'anonymous',
      associations: [
        { type: 'contact', id: String(crm.grace) },
        { type: 'deal', id: String(crm.deal) },
      ],
      recipients: { to: ['grace@engines.example'], cc: [], bcc: ['boss@acme.test'] },
    });
  });

  it('applying twice adds neither a second pixel nor a second Bcc, and updates the same intent', async () => {
    const addon = h.addon();
    const draft = { to: 'grace@engines.example' };
    const apply = actionParameters(cardOf(addon.compose(draft)), 'onApply');
    const first = draftUpdateOf(addon.action('onApply', { parameters: apply, formInputs: { track: 'on', log: 'on' } }));
    expect(first.inserted).toHaveLength(1);
    expect(first.bcc).toHaveLength(1);

    // Gmail now has the logging address in the draft's Bcc; the user changes their mind about Log and applies again.
    expect(addon.draft?.bcc).toEqual(first.bcc);
    const second = addon.action('onApply', { parameters: apply, formInputs: { track: 'on' } });
    const again = draftUpdateOf(second);
    expect(again.bcc).toEqual(first.bcc);
    expect(again.inserted).toBeUndefined();
    const token = /^log\+(.+)@/.exec(first.bcc![0])![1];
    expect(await intents().byLogSecret(token)).toMatchObject({ track: true, log: false, mode: 'identified', attributedTo: { address: 'grace@engines.example', contactId: crm.grace } });
  });

  it('re-opening the same draft costs no round trip; Apply forgets the cached context', async () => {
    const addon = h.addon();
    const draft = { to: 'grace@engines.example', cc: 'someone@else.example' };
    const card = cardOf(addon.compose(draft));
    expect(addon.fetches).toHaveLength(1);
    cardOf(addon.compose({ cc: 'Someone@Else.example', to: 'grace@engines.example' }));
    expect(addon.fetches).toHaveLength(0);

    addon.action('onApply', { parameters: actionParameters(card, 'onApply'), formInputs: { track: 'on', log: 'on' } });
    expect(addon.fetches).toHaveLength(1);
    const reopened = addon.compose(draft);
    expect(addon.fetches).toHaveLength(1);

    // Refresh asks again even when the context is cached.
    addon.compose(draft);
    expect(addon.fetches).toHaveLength(0);
    addon.action('onRetry', { parameters: actionParameters(cardOf(reopened), 'onRetry') });
    expect(addon.fetches).toHaveLength(1);
  });

  it("remembers the user's last Track and Log choices for the next draft", () => {
    const addon = h.addon();
    const draft = { to: 'grace@engines.example' };
    const card = cardOf(addon.compose(draft));
    addon.action('onApply', { parameters: actionParameters(card, 'onApply'), formInputs: { log: 'on' } });
    const next = cardOf(addon.compose({ to: 'someone.new@else.example' }));
    expect(switchOf(next, 'track')).toBe(false);
    expect(switchOf(next, 'log')).toBe(true);
  });

  it('inserts a tracked link at the cursor once the draft is applied', async () => {
    const addon = h.addon();
    const draft = { to: 'grace@engines.example' };
    const card = cardOf(addon.compose(draft));
    const link = actionParameters(card, 'onInsertLink');

    const early = addon.action('onInsertLink', { parameters: link, formInputs: { linkUrl: 'engines.example/pricing', linkText: 'our prices' } });
    expect(addon.fetches).toHaveLength(0);
    expect(notificationOf(early)).toMatch(/Click Apply first/);

    const { bcc } = draftUpdateOf(addon.action('onApply', { parameters: actionParameters(card, 'onApply'), formInputs: { track: 'on', log: 'on' } }));
    const inserted = addon.action('onInsertLink', { parameters: link, formInputs: { linkUrl: 'engines.example/pricing', linkText: 'our prices' } });
    expect(addon.fetches).toHaveLength(1);
    const update = draftUpdateOf(inserted);
    expect(update.type).toBe('IN_PLACE_INSERT');
    const anchor = /^<a href="([^"]+)">our prices<\/a>$/.exec(update.inserted![0].content);
    expect(anchor?.[1]).toMatch(new RegExp(`^${h.server.url}/t/c/[A-Za-z0-9_-]{22,}$`));
    const token = /^log\+(.+)@/.exec(bcc![0])![1];
    const intent = await intents().byLogSecret(token);
    expect(await intents().links(intent!.id)).toMatchObject([{ url: 'https://engines.example/pricing', text: 'our prices' }]);
  });
});

describe('Send', () => {
  it("sends the body Apply and Insert link changed: the recipients' copy carries the pixel and the tracked link, and the Bcc copy is logged", async () => {
    const addon = h.addon();
    const draft = addon.openDraft({ to: ['grace@engines.example'], subject: 'Your licence' });
    draft.type('<p>Hello Grace, here are </p>');
    const card = cardOf(addon.compose());
    addon.action('onInsertLink', { parameters: actionParameters(card, 'onInsertLink'), formInputs: { linkUrl: 'engines.example/pricing', linkText: 'x' } });
    addon.action('onApply', { parameters: actionParameters(card, 'onApply'), formInputs: { track: 'on', log: 'on' } });
    addon.action('onInsertLink', { parameters: actionParameters(card, 'onInsertLink'), formInputs: { linkUrl: 'engines.example/pricing', linkText: 'our prices' } });
    const logging = draft.bcc.find((a) => a.startsWith('log+'))!;

    const { wire } = await draft.send('sam@acme.test');
    const copy = await simpleParser(wire);
    const token = new RegExp(`<img src="${h.server.url}/t/o/([A-Za-z0-9_-]{22,})\\.gif"`).exec(String(copy.html))?.[1];
    expect(token).toBeDefined();
    // What the recipients see is the pixel, never the logging address's secret.
    expect(logging).not.toContain(token);
    expect(copy.html).toMatch(new RegExp(`<a href="${h.server.url}/t/c/[A-Za-z0-9_-]{22,}">our prices</a>`));
    expect(copy.bcc).toBeUndefined();

    // Gmail delivers the same message to the logging address: the server logs it.
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: h.smtpPort, secure: false, ignoreTLS: true });
    await smtp.sendMail({ envelope: { from: 'sam@acme.test', to: [logging] }, raw: wire });
    const intent = await intents().byToken(token!);
    let logged;
    for (let i = 0; i < 100 && !(logged = await h.scope.loggedEmails.byMessageId(copy.messageId!)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(logged).toMatchObject({ userId: intent!.userId });
  });
});

describe('unknown recipients and never-log', () => {
  it('shows an unknown address with "create contact" and a never-logged one as such; the intent carries both facts', async () => {
    const addon = h.addon({ user: 'sam@acme.test' });
    // The user's own never-log list, kept in their user properties by the settings card.
    const settings = cardOf(addon.universal('onSettings'));
    addon.action('onAddNeverLog', { parameters: actionParameters(settings, 'onAddNeverLog'), formInputs: { neverLogEntry: '@private.example' } });

    const draft = { to: 'new.prospect@startup.example', cc: 'ceo@private.example' };
    const card = cardOf(addon.compose(draft));
    expect(rowLabelled(card, 'Not in the CRM')).toMatchObject({ text: 'new.prospect@startup.example' });
    expect(rowLabelled(card, 'Never logged')).toMatchObject({ text: 'ceo@private.example', bottomLabel: '@private.example is on your never-log list' });
    expect(selectionOf(card, 'createContacts')).toEqual({ 'new.prospect@startup.example': false });

    const response = addon.action('onApply', {
      parameters: actionParameters(card, 'onApply'),
      formInputs: { track: 'on', log: 'on', createContacts: ['new.prospect@startup.example'] },
    });
    const token = /^log\+(.+)@/.exec(draftUpdateOf(response).bcc![0])![1];
    expect(await intents().byLogSecret(token)).toMatchObject({ createContacts: ['new.prospect@startup.example'], neverLog: ['@private.example'], log: true });
  });

  it('refuses, and registers nothing, when asked to create a contact for someone not on the email', async () => {
    const addon = h.addon();
    const draft = { to: 'new.prospect@startup.example' };
    const card = cardOf(addon.compose(draft));
    const response = addon.action('onApply', { parameters: actionParameters(card, 'onApply'), formInputs: { track: 'on', createContacts: ['stranger@else.example'] } });
    expect(notificationOf(response)).toMatch(/refused the request: Only recipients of the email can be made contacts; stranger@else\.example is not one\. Nothing was registered\. Nothing was added to your email\./);
    expect(draftUpdateOf(response).bcc).toBeUndefined();
  });
});

describe('privacy mode', () => {
  it('greys Track out, with the reason, when no recipient has a legal basis', async () => {
    const noBasis = await h.records.create('contacts', { properties: { email: 'linus@kernel.example', firstname: 'Linus' } });
    await h.scope.account.updateSettings({ privacyMode: true });
    try {
      const addon = h.addon();
      const card = cardOf(addon.compose({ to: 'linus@kernel.example' }));
      expect(switchOf(card, 'track')).toBeUndefined();
      expect(rowLabelled(card, 'Track opens and clicks')).toMatchObject({
        text: 'Off',
        bottomLabel: 'Privacy mode is on and no recipient has a legal basis for processing: this email cannot be tracked.',
      });
      expect(rowLabelled(card, 'Contact')).toMatchObject({ bottomLabel: expect.stringContaining('Not tracked: no legal basis for processing') });

      // Even a hand-made Apply that asks for tracking gets no pixel: the mode is decided on the server.
      const response = addon.action('onApply', { parameters: { ...actionParameters(card, 'onApply'), track: '' }, formInputs: { track: 'on', log: 'on' } });
      expect(draftUpdateOf(response).inserted).toBeUndefined();
      expect(draftUpdateOf(response).bcc).toHaveLength(1);
      void noBasis;
    } finally {
      await h.scope.account.updateSettings({ privacyMode: false });
    }
  });
});

describe('failures', () => {
  it('an unreachable backend gives an error card with Retry, and Apply then adds nothing to the draft', () => {
    const addon = h.addon({ backendUrl: 'http://127.0.0.1:9' });
    const response = addon.compose({ to: 'grace@engines.example' });
    const text = JSON.stringify(response);
    expect(text).toContain('mailtrail could not be reached at 127.0.0.1:9');
    expect(actionParameters(cardOf(response), 'onRetry')).toEqual({ view: 'compose' });
    expect(text).not.toMatch(/at \w+ \(|Code\.js/);

    const apply = addon.action('onApply', {
      parameters: { draftKey: 'draftkey-failure', bccDomain: h.account.bccDomain, track: '', log: '', associationsFixed: '' },
      formInputs: { track: 'on', log: 'on' },
    });
    expect(notificationOf(apply)).toMatch(/could not be reached.*Nothing was added to your email\./);
    expect(draftUpdateOf(apply)).toEqual({ bcc: undefined, inserted: undefined, type: undefined });
  });

  it('speaks French to a French user', () => {
    const addon = h.addon({ locale: 'fr-FR' });
    const card = cardOf(addon.compose({ to: 'grace@engines.example' }));
    expect(card.header.title).toBe('Suivre et consigner');
    expect(card.fixedFooter.primaryButton.text).toBe('Appliquer');
  });
});

describe("the card says what Apply will do (Gmail's compose actions can only change the draft, not notify)", () => {
  const summaryOf = (card: any): string =>
    widgetsOf(card)
      .map((w) => w.textParagraph?.text as string | undefined)
      .filter((t): t is string => Boolean(t?.startsWith('Apply will')))
      .join();

  it('before any change, and again after each switch or tick, with no call to the backend', async () => {
    const addon = h.addon();
    const card = cardOf(addon.compose({ to: 'grace@engines.example' }));
    expect(summaryOf(card)).toBe('Apply will track opens and clicks and log this email to 3 records.');

    // The rep turns Track off and unticks the deal: the card is drawn again from the cached context.
    const changed = actionParameters(card, 'onComposeChanged');
    const after = cardOf(
      addon.action('onComposeChanged', {
        parameters: changed,
        formInputs: { log: 'on', associations: [`contact:${crm.grace}`, `company:${crm.engines}`] },
      }),
    );
    expect(addon.fetches).toHaveLength(0);
    expect(summaryOf(after)).toBe('Apply will log this email to 2 records, without tracking it.');
    expect(switchOf(after, 'track')).toBe(false);
    expect(selectionOf(after, 'associations')).toEqual({
      [`contact:${crm.grace}`]: true,
      [`company:${crm.engines}`]: true,
      [`deal:${crm.deal}`]: false,
    });
    // The redrawn card's Apply registers the same draft as the first card would have.
    expect(actionParameters(after, 'onApply').draftKey).toBe(actionParameters(card, 'onApply').draftKey);

    // A reminder chosen before the flip is still chosen after it.
    const kept = cardOf(
      addon.action('onComposeChanged', {
        parameters: changed,
        formInputs: { track: 'on', log: 'on', reminder: 'no_reply', reminderDays: '7' },
      }),
    );
    expect(selectionOf(kept, 'reminder')).toMatchObject({ no_reply: true, '': false });
    expect(selectionOf(kept, 'reminderDays')).toMatchObject({ '7': true, '3': false });

    const none = cardOf(addon.action('onComposeChanged', { parameters: changed, formInputs: { track: 'on' } }));
    expect(summaryOf(none)).toBe('Apply will track opens and clicks, without logging the email.');
  });
});
