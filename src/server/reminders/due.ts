import { REMINDER_HOUR } from '../../contract/reminders';

const DAY_MS = 86_400_000;

/** The calendar date and wall-clock time an instant shows in a time zone. */
function wallClock(
  at: number,
  timeZone: string,
): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(at));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: n('year'), m: n('month'), d: n('day'), h: n('hour'), min: n('minute'), s: n('second') };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(at: number, timeZone: string): number {
  const w = wallClock(at, timeZone);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - Math.floor(at / 1000) * 1000;
}

/**
 * "In N days", for a person: the date N days after today in their time zone, at REMINDER_HOUR on their wall clock
 * (docs/decisions.md, "Follow-up reminders"). Daylight-saving changes in between move the instant, not the hour;
 * an hour a change skips is read as the hour after it.
 */
export function dueAt(now: number, days: number, timeZone: string): number {
  const today = wallClock(now, timeZone);
  const target = new Date(Date.UTC(today.y, today.m - 1, today.d) + days * DAY_MS);
  const wall = Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), target.getUTCDate(), REMINDER_HOUR);
  // The offset at the guess, then at the instant it gives: they differ only across a change on that very day.
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  return first === second ? first : Math.max(first, second);
}
