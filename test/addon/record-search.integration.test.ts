// Reaching any record from the sidebars (P1), end to end: the built bundle in the emulator, a real server on a
// temporary SQLite file, real SMTP for the copy that logs the email.
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionParameters, cardOf, type Crm, type Harness, notificationOf, seedCrm, selectionOf, startHarness, widgetsOf } from './harness';

let h: Harness;
let crm: Crm;
let globex: number;
let globexDeal: number;
let ticket: number;
let closedTicket: number;

const assoc = (id: number, typeId: number) => ({ to: { id: String(id) }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as const, associationTypeId: typeId }] });

beforeAll(async () => {
  h = await startHarness();
  crm = await seedCrm(h);
  globex = (await h.records.create('companies', { properties: { name: 'Globex', domain: 'globex.example' } })).id;
  globexDeal = (
    await h.records.create('deals', {
      properties: { dealname: 'Globex rollout', dealstage: 'presentationscheduled', amount: '90000' },
      associations: [assoc(globex, 341)],
    })
  ).id;
  // Grace's tickets: one open, one closed (stage 4 is closed in HubSpot's default ticket pipeline).
  ticket = (
    await h.records.create('tickets', {
      properties: { subject: 'Compiler crashes on COBOL', hs_pipeline: '0', hs_pipeline_stage: '2' },
      associations: [assoc(crm.grace, 16)],
    })
  ).id;
  closedTicket = (
    await h.records.create('tickets', {
      properties: { subject: 'Old login problem', hs_pipeline: '0', hs_pipeline_stage: '4' },
      associations: [assoc(crm.grace, 16)],
    })
  ).id;
});
afterAll(async () => h?.close());

const ticked = (card: unknown, name: string) =>
  Object.entries(selectionOf(card, name) ?? {})
    .filter(([, on]) => on)
    .map(([value]) => value);

describe('compose: find a deal that is not the recipient’s, create one, Apply, Send', () => {
  it('logs the email to the recipient’s records, the found deal and the new deal', async () => {
    const addon = h.addon();
    const draft = addon.openDraft({ to: ['grace@engines.example'], subject: 'Our offer' });
    draft.type('<p>Hello Grace</p>');
    const card = cardOf(addon.compose());
    const defaults = ticked(card, 'associations');
    expect(defaults).toEqual([`contact:${crm.grace}`, `company:${crm.engines}`, `deal:${crm.deal}`]);
    // The account offers tickets (not a default of a new account): Grace's open one, never the closed one.
    expect(Object.keys(selectionOf(card, 'associations')!)).toContain(`ticket:${ticket}`);
    expect(Object.keys(selectionOf(card, 'associations')!)).not.toContain(`ticket:${closedTicket}`);

    // Search by a domain: Globex the company, and its deal through it. One round trip: the card is re-rendered
    // from the context it was built from.
    const searched = addon.action('onFindRecords', {
      parameters: actionParameters(card, 'onFindRecords'),
      formInputs: { track: 'on', log: 'on', associations: defaults, recordQuery: 'globex.example' },
    });
    expect(addon.fetches).toHaveLength(1);
    const afterSearch = cardOf(searched);
    expect(selectionOf(afterSearch, 'foundRecords')).toEqual({ [`company:${globex}`]: false, [`deal:${globexDeal}`]: false });
    expect(ticked(afterSearch, 'associations')).toEqual(defaults);

    // Tick the found deal, fill in a new deal; Create keeps the tick and adds the new deal, ticked.
    const createdResponse = addon.action('onCreateDeal', {
      parameters: actionParameters(afterSearch, 'onCreateDeal'),
      formInputs: {
        track: 'on',
        log: 'on',
        associations: defaults,
        foundRecords: [`deal:${globexDeal}`],
        recordQuery: 'globex.example',
        dealName: 'Compiler support',
        dealStage: 'default:qualifiedtobuy',
        dealAmount: '5000',
        dealCloseDate: '2026-06-30',
      },
    });
    expect(addon.fetches).toHaveLength(1);
    expect(notificationOf(createdResponse)).toBe('Deal "Compiler support" created, and ticked to log to.');
    const [newDeal] = (await h.scope.search.run('deals', { query: 'Compiler support', filterGroups: [], sorts: [], limit: 5 }, 0)).records;
    expect(newDeal.properties).toMatchObject({ dealname: 'Compiler support', dealstage: 'qualifiedtobuy', pipeline: 'default', amount: '5000', closedate: '2026-06-30T00:00:00.000Z' });
    // Associated with the recipient's contact and company.
    expect((await h.scope.associations.list(newDeal.id, 'contacts', { limit: 10 })).map((a) => a.toId)).toEqual([crm.grace]);
    expect((await h.scope.associations.list(newDeal.id, 'companies', { limit: 10 })).map((a) => a.toId)).toEqual([crm.engines]);

    const ready = cardOf(createdResponse);
    const chosen = ticked(ready, 'associations');
    expect(chosen).toEqual([...defaults, `deal:${globexDeal}`, `deal:${newDeal.id}`]);
    // The deal form is empty again; what the rep typed in the search stays.
    const inputs = widgetsOf(ready).filter((w) => w.textInput);
    expect(inputs.find((w) => w.textInput.name === 'dealName').textInput.value).toBeUndefined();
    expect(inputs.find((w) => w.textInput.name === 'recordQuery').textInput.value).toBe('globex.example');

    addon.action('onApply', { parameters: actionParameters(ready, 'onApply'), formInputs: { track: 'on', log: 'on', associations: chosen } });
    const logging = draft.bcc.find((a) => a.startsWith('log+'))!;
    const { wire } = await draft.send('sam@acme.test');
    const copy = await simpleParser(wire);
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: h.smtpPort, secure: false, ignoreTLS: true });
    await smtp.sendMail({ envelope: { from: 'sam@acme.test', to: [logging] }, raw: wire });
    let logged;
    for (let i = 0; i < 100 && !(logged = await h.scope.loggedEmails.byMessageId(copy.messageId!)); i++) await new Promise((r) => setTimeout(r, 100));
    const to = async (type: 'contacts' | 'companies' | 'deals' | 'tickets') =>
      (await h.scope.associations.list(logged!.emailId, type, { limit: 50 })).map((a) => a.toId).sort((a, b) => a - b);
    expect(await to('contacts')).toEqual([crm.grace]);
    expect(await to('companies')).toEqual([crm.engines]);
    expect(await to('deals')).toEqual([crm.deal, globexDeal, newDeal.id].sort((a, b) => a - b));
  });

  it('refuses a search without words, or a deal with a bad amount or date, naming the field; nothing is created', async () => {
    const addon = h.addon();
    addon.openDraft({ to: ['grace@engines.example'] });
    const card = cardOf(addon.compose());
    const empty = addon.action('onFindRecords', { parameters: actionParameters(card, 'onFindRecords'), formInputs: { recordQuery: '  ' } });
    expect(notificationOf(empty)).toBe('Type a name, an email address or a domain to search for.');
    expect(addon.fetches).toHaveLength(0);

    const deals = await h.scope.objects.count('deals');
    const bad = addon.action('onCreateDeal', {
      parameters: actionParameters(card, 'onCreateDeal'),
      formInputs: { dealName: 'Bad one', dealStage: 'default:qualifiedtobuy', dealAmount: '-20', dealCloseDate: '2026-02-30' },
    });
    expect(notificationOf(bad)).toMatch(/amount: -20 is negative: an amount is 0 or more; closeDate: "2026-02-30" is not a date: use YYYY-MM-DD.*No deal was created\.$/);
    expect(await h.scope.objects.count('deals')).toBe(deals);
  });

  it('logs to the recipient’s open tickets when the account pre-selects them', async () => {
    await h.scope.account.updateSettings({ defaultAssociations: ['contacts', 'tickets'] });
    try {
      const addon = h.addon();
      const card = cardOf(addon.compose({ to: 'grace@engines.example' }));
      expect(ticked(card, 'associations')).toEqual([`contact:${crm.grace}`, `ticket:${ticket}`]);
      addon.action('onApply', { parameters: actionParameters(card, 'onApply'), formInputs: { log: 'on', associations: ticked(card, 'associations') } });
      const secret = /^log\+(.+)@/.exec(addon.draft!.bcc[0])![1];
      expect((await h.scope.intents.byLogSecret(secret))!.associations).toEqual([
        { type: 'contact', id: String(crm.grace) },
        { type: 'ticket', id: String(ticket) },
      ]);
    } finally {
      await h.scope.account.updateSettings({ defaultAssociations: ['contacts', 'companies', 'deals'] });
    }
  });
});

describe('message: create a contact at a found company and log to it', () => {
  it('creates the contact with its company, ticks it, and Log associates the email with it', async () => {
    const addon = h.addon();
    const { messageId: id } = await addon.mailbox.add(
      [
        'From: Grace Hopper <grace@engines.example>',
        'To: sam@acme.test',
        'Subject: Question',
        'Message-ID: <question-1@engines.example>',
        'Date: Mon, 02 Mar 2026 10:00:00 +0000',
        '',
        'Who handles support at Globex?',
      ].join('\r\n'),
    );
    const card = cardOf(addon.message(id));
    const found = cardOf(
      addon.action('onFindRecords', { messageId: id, parameters: actionParameters(card, 'onFindRecords'), formInputs: { recordQuery: 'Globex', recordKind: 'company' } }),
    );
    expect(addon.fetches).toHaveLength(1);
    expect(selectionOf(found, 'foundRecords')).toEqual({ [`company:${globex}`]: false });
    const withCompany = cardOf(
      addon.action('onFindRecords', {
        messageId: id,
        parameters: actionParameters(found, 'onFindRecords'),
        formInputs: { recordQuery: 'Globex', recordKind: 'company', foundRecords: [`company:${globex}`] },
      }),
    );
    const response = addon.action('onCreateContact', {
      messageId: id,
      parameters: actionParameters(withCompany, 'onCreateContact'),
      formInputs: { associations: [`company:${globex}`], contactFirstName: 'Homer', contactLastName: 'Simpson', contactEmail: 'Homer@Globex.example', contactCompany: String(globex) },
    });
    expect(notificationOf(response)).toBe('Contact "Homer Simpson" created, and ticked to log to.');
    const [homer] = await h.scope.objects.getByUniqueProperty('contacts', 'email', ['homer@globex.example']);
    expect(homer.properties).toMatchObject({ firstname: 'Homer', lastname: 'Simpson', hubspot_owner_id: String(h.account.users['sam@acme.test'].id) });
    expect((await h.scope.associations.list(homer.id, 'companies', { limit: 5 })).map((a) => a.toId)).toEqual([globex]);
    const last = cardOf(response);
    expect(ticked(last, 'associations')).toEqual([`company:${globex}`, `contact:${homer.id}`]);

    const again = addon.action('onCreateContact', {
      messageId: id,
      parameters: actionParameters(last, 'onCreateContact'),
      formInputs: { contactFirstName: 'Homer', contactEmail: 'homer@globex.example' },
    });
    expect(notificationOf(again)).toMatch(/homer@globex\.example is already a contact .*search for it instead/);

    addon.action('onLogMessage', { messageId: id, parameters: actionParameters(last, 'onLogMessage'), formInputs: { associations: ticked(last, 'associations') } });
    const logged = await h.scope.loggedEmails.byMessageId('<question-1@engines.example>');
    expect((await h.scope.associations.list(logged!.emailId, 'contacts', { limit: 5 })).map((a) => a.toId)).toEqual([homer.id]);
    expect((await h.scope.associations.list(logged!.emailId, 'companies', { limit: 5 })).map((a) => a.toId)).toEqual([globex]);
  });
});
