import { describe, expect, it } from 'vitest';
import { stringsFor } from '../../src/addon/i18n';
import { composeCacheKey } from '../../src/addon/views/cache-key';
import { composeView, intentRequest, MAX_RECIPIENT_ROWS } from '../../src/addon/views/compose';
import { composeContext, contact, person, recipient } from './fixtures';

const en = stringsFor('en-US');
const fr = stringsFor('fr-FR');

describe('the compose card', () => {
  it('shows a known contact with name and company, and Track and Log on by default (a new account)', () => {
    const v = composeView(composeContext(), {}, 'draft-key-1', en);
    expect(v.recipients.rows).toEqual([
      { status: 'contact', label: 'Contact', text: 'Ada Lovelace', details: 'ada@engines.example · Analytical Engines' },
    ]);
    // A flip draws the card again (its summary follows), for the same draft.
    const onChange = { text: '', action: 'onComposeChanged', parameters: { draftKey: 'draft-key-1' } };
    expect(v.track).toEqual({ kind: 'switch', name: 'track', label: en.track, selected: true, onChange });
    expect(v.log).toEqual({ kind: 'switch', name: 'log', label: en.log, selected: true, onChange });
    expect(v.summary).toBe('Apply will track opens and clicks and log this email to 2 records.');
    expect(v.trackNote).toBeNull();
    expect(v.apply.parameters).toEqual({ draftKey: 'draft-key-1', bccDomain: 'bcc.mailtrail.example', track: '', log: '', associationsFixed: '' });
  });

  it('pre-selects the default associations and says nothing was cut', () => {
    const v = composeView(composeContext(), {}, 'k', en);
    expect(v.associations).toEqual({
      kind: 'choices',
      title: en.associationsTitle,
      name: 'associations',
      choices: [
        { text: 'Contact: Ada Lovelace (ada@engines.example)', value: 'contact:101', selected: true },
        { text: 'Company: Analytical Engines (engines.example)', value: 'company:201', selected: true },
        { text: 'Deal: Difference engine (proposal)', value: 'deal:301', selected: false },
      ],
      note: null,
      onChange: expect.objectContaining({ action: 'onComposeChanged' }),
    });
  });

  it('says when the picker was cut to the 100 most relevant records', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ type: 'deal' as const, id: String(i + 1), label: `Deal ${i}`, detail: null, selected: false }));
    const v = composeView(composeContext({ picker: { items, truncated: true, total: 240 } }), {}, 'k', en);
    expect(v.associations.kind === 'choices' && v.associations.choices).toHaveLength(100);
    expect(v.associations.note).toBe('Showing the 100 most relevant of 240 records.');
  });

  it("says what Apply will do as the rep ticks: anonymous tracking, records, contacts to create, in the rep's language", () => {
    const ctx = composeContext({
      recipients: [recipient(contact('ada@engines.example', 'Ada Lovelace')), recipient(person('new@prospect.example'), { field: 'cc' })],
      tracking: { mode: 'anonymous', reason: 'several_recipients' },
    });
    const chosen = {
      track: true,
      log: true,
      associations: ['contact:101'],
      createContacts: ['new@prospect.example'],
      reminder: { condition: '', days: '' },
    };
    expect(composeView(ctx, {}, 'k', en, chosen).summary).toBe(
      'Apply will track opens and clicks anonymously and log this email to 1 record, creating 1 contact.',
    );
    expect(composeView(ctx, {}, 'k', fr, chosen).summary).toBe(
      'Appliquer suivra les ouvertures et les clics anonymement et consignera cet e-mail sur 1 fiche, en créant 1 contact.',
    );
    expect(composeView(ctx, {}, 'k', en, { ...chosen, track: false, log: false }).summary).toBe('Apply will neither track nor log this email.');
  });

  it('offers "create contact" for unknown recipients only, unticked, and marks never-log ones', () => {
    const ctx = composeContext({
      recipients: [
        recipient(contact('ada@engines.example', 'Ada Lovelace')),
        recipient(person('new@prospect.example'), { field: 'cc' }),
        recipient(person('ceo@private.example', { status: 'never_log', neverLog: { rule: '@private.example', source: 'user' } }), { field: 'cc' }),
        recipient(person('sam2@seller.example', { status: 'internal' }), { field: 'bcc' }),
      ],
      tracking: { mode: 'anonymous', reason: 'several_recipients' },
    });
    const v = composeView(ctx, {}, 'k', en);
    expect(v.createContacts).toEqual({
      title: en.createContactsTitle,
      name: 'createContacts',
      choices: [{ text: 'new@prospect.example', value: 'new@prospect.example', selected: false }],
      onChange: expect.objectContaining({ action: 'onComposeChanged' }),
    });
    expect(v.recipients.rows.map((r) => [r.label, r.details])).toEqual([
      ['Contact', 'ada@engines.example · Analytical Engines'],
      ['Not in the CRM', null],
      ['Never logged', '@private.example is on your never-log list'],
      ['Colleague', null],
    ]);
    expect(v.trackNote).toBe(en.anonymousNote);
  });

  it('greys Track out with the reason when privacy mode leaves no eligible recipient', () => {
    const ctx = composeContext({
      recipients: [recipient(contact('ada@engines.example', 'Ada Lovelace'), { trackable: false, untrackableReason: 'no_legal_basis' })],
      settings: { ...composeContext().settings, privacyMode: true },
      tracking: { mode: 'off', reason: 'no_eligible_recipient' },
    });
    const v = composeView(ctx, { track: true }, 'k', en);
    expect(v.track).toEqual({ kind: 'fixed', label: en.track, value: false, valueText: 'Off', reason: en.trackNoEligible });
    expect(v.recipients.rows[0].details).toContain('Not tracked: no legal basis for processing');
    expect(v.apply.parameters.track).toBe('off');
    expect(v.link).toEqual({ kind: 'note', title: en.linkTitle, note: en.trackNoEligible });
  });

  it('greys Track out when the user may not track, and hides tracked links when clicks are not allowed', () => {
    const notAllowed = composeView(composeContext({ permissions: { mayTrack: false, mayTrackClicks: false } }), {}, 'k', en);
    expect(notAllowed.track).toMatchObject({ kind: 'fixed', value: false, reason: en.trackNotAllowed });
    const noClicks = composeView(composeContext({ permissions: { mayTrack: true, mayTrackClicks: false } }), {}, 'k', en);
    expect(noClicks.track.kind).toBe('switch');
    expect(noClicks.link).toEqual({ kind: 'note', title: en.linkTitle, note: en.clicksNotAllowed });
  });

  it('shows enforced settings locked, and otherwise the user\'s last choice', () => {
    const enforced = composeContext({
      settings: {
        track: { value: true, enforced: true },
        log: { value: false, enforced: true },
        associations: { value: ['contact'], enforced: true },
        privacyMode: false,
      },
    });
    const v = composeView(enforced, { track: false, log: true }, 'k', en);
    expect(v.track).toMatchObject({ kind: 'fixed', value: true, reason: en.setByAdmin });
    expect(v.log).toMatchObject({ kind: 'fixed', value: false, reason: en.setByAdmin });
    expect(v.associations).toMatchObject({ kind: 'fixed', lines: [en.associationsLocked, 'Contact: Ada Lovelace (ada@engines.example)', 'Company: Analytical Engines (engines.example)'] });
    expect(v.apply.parameters).toMatchObject({ track: 'on', log: 'off', associationsFixed: 'on' });

    const remembered = composeView(composeContext(), { track: false, log: false }, 'k', en);
    expect(remembered.track).toMatchObject({ kind: 'switch', selected: false });
    expect(remembered.log).toMatchObject({ kind: 'switch', selected: false });
  });

  it('never lists more recipients than a card can hold', () => {
    const many = Array.from({ length: 45 }, (_, i) => recipient(person(`p${i}@x.example`)));
    const v = composeView(composeContext({ recipients: many }), {}, 'k', en);
    expect(v.recipients.rows).toHaveLength(MAX_RECIPIENT_ROWS);
    expect(v.recipients.note).toBe('…and 25 more');
  });

  it('speaks French to a French user', () => {
    const v = composeView(composeContext({ recipients: [] }), {}, 'k', fr);
    expect(v.title).toBe('Suivre et consigner');
    expect(v.apply.text).toBe('Appliquer');
    expect(v.recipients.note).toBe(fr.noRecipients);
  });
});

describe('what Apply sends', () => {
  const parameters = { draftKey: 'draftkey1', bccDomain: 'bcc.mailtrail.example', track: '', log: '', associationsFixed: '' };
  const draft = { to: ['ada@engines.example'], cc: [], bcc: ['boss@seller.example'] };

  it('reads the switches, the ticked records and the contacts to create', () => {
    const request = intentRequest({
      parameters,
      form: { track: ['on'], associations: ['contact:101', 'deal:301', 'bogus'], createContacts: ['New@Prospect.example'] },
      draft,
      neverLog: ['@private.example'],
    });
    expect(request).toEqual({
      draftKey: 'draftkey1',
      track: true,
      log: false,
      associations: [
        { type: 'contact', id: '101' },
        { type: 'deal', id: '301' },
      ],
      createContacts: ['new@prospect.example'],
      neverLog: ['@private.example'],
      recipients: { to: ['ada@engines.example'], cc: [], bcc: ['boss@seller.example'] },
    });
  });

  it('sends the value of a locked setting, whatever the form says', () => {
    const request = intentRequest({ parameters: { ...parameters, track: 'off', log: 'on' }, form: { track: ['on'] }, draft, neverLog: [] });
    expect([request.track, request.log]).toEqual([false, true]);
  });

  it('names the intent already in the Bcc, so a second Apply updates it instead of adding another', () => {
    const token = 'a3f09c1d2b4e5f60718293a4b5c6d7e8';
    const request = intentRequest({
      parameters,
      form: {},
      draft: { ...draft, bcc: ['boss@seller.example', `log+${token}@bcc.mailtrail.example`] },
      neverLog: [],
    });
    expect(request.previousToken).toBe(token);
    expect(request.recipients.bcc).toEqual(['boss@seller.example']);
  });
});

describe('the compose context cache key', () => {
  const domain = 'bcc.mailtrail.example';
  it('is the same for the same recipients in any order or case, with or without the logging address', () => {
    const a = composeCacheKey({ to: ['Ada@Engines.example', 'b@x.example'], cc: [], bcc: [] }, [], domain);
    const b = composeCacheKey({ to: ['b@x.example', 'ada@engines.example'], cc: [], bcc: [`log+abc123@${domain}`] }, [], domain);
    expect(a).toBe(b);
    expect(a.length).toBeLessThan(250);
  });

  it('changes with the recipients, their field, and the never-log list', () => {
    const base = composeCacheKey({ to: ['a@x.example'], cc: [], bcc: [] }, [], domain);
    expect(composeCacheKey({ to: [], cc: ['a@x.example'], bcc: [] }, [], domain)).not.toBe(base);
    expect(composeCacheKey({ to: ['a@x.example', 'c@x.example'], cc: [], bcc: [] }, [], domain)).not.toBe(base);
    expect(composeCacheKey({ to: ['a@x.example'], cc: [], bcc: [] }, ['@x.example'], domain)).not.toBe(base);
  });
});
