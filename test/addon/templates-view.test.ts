// The compose card's templates section and the merge-field syntax it relies on, as pure functions.
import { describe, expect, it } from 'vitest';
import { stringsFor } from '../../src/addon/i18n';
import { templatesView } from '../../src/addon/views/templates';
import { fillMergeFields, parseMergeFields } from '../../src/contract/templates';
import { composeContext, contact, person, recipient } from './fixtures';

const en = stringsFor('en-US');
const fr = stringsFor('fr-FR');
const library = [
  { id: '7', kind: 'template' as const, name: 'Intro' },
  { id: '8', kind: 'snippet' as const, name: 'Sign-off' },
];

describe('the templates section of the compose card', () => {
  it('is left out when the user has nothing to insert', () => {
    expect(templatesView(composeContext(), 'k', en)).toBeNull();
  });

  it('lists each template and snippet, the most recent chosen, with no note for one recipient', () => {
    const v = templatesView(composeContext({ templates: library }), 'draft-key-1', en)!;
    expect(v.choices).toEqual([
      { text: 'Template: Intro', value: '7', selected: true },
      { text: 'Snippet: Sign-off', value: '8', selected: false },
    ]);
    expect(v.note).toBeNull();
    expect(v.button).toEqual({
      text: 'Insert',
      action: 'onInsertTemplate',
      parameters: { draftKey: 'draft-key-1', bccDomain: 'bcc.mailtrail.example' },
    });
  });

  it('says fields take their fallbacks with several recipients or none, not counting the sender', () => {
    const two = [recipient(contact('ada@engines.example', 'Ada')), recipient(person('bob@engines.example'))];
    expect(templatesView(composeContext({ templates: library, recipients: two }), 'k', fr)!.note).toBe(fr.templatesSeveral);
    const self = [recipient(person('sam@seller.example', { status: 'internal' }), { field: 'bcc' })];
    expect(templatesView(composeContext({ templates: library, recipients: self }), 'k', en)!.note).toBe(en.templatesNoRecipient);
  });
});

describe('merge fields', () => {
  it('reads fields with and without fallbacks, in any case and spacing', () => {
    const { fields, errors } = parseMergeFields('Hi {{ Contact.FirstName | "there" }}, {{company.name}}!');
    expect(errors).toEqual([]);
    expect(fields.map((f) => [f.object, f.property, f.fallback])).toEqual([
      ['contact', 'firstname', 'there'],
      ['company', 'name', ''],
    ]);
    const filled = fillMergeFields('Hi {{ Contact.FirstName | "there" }}, {{company.name}}!', fields, (f) =>
      f.object === 'company' ? 'Globex' : null,
    );
    expect(filled).toEqual({ text: 'Hi there, Globex!', fallbacks: ['contact.firstname'] });
  });

  it('names what is not a field, and an unclosed one', () => {
    expect(parseMergeFields('{{firstname}} and {{contact.first name}} then {{deal.dealname').errors).toEqual([
      '{{firstname}} is not a merge field: write {{object.property}} or {{object.property | "fallback"}}',
      '{{contact.first name}} is not a merge field: write {{object.property}} or {{object.property | "fallback"}}',
      '{{deal.dealname opens a merge field that is never closed with }}',
    ]);
  });
});
