import * as z from 'zod/mini';

// Follow-up reminders (P3): asked for at Apply, kept as a CRM task, fired at the due time unless the condition
// that closes them came first. Shared by the add-on (the compose card's choice), the server and the web app.

export const ReminderCondition = z.enum(['not_opened', 'no_reply']);
export type ReminderCondition = z.infer<typeof ReminderCondition>;

/** How far ahead a reminder may be set, in days: at least the next morning, at most a month. */
export const REMINDER_DAYS = { min: 1, max: 30 } as const;
/** The hour of the day, in the user's time zone, that a reminder "in N days" is due at (docs/decisions.md). */
export const REMINDER_HOUR = 9;

/** Whether the runtime knows this IANA time zone (`Europe/Paris`); Intl refuses the others. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** What the compose card sends with Apply when the user asks to be reminded. */
export const ReminderRequest = z.object({
  condition: ReminderCondition,
  days: z
    .int()
    .check(
      z.gte(
        REMINDER_DAYS.min,
        `must be at least ${REMINDER_DAYS.min}: a reminder is due on a later day, never today or in the past`,
      ),
      z.lte(REMINDER_DAYS.max, `must be at most ${REMINDER_DAYS.max}`),
    ),
  /** The user's IANA time zone, as Gmail tells the add-on (`commonEventObject.timeZone.id`). */
  timeZone: z.string().check(z.maxLength(64), z.refine(isTimeZone, 'is not a time zone such as "Europe/Paris"')),
});
export type ReminderRequest = z.infer<typeof ReminderRequest>;

/** A registered reminder, as Apply answers it and the feed shows it. */
export const ReminderNote = z.object({
  condition: ReminderCondition,
  days: z.int(),
  dueAt: z.iso.datetime({ offset: true }),
  /** The CRM task (`/crm/v3/objects/tasks/<id>`). */
  taskId: z.string().check(z.maxLength(20)),
});
export type ReminderNote = z.infer<typeof ReminderNote>;
