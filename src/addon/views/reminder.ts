import type { ReminderCondition, ReminderRequest } from '../../contract/reminders';
import type { Strings } from '../i18n';
import type { Choice } from './compose';
import { FIELD } from './names';

// The compose card's follow-up reminder (P3): a condition and a number of days, sent with Apply.

export type ReminderView = {
  title: string;
  conditionName: string;
  conditionTitle: string;
  conditions: Choice[];
  daysName: string;
  daysTitle: string;
  days: Choice[];
  note: string;
};

/** The delays offered; the server accepts any whole number of days in REMINDER_DAYS. */
const DAYS = [1, 2, 3, 5, 7, 14, 30];
const DEFAULT_DAYS = 3;

/** "If not opened" only when the email may be tracked: without the pixel no open is ever seen. */
/** `chosen`: what the card's form held when it was drawn again (a switch flipped), else the defaults. */
export function reminderView(
  mayBeTracked: boolean,
  s: Strings,
  chosen: { condition: string; days: string } | null = null,
): ReminderView {
  const condition = chosen?.condition ?? '';
  const days = chosen ? Number(chosen.days) : DEFAULT_DAYS;
  const conditions: Choice[] = [
    { text: s.reminderNone, value: '', selected: false },
    ...(mayBeTracked ? [{ text: s.reminderIfNotOpened, value: 'not_opened', selected: false }] : []),
    { text: s.reminderIfNoReply, value: 'no_reply', selected: false },
  ].map((c) => ({ ...c, selected: c.value === condition }));
  if (!conditions.some((c) => c.selected)) conditions[0].selected = true;
  return {
    title: s.reminderTitle,
    conditionName: FIELD.reminder,
    conditionTitle: s.reminderConditionTitle,
    conditions,
    daysName: FIELD.reminderDays,
    daysTitle: s.reminderDaysTitle,
    days: DAYS.map((n) => ({ text: s.reminderInDays(n), value: String(n), selected: n === (DAYS.includes(days) ? days : DEFAULT_DAYS) })),
    note: s.reminderNote,
  };
}

/** The reminder the card's form asks for, or null for none; the time zone is the user's, from the event. */
export function reminderRequest(form: { [name: string]: string[] }, timeZone: string): ReminderRequest | null {
  const condition = form[FIELD.reminder]?.[0];
  if (condition !== 'not_opened' && condition !== 'no_reply') return null;
  const days = Number(form[FIELD.reminderDays]?.[0] ?? DEFAULT_DAYS);
  return { condition: condition as ReminderCondition, days, timeZone };
}
