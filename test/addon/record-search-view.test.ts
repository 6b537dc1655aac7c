// The "Other records" tools as the cards show them (P1): pure view models, no server.
import { describe, expect, it } from 'vitest';
import type { PickerItem } from '../../src/contract/addon';
import { stringsFor } from '../../src/addon/i18n';
import { recordStringsFor } from '../../src/addon/i18n-records';
import { composeView, intentRequest } from '../../src/addon/views/compose';
import {
  keepTicked,
  NO_RECORDS,
  readCardRecords,
  toolsOnOpen,
  withComposeTools,
} from '../../src/addon/views/record-search';
import { composeContext } from './fixtures';

const en = stringsFor('en');
const r = recordStringsFor('en');
const deal = (id: string, label: string): PickerItem => ({ type: 'deal', id, label, detail: 'Closed won', selected: false });

describe('the compose card’s other records', () => {
  it('on opening: a search, a deal form in the account’s stages, a contact form with the card’s companies', () => {
    const ctx = composeContext();
    const v = withComposeTools(composeView(ctx, {}, 'k1', en), toolsOnOpen(ctx, 'compose', 'k1'), en, r);
    expect(v.records?.search.parameters).toEqual({ card: 'compose', draftKey: 'k1', records: JSON.stringify(NO_RECORDS) });
    expect(v.records?.found).toBeNull();
    expect(v.records?.deal?.stage.choices).toEqual([
      { text: 'Appointment scheduled', value: 'default:appointmentscheduled', selected: true },
    ]);
    expect(v.records?.contact.company.choices).toEqual([
      { text: 'No company', value: '', selected: true },
      { text: 'Analytical Engines', value: '201', selected: false },
    ]);
    // The defaults as before.
    expect(v.associations.kind === 'choices' && v.associations.choices.map((c) => [c.value, c.selected])).toEqual([
      ['contact:101', true],
      ['company:201', true],
      ['deal:301', false],
    ]);
  });

  it('after a search keeps what the rep ticked and typed, lists the new results unticked, and says when there are more', () => {
    const ctx = composeContext();
    const before = { added: [], found: [deal('7', 'Globex rollout'), deal('8', 'Globex renewal')], more: false };
    const form = { track: [], log: ['on'], associations: ['deal:301'], foundRecords: ['deal:7'], recordQuery: ['globex'] };
    const kept = keepTicked(before, form);
    expect(kept.added.map((a) => a.id)).toEqual(['7']);
    const v = withComposeTools(
      composeView(ctx, {}, 'k1', en),
      {
        ...toolsOnOpen(ctx, 'compose', 'k1'),
        records: { ...kept, found: [deal('8', 'Globex renewal'), deal('9', 'Globex audit')], more: true },
        form,
        searched: 'globex',
        justAdded: ['deal:7'],
      },
      en,
      r,
    );
    expect(v.track.kind === 'switch' && v.track.selected).toBe(false);
    expect(v.log.kind === 'switch' && v.log.selected).toBe(true);
    expect(v.associations.kind === 'choices' && v.associations.choices.filter((c) => c.selected).map((c) => c.value)).toEqual([
      'deal:301',
      'deal:7',
    ]);
    expect(v.records?.found).toMatchObject({
      choices: [
        { value: 'deal:8', selected: false },
        { value: 'deal:9', selected: false },
      ],
      note: 'Only the first 2 are shown: make the search narrower to see others.',
    });
    expect(v.records?.query.value).toBe('globex');
    // Apply logs to what is ticked, the results ticked but not carried over included.
    const request = intentRequest({
      parameters: { draftKey: 'k1', bccDomain: 'bcc.mailtrail.example' },
      form: { associations: ['deal:301', 'deal:7'], foundRecords: ['deal:9', 'deal:7'] },
      draft: { to: ['ada@engines.example'], cc: [], bcc: [] },
      neverLog: [],
    });
    expect(request.associations).toEqual([
      { type: 'deal', id: '301' },
      { type: 'deal', id: '7' },
      { type: 'deal', id: '9' },
    ]);
  });

  it('says when nothing matched, and shows no tools when the admin fixed the records', () => {
    const ctx = composeContext();
    const none = withComposeTools(
      composeView(ctx, {}, 'k1', en),
      { ...toolsOnOpen(ctx, 'compose', 'k1'), form: {}, searched: 'zzz' },
      en,
      r,
    );
    expect(none.records?.found?.note).toBe('Nothing matches "zzz".');
    const locked = composeContext({ settings: { ...ctx.settings, associations: { value: ['contact'], enforced: true } } });
    expect(withComposeTools(composeView(locked, {}, 'k1', en), toolsOnOpen(locked, 'compose', 'k1'), en, r).records).toBeUndefined();
  });

  it('keeps at most 100 records in the list, what the rep added first', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ ...deal(String(1000 + i), `Deal ${i}`), selected: true }));
    const ctx = composeContext({ picker: { items: many, truncated: true, total: 140 } });
    const added = [deal('7', 'Globex rollout')];
    const v = withComposeTools(
      composeView(ctx, {}, 'k1', en),
      { ...toolsOnOpen(ctx, 'compose', 'k1'), records: { added, found: [], more: false } },
      en,
      r,
    );
    const choices = v.associations.kind === 'choices' ? v.associations.choices : [];
    expect(choices).toHaveLength(100);
    expect(choices[99]).toMatchObject({ value: 'deal:7', selected: true });
  });

  it('reads a damaged records parameter as none, and speaks French to a French rep', () => {
    expect(readCardRecords('{not json')).toEqual(NO_RECORDS);
    expect(readCardRecords(JSON.stringify({ added: [{ type: 'planet', id: '1' }], found: [], more: false }))).toEqual(NO_RECORDS);
    const fr = recordStringsFor('fr-FR');
    const ctx = composeContext();
    const v = withComposeTools(composeView(ctx, {}, 'k1', stringsFor('fr')), toolsOnOpen(ctx, 'compose', 'k1'), stringsFor('fr'), fr);
    expect(v.records?.title).toBe('Autres fiches');
    expect(v.records?.deal?.button.text).toBe('Créer la transaction');
  });
});
