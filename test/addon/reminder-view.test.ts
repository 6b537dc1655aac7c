import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/contract/feed';
import { stringsFor } from '../../src/addon/i18n';
import { composeView, intentRequest } from '../../src/addon/views/compose';
import { homeView } from '../../src/addon/views/home';
import { composeContext } from './fixtures';

const en = stringsFor('en-US');
const fr = stringsFor('fr-FR');
const clock = { locale: 'en-US', timeZone: 'Europe/Paris' };

describe('the follow-up reminder on the compose card', () => {
  it('offers no reminder by default, "if not opened" and "if no reply", in 3 days', () => {
    const v = composeView(composeContext(), {}, 'k', fr).reminder;
    expect(v.title).toBe('Rappel de relance');
    expect(v.conditions.map((c) => [c.value, c.selected])).toEqual([
      ['', true],
      ['not_opened', false],
      ['no_reply', false],
    ]);
    expect(v.days.find((d) => d.selected)?.text).toBe('Dans 3 jours');
  });

  it('sends the choice with Apply, with the time zone Gmail gave, and nothing when none is chosen', () => {
    const input = {
      parameters: { draftKey: 'draftkey1', bccDomain: 'bcc.mailtrail.example', track: '', log: '', associationsFixed: '' },
      draft: { to: ['ada@engines.example'], cc: [], bcc: [] },
      neverLog: [],
      timeZone: 'America/New_York',
    };
    expect(intentRequest({ ...input, form: { track: ['on'], reminder: ['no_reply'], reminderDays: ['7'] } }).reminder).toEqual({
      condition: 'no_reply',
      days: 7,
      timeZone: 'America/New_York',
    });
    expect(intentRequest({ ...input, form: { track: ['on'], reminder: [''], reminderDays: ['7'] } })).not.toHaveProperty('reminder');
  });
});

describe('a reminder that came due, on the home card', () => {
  it('is a row of its own: follow up, with whom, the email and what it waited for', () => {
    const item: FeedItem = {
      id: 'r1',
      kind: 'reminder',
      label: null,
      uncertain: false,
      why: null,
      machines: [],
      machineCount: 0,
      anonymous: false,
      contact: { id: '101', name: 'Ada Lovelace', email: 'ada@engines.example' },
      subject: 'Proposal',
      at: '2025-03-04T08:00:00.000Z',
      opens: [],
      url: null,
      reason: null,
      emailUrl: 'http://localhost:8787/app/emails/7',
      reminder: { condition: 'not_opened', days: 2, dueAt: '2025-03-04T08:00:00.000Z', taskId: '55' },
    };
    const v = homeView({ items: [item], webAppUrl: 'http://localhost:8787/app/' }, '', en, clock);
    expect(v.people).toHaveLength(1);
    expect(v.people[0]).toMatchObject({ label: 'Follow up', text: 'Ada Lovelace · Proposal', url: item.emailUrl });
    expect(v.people[0].details).toMatch(/not opened in 2 days$/);
  });
});
