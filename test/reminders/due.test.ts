import { describe, expect, it } from 'vitest';
import { dueAt } from '../../src/server/reminders/due';

// "In N days": N calendar days later, at 9:00 on the user's wall clock (docs/decisions.md, "Follow-up reminders").
describe('the due time of a reminder', () => {
  it('is 9:00 in the user’s zone N days later, whatever the hour it was set at', () => {
    // 23:50 in Paris on 10 March 2026 (22:50 UTC): tomorrow morning, not 24 hours later.
    expect(new Date(dueAt(Date.parse('2026-03-10T22:50:00Z'), 1, 'Europe/Paris')).toISOString()).toBe(
      '2026-03-11T08:00:00.000Z',
    );
    // The same instant is still 10 March in New York: "in 1 day" is 11 March there too, at 9:00 EDT.
    expect(new Date(dueAt(Date.parse('2026-03-10T22:50:00Z'), 1, 'America/New_York')).toISOString()).toBe(
      '2026-03-11T13:00:00.000Z',
    );
    // …and already 11 March in Tokyo.
    expect(new Date(dueAt(Date.parse('2026-03-10T22:50:00Z'), 1, 'Asia/Tokyo')).toISOString()).toBe(
      '2026-03-12T00:00:00.000Z',
    );
  });

  it('keeps 9:00 across a daylight-saving change: the instant moves, not the hour', () => {
    // Paris moves to summer time on 29 March 2026: set on the 27th at 9:00 CET, due the 30th at 9:00 CEST.
    expect(new Date(dueAt(Date.parse('2026-03-27T08:00:00Z'), 3, 'Europe/Paris')).toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
    // And back on 25 October 2026.
    expect(new Date(dueAt(Date.parse('2026-10-24T12:00:00Z'), 2, 'Europe/Paris')).toISOString()).toBe(
      '2026-10-26T08:00:00.000Z',
    );
  });

  it('crosses month and year ends', () => {
    expect(new Date(dueAt(Date.parse('2026-12-30T15:00:00Z'), 5, 'UTC')).toISOString()).toBe(
      '2027-01-04T09:00:00.000Z',
    );
  });
});
