// The message sidebar, the home card, the settings card and `mailtrail addon`, end to end: the built bundle in the
// emulator against a real server on a temporary SQLite file.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../src/server/core/attachments';
import { actionParameters, cardOf, type Crm, type Harness, headingsOf, notificationOf, rowLabelled, seedCrm, selectionOf, startHarness, switchOf, widgetsOf } from './harness';

let h: Harness;
let crm: Crm;

beforeAll(async () => {
  h = await startHarness();
  crm = await seedCrm(h);
});
afterAll(async () => h?.close());

function eml(opts: { messageId: string; from: string; to: string; subject: string; date?: string; attachments?: { filename: string; content: string }[] }): Promise<Buffer> {
  return new MailComposer({
    messageId: opts.messageId,
    from: opts.from,
    to: opts.to,
    subject: opts.subject,
    date: new Date(opts.date ?? '2026-03-02T10:00:00Z'),
    text: 'Hello Sam, the specification is attached.',
    html: '<p>Hello Sam, the specification is <b>attached</b>.</p>',
    attachments: opts.attachments,
  })
    .compile()
    .build();
}

describe('logging a received email from the message view', () => {
  it("shows the sender's CRM card, logs the email with its two attachments once, and logging again duplicates nothing", async () => {
    const addon = h.addon();
    const raw = await eml({
      messageId: '<spec-1@engines.example>',
      from: 'Grace Hopper <grace@engines.example>',
      to: 'Sam Seller <sam@acme.test>',
      subject: 'The compiler specification',
      attachments: [
        { filename: 'spec.pdf', content: 'PDF content, pretend' },
        { filename: 'budget.csv', content: 'item,amount\nlicence,12000\n' },
      ],
    });
    const { messageId } = await addon.mailbox.add(raw);

    const card = cardOf(addon.message(messageId));
    expect(addon.fetches).toHaveLength(1);
    expect(rowLabelled(card, 'Contact')).toMatchObject({ text: 'Grace Hopper', bottomLabel: expect.stringContaining('Analytical Engines') });
    expect(JSON.stringify(card)).toContain('Open deals: Compiler licence · Qualified To Buy · 12000');
    expect(JSON.stringify(card)).toContain('Not logged yet');
    const headings = headingsOf(card);
    expect(headings.filter((t) => t === 'Log')).toHaveLength(1);
    expect(new Set(headings).size).toBe(headings.length);
    expect(selectionOf(card, 'associations')).toMatchObject({ [`contact:${crm.grace}`]: true, [`deal:${crm.deal}`]: true });

    const chosen = [`contact:${crm.grace}`, `deal:${crm.deal}`];
    const first = addon.action('onLogMessage', { parameters: actionParameters(card, 'onLogMessage'), formInputs: { associations: chosen }, messageId });
    expect(addon.fetches).toHaveLength(1);
    expect(notificationOf(first)).toBe('Logged in the CRM.');
    expect(JSON.stringify(cardOf(first))).toContain('Open in mailtrail');

    const logged = h.scope.loggedEmails;
    const entry = await logged.byMessageId('<spec-1@engines.example>');
    expect(entry).toMatchObject({ source: 'sidebar', userId: h.account.users['sam@acme.test'].id });
    const email = await h.scope.objects.get('emails', entry!.emailId);
    expect(email?.properties).toMatchObject({
      hs_email_subject: 'The compiler specification',
      hs_email_direction: 'INCOMING_EMAIL',
      hs_email_message_id: '<spec-1@engines.example>',
      hubspot_owner_id: String(h.account.users['sam@acme.test'].id),
    });
    expect((await h.scope.associations.list(entry!.emailId, 'contacts', { limit: 10 })).map((a) => a.toId)).toEqual([crm.grace]);
    expect((await h.scope.associations.list(entry!.emailId, 'deals', { limit: 10 })).map((a) => a.toId)).toEqual([crm.deal]);
    expect(await h.scope.associations.list(entry!.emailId, 'companies', { limit: 10 })).toEqual([]);
    const attachments = await logged.attachments([entry!.emailId]);
    expect(attachments.map((a) => [a.name, a.leftOut])).toEqual([
      ['spec.pdf', null],
      ['budget.csv', null],
    ]);
    const files = new AttachmentStore(join(h.server.dataDir, 'attachments'));
    for (const a of attachments) expect(await files.has(a.sha256!)).toBe(true);

    // Again, from a fresh sidebar (nothing cached): still one email, and the card says it is there.
    const later = h.addon();
    await later.mailbox.add(raw);
    const again = cardOf(later.message(messageId));
    expect(JSON.stringify(again)).toContain('Open in mailtrail');
    const second = later.action('onLogMessage', { formInputs: { associations: chosen }, messageId });
    expect(notificationOf(second)).toBe('Already logged: nothing was duplicated.');
    expect(await h.scope.objects.count('emails')).toBe(1);
    expect(await logged.attachments([entry!.emailId])).toHaveLength(2);
  });

  it('logs the whole thread, and creates the contact the user ticked, owned by them and non-marketing', async () => {
    const addon = h.addon();
    const first = await addon.mailbox.add(await eml({ messageId: '<t-1@startup.example>', from: 'Nia Newcomer <nia@startup.example>', to: 'sam@acme.test', subject: 'Question' }));
    const reply = await addon.mailbox.add(
      Buffer.from(
        (await eml({ messageId: '<t-2@acme.test>', from: 'sam@acme.test', to: 'nia@startup.example', subject: 'Re: Question', date: '2026-03-02T11:00:00Z' }))
          .toString()
          .replace('Subject:', 'In-Reply-To: <t-1@startup.example>\r\nReferences: <t-1@startup.example>\r\nSubject:'),
      ),
      { threadId: first.threadId },
    );
    const card = cardOf(addon.message(reply.messageId));
    expect(selectionOf(card, 'createContacts')).toEqual({ 'nia@startup.example': false });

    const response = addon.action('onLogThread', { formInputs: { createContacts: ['nia@startup.example'] }, messageId: reply.messageId });
    expect(addon.fetches).toHaveLength(1);
    expect(notificationOf(response)).toBe('Logged 2 emails of the thread.');

    const [nia] = await h.scope.objects.getByUniqueProperty('contacts', 'email', ['nia@startup.example']);
    expect(nia.properties).toMatchObject({ firstname: 'Nia', lastname: 'Newcomer', hs_marketable_status: 'false', hubspot_owner_id: String(h.account.users['sam@acme.test'].id) });
    const logged = h.scope.loggedEmails;
    const [a, b] = await Promise.all([logged.byMessageId('<t-1@startup.example>'), logged.byMessageId('<t-2@acme.test>')]);
    expect(a?.threadKey).toBe('<t-1@startup.example>');
    expect(b?.threadKey).toBe('<t-1@startup.example>');
    for (const e of [a!, b!]) expect((await h.scope.associations.list(e.emailId, 'contacts', { limit: 5 })).map((x) => x.toId)).toEqual([nia.id]);
    expect((await h.scope.objects.get('emails', b!.emailId))?.properties.hs_email_direction).toBe('EMAIL');
  });
});

describe('a long thread, within Gmail\'s 30 seconds', () => {
  async function longThread(addon: ReturnType<Harness['addon']>, n: number) {
    const first = await addon.mailbox.add(await eml({ messageId: '<long-0@engines.example>', from: 'Grace Hopper <grace@engines.example>', to: 'sam@acme.test', subject: 'Long' }));
    let last = first;
    for (let i = 1; i < n; i++) {
      const raw = (await eml({ messageId: `<long-${i}@engines.example>`, from: 'Grace Hopper <grace@engines.example>', to: 'sam@acme.test', subject: 'Re: Long', date: `2026-03-02T10:${String(i).padStart(2, '0')}:00Z` }))
        .toString()
        .replace('Subject:', `In-Reply-To: <long-${i - 1}@engines.example>\r\nSubject:`);
      last = await addon.mailbox.add(Buffer.from(raw), { threadId: first.threadId });
    }
    return last;
  }

  it('the message card reads the headers of the recent messages only', async () => {
    const addon = h.addon();
    const last = await longThread(addon, 45);
    addon.message(last.messageId);
    expect(addon.gmailReads.filter((r) => r === 'GmailMessage.getHeader').length).toBeLessThanOrEqual(25);
  });

  it('"Log the whole thread" logs it in chunks: "Logged 20 of 45", Continue, until all are logged', async () => {
    const addon = h.addon();
    const last = await longThread(addon, 45);
    const card = cardOf(addon.message(last.messageId));
    const first = addon.action('onLogThread', { parameters: actionParameters(card, 'onLogThread') });
    expect(notificationOf(first)).toBe('Logged 20 of 45 emails of the thread.');
    expect(JSON.stringify(cardOf(first))).toContain('Logged 20 of 45 emails of the thread.');
    // The open message went first: the card already says it is logged.
    expect(JSON.stringify(cardOf(first))).toContain('Open in mailtrail');
    const next = actionParameters(cardOf(first), 'onLogThread');
    expect(next).toEqual({ from: '20', created: '20' });

    const second = addon.action('onLogThread', { parameters: next });
    expect(notificationOf(second)).toBe('Logged 40 of 45 emails of the thread.');
    const third = addon.action('onLogThread', { parameters: actionParameters(cardOf(second), 'onLogThread') });
    expect(notificationOf(third)).toBe('Logged 45 emails of the thread.');
    expect(JSON.stringify(cardOf(third))).not.toContain('Continue');
    for (const i of [0, 22, 44]) expect(await h.scope.loggedEmails.byMessageId(`<long-${i}@engines.example>`)).toBeDefined();
  });
});

describe('the home card', () => {
  it('with no activity yet, says so, in one round trip, with a link to the web app', () => {
    // Ada, the account's admin, neither sends nor logs anything in this file.
    const addon = h.addon({ user: 'ada@acme.test' });
    const card = cardOf(addon.homepage());
    expect(addon.fetches).toHaveLength(1);
    expect(JSON.stringify(card)).toContain('No activity yet.');
    expect(JSON.stringify(card)).toContain(`${h.server.url}/app/`);
  });

  it("lists the user's own logged email, opening it in the web app, and nobody else sees it", async () => {
    const reader = h.addon();
    const subject = 'The home card shows this one';
    const { messageId } = await reader.mailbox.add(await eml({ messageId: '<home-1@engines.example>', from: 'Grace Hopper <grace@engines.example>', to: 'sam@acme.test', subject }));
    const message = cardOf(reader.message(messageId));
    const logged = reader.action('onLogMessage', { parameters: actionParameters(message, 'onLogMessage'), formInputs: { associations: [`contact:${crm.grace}`] }, messageId });
    expect(notificationOf(logged)).toBe('Logged in the CRM.');
    const entry = await h.scope.loggedEmails.byMessageId('<home-1@engines.example>');

    const addon = h.addon();
    const card = cardOf(addon.homepage());
    expect(addon.fetches).toHaveLength(1);
    expect(JSON.stringify(card)).not.toContain('No activity yet.');
    // Each row names its contact (T3), then the subject.
    expect(widgetsOf(card).find((w) => w.decoratedText?.text === `Grace Hopper · ${subject}`)?.decoratedText).toMatchObject({
      topLabel: 'Logged',
      onClick: { openLink: { url: `${h.server.url}/app/emails/${entry!.emailId}` } },
    });
    // The feed is private to its user (T3): Ada, of the same account, still has nothing.
    expect(JSON.stringify(cardOf(h.addon({ user: 'ada@acme.test' }).homepage()))).toContain('No activity yet.');
  });
});

describe('settings: the never-log list', () => {
  it('adds, lists and removes entries, persisting across calls; refuses invalid ones; one round trip at most', () => {
    const addon = h.addon({ user: 'ada@acme.test' });
    const settings = cardOf(addon.universal('onSettings'));
    expect(addon.fetches).toHaveLength(1);
    expect(JSON.stringify(settings)).toContain('Your list is empty.');

    const added = addon.action('onAddNeverLog', { formInputs: { neverLogEntry: 'CFO@Board.example, *.holding.example' } });
    expect(addon.fetches).toHaveLength(0);
    expect(notificationOf(added)).toBe('2 entries added.');
    expect(selectionOf(cardOf(added), 'neverLogTicked')).toEqual({ 'cfo@board.example': false, '*.holding.example': false });

    const refused = addon.action('onAddNeverLog', { formInputs: { neverLogEntry: 'ok@fine.example, not an address' } });
    expect(notificationOf(refused)).toMatch(/^Nothing was added: "not", "an", "address"/);

    // A new execution reads what the last one stored.
    const listed = cardOf(addon.universal('onSettings'));
    expect(selectionOf(listed, 'neverLogTicked')).toEqual({ 'cfo@board.example': false, '*.holding.example': false });
    expect(addon.propertiesOf('user').neverLog).toBe('cfo@board.example\n*.holding.example');

    const removed = addon.action('onRemoveNeverLog', { formInputs: { neverLogTicked: ['cfo@board.example'] } });
    expect(notificationOf(removed)).toBe('1 entry removed.');
    expect(selectionOf(cardOf(removed), 'neverLogTicked')).toEqual({ '*.holding.example': false });
    expect(widgetsOf(cardOf(removed)).some((w) => JSON.stringify(w).includes('cfo@board.example'))).toBe(false);
  });

  it('saves personal Track and Log defaults, which the next compose card starts from', () => {
    const addon = h.addon({ user: 'ada@acme.test' });
    const settings = cardOf(addon.universal('onSettings'));
    const saved = addon.action('onSaveDefaults', { parameters: actionParameters(settings, 'onSaveDefaults'), formInputs: { logDefault: 'on' } });
    expect(addon.fetches).toHaveLength(0);
    expect(notificationOf(saved)).toBe('Defaults saved.');
    const compose = cardOf(addon.compose({ to: 'grace@engines.example' }));
    expect(switchOf(compose, 'track')).toBe(false);
  });
});

describe('mailtrail addon compose', () => {
  it('prints the real compose card from a running server', async () => {
    const root = resolve(import.meta.dirname, '../..');
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'bin/mailtrail.mjs'), 'addon', 'compose', '--backend', h.server.url, '--user', 'sam@acme.test', '--to', 'grace@engines.example'], {
      cwd: root,
    });
    const card = cardOf(JSON.parse(stdout));
    expect(rowLabelled(card, 'Contact')).toMatchObject({ text: 'Grace Hopper' });
    expect(actionParameters(card, 'onApply')).toMatchObject({ bccDomain: h.account.bccDomain });
  });
});
