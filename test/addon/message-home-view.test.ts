import { describe, expect, it } from 'vitest';
import type { LogMessageResponse } from '../../src/contract/addon';
import type { FeedItem } from '../../src/contract/feed';
import { stringsFor } from '../../src/addon/i18n';
import { homeView } from '../../src/addon/views/home';
import { afterLogging, loggedNotice, messageView } from '../../src/addon/views/message';
import { messageContext, person } from './fixtures';

const en = stringsFor('en');
const clock = { locale: 'en', timeZone: 'UTC' };

describe('the message card', () => {
  it("shows the sender's card: contact, company, open deals, owner, last activity", () => {
    const v = messageView(messageContext(), en, clock);
    expect(v.sender.row).toEqual({ status: 'contact', label: 'Contact', text: 'Ada Lovelace', details: 'ada@engines.example · Analytical Engines' });
    expect(v.sender.lines).toEqual([
      'Owner: Sam Seller',
      'Open deals: Difference engine · proposal · 12000',
      expect.stringMatching(/^Last activity Mar 1, 2025/),
    ]);
    expect(v.logged).toEqual({ text: 'Not logged yet', link: null, progress: null });
    expect(v.tracked).toBeNull();
  });

  it('says "not in the CRM" for an unknown sender and offers to create contacts for unknown people only', () => {
    const v = messageView(messageContext({ sender: person('stranger@else.example') }), en, clock);
    expect(v.sender.row.label).toBe('Not in the CRM');
    expect(v.log.createContacts?.choices.map((c) => c.value)).toEqual(['stranger@else.example', 'new@prospect.example']);
    expect(v.log.buttons.map((b) => b.action)).toEqual(['onLogMessage', 'onLogThread']);
  });

  it('links to the logged email in the web app', () => {
    const v = messageView(messageContext({ logged: { emailId: '77', url: 'http://localhost:8787/emails/77' } }), en, clock);
    expect(v.logged).toEqual({ text: 'Logged in the CRM', link: { text: 'Open in mailtrail', url: 'http://localhost:8787/emails/77' }, progress: null });
  });

  it("shows a tracked email's opens and clicks, with machine events apart from people and why for each guess", () => {
    const v = messageView(
      messageContext({
        tracked: {
          mode: 'identified',
          sentAt: '2025-03-02T10:00:00.000Z',
          opens: [
            {
              at: '2025-03-02T10:00:05.000Z',
              label: 'apple_mpp',
              anonymous: false,
              url: null,
              uncertain: false,
              why: "through Apple's Mail Privacy Protection",
            },
            {
              at: '2025-03-02T10:00:04.000Z',
              label: 'proxy',
              anonymous: false,
              url: null,
              uncertain: true,
              why: 'fetched 4 s after sending',
            },
            { at: '2025-03-02T10:30:00.000Z', label: 'proxy', anonymous: false, url: null, uncertain: false, why: 'w' },
            { at: '2025-03-02T11:15:00.000Z', label: 'human', anonymous: false, url: null, uncertain: false, why: 'w' },
          ],
          clicks: [{ at: '2025-03-02T11:16:00.000Z', label: 'human', anonymous: false, url: 'https://engines.example/pricing', uncertain: false, why: 'w' }],
        },
      }),
      en,
      clock,
    );
    expect(v.tracked?.summary).toMatch(/^Tracked: opens are attributed to the recipient · Sent Mar 2, 2025/);
    expect(v.tracked?.people).toEqual([
      expect.stringMatching(/^Clicked Mar 2, 2025.*11:16.* · https:\/\/engines\.example\/pricing$/),
      expect.stringMatching(/^Opened Mar 2, 2025.*11:15.* · by a person$/),
      // Gmail fetches images through its proxy when the reader opens the message: the reader's open.
      expect.stringMatching(/^Opened Mar 2, 2025.*10:30.* · by Gmail's image proxy$/),
      // A guess is said to be one, with why.
      expect.stringMatching(/^Opened .*10:00.* · by Gmail's image proxy · uncertain · fetched 4 s after sending$/),
    ]);
    expect(v.tracked?.machines?.lines).toEqual([
      expect.stringMatching(/^Opened .*10:00.* · by .* · through Apple's Mail Privacy Protection$/),
    ]);
  });

  it('after logging, the card shows it logged and the notice says what was left out', () => {
    const result: LogMessageResponse = {
      messageId: '<m1@x>',
      emailId: '77',
      created: true,
      url: 'http://localhost:8787/emails/77',
      leftOut: [{ name: 'huge.zip', reason: 'over_50mb' }],
      thread: [],
      notLogged: [],
    };
    expect(afterLogging(messageContext(), result).logged).toEqual({ emailId: '77', url: result.url });
    expect(loggedNotice(result, en)).toBe('Logged in the CRM. Left out: huge.zip (over 50 MB).');
    expect(loggedNotice({ ...result, created: false, leftOut: [] }, en)).toBe('Already logged: nothing was duplicated.');
  });
});

describe('the home card (activity feed)', () => {
  const item = (over: Partial<FeedItem>): FeedItem => ({
    id: '1',
    kind: 'sent',
    label: null,
    uncertain: false,
    why: null,
    machines: [],
    machineCount: 0,
    anonymous: false,
    contact: { id: '101', name: 'Ada Lovelace', email: 'ada@engines.example' },
    subject: 'Proposal',
    at: '2025-03-02T10:00:00.000Z',
    opens: [],
    url: null,
    reason: null,
    emailUrl: null,
    ...over,
  });

  it('has a sensible empty state and a link to the web app for live notifications', () => {
    const v = homeView({ items: [], webAppUrl: 'http://localhost:8787/app/' }, '', en, clock);
    expect(v.empty).toBe(en.feedEmpty);
    expect(v.live).toEqual({ text: en.liveNotifications, url: 'http://localhost:8787/app/' });
    expect(v.older).toBeNull();
  });

  it('separates machine events from people, and says anonymous opens as such', () => {
    const v = homeView(
      {
        items: [
          item({ id: '3', kind: 'opened', label: 'human', anonymous: true, contact: null, opens: ['2025-03-02T11:00:00.000Z', '2025-03-02T12:00:00.000Z'] }),
          item({ id: '4', kind: 'opened', label: 'proxy', uncertain: true, at: '2025-03-02T10:40:00.000Z' }),
          item({ id: '2', kind: 'opened', label: 'apple_mpp', at: '2025-03-02T10:00:03.000Z' }),
          item({ id: '1', kind: 'sent', machineCount: 2 }),
        ],
        paging: { next: { after: 'cursor-2' } },
        webAppUrl: 'http://localhost:8787/app/',
      },
      '',
      en,
      clock,
    );
    expect(v.people.map((r) => [r.label, r.text])).toEqual([
      ['Opened', 'Someone · Proposal'],
      // Gmail's proxy fetches when the reader opens the message: a person's open, shown with the people.
      ['Opened · by Gmail\'s image proxy · uncertain', 'Ada Lovelace · Proposal'],
      ['Sent', 'Ada Lovelace · Proposal'],
    ]);
    expect(v.people[0].details).toMatch(/2 opens: /);
    // Machines visible, never loud: folded into the email's row.
    expect(v.people[2].details).toMatch(/ · 2 machine fetches, not counted$/);
    expect(v.machines?.rows.map((r) => r.label)).toEqual(['Opened · by Apple Mail privacy prefetch']);
    expect(v.older).toEqual({ text: 'Older', action: 'onFeedPage', parameters: { after: 'cursor-2' } });
    expect(v.latest).toBeNull();
  });
});
