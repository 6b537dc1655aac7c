import * as z from 'zod/mini';
import { EventLabel } from './addon';
import { HttpUrl, Id, text, Timestamp } from './addon-fields';
import { ReminderNote } from './reminders';

// The activity feed as the add-on's home card (`GET /addon/v1/feed`), the web app and its live stream read it.

export const FeedQuery = z.object({
  after: z.optional(text(200)),
  limit: z.optional(z.string().check(z.regex(/^([1-9]|[1-4][0-9]|50)$/, 'must be a number from 1 to 50'))),
});
export type FeedQuery = z.infer<typeof FeedQuery>;

export const FeedKind = z.enum(['sent', 'opened', 'clicked', 'logged', 'not_logged', 'reminder']);
export type FeedKind = z.infer<typeof FeedKind>;

/** An open or click no person made (or that may not be a person's), folded under its email rather than listed. */
export const FoldedEvent = z.object({
  at: Timestamp,
  kind: z.enum(['open', 'click']),
  label: EventLabel,
  uncertain: z.boolean(),
  why: text(500),
});
export type FoldedEvent = z.infer<typeof FoldedEvent>;

export const FeedItem = z.object({
  id: Id,
  kind: FeedKind,
  /** Who or what caused an open or click; null for sent / logged items. */
  label: z.nullable(EventLabel),
  /** The label is a best guess: shown as uncertain, with `why`. */
  uncertain: z.boolean(),
  /** Why the open or click got its label, in words; null for sent / logged items. */
  why: z.nullable(text(500)),
  /** Sent and opened items: the email's machine and uncertain machine events, newest first ("2 machine fetches"). */
  machines: z.array(FoldedEvent).check(z.maxLength(20)),
  /** How many machine events the email has in all (more than `machines` shows when it is long). */
  machineCount: z.number(),
  /** Opened by someone among several recipients (T7). */
  anonymous: z.boolean(),
  /**
   * The one reader an identified email is attributed to: a contact (with its id), or an address that is not a
   * contact (id null, name the address). Null when there is no one reader to name: anonymous emails, logged and
   * not-logged items, emails whose reader was erased.
   */
  contact: z.nullable(z.object({ id: z.nullable(Id), name: text(300), email: text(320) })),
  subject: z.nullable(text(998)),
  at: Timestamp,
  /** Every open time of the email, newest first, for opened items. */
  opens: z.array(Timestamp).check(z.maxLength(100)),
  url: z.nullable(text(2048)),
  /** Why an email was not logged. */
  reason: z.nullable(text(500)),
  emailUrl: z.nullable(HttpUrl),
  /** A follow-up reminder that came due: what it was waiting for (P3). */
  reminder: z.optional(ReminderNote),
});
export type FeedItem = z.infer<typeof FeedItem>;

export const FeedResponse = z.object({
  items: z.array(FeedItem).check(z.maxLength(50)),
  paging: z.optional(z.object({ next: z.object({ after: text(200) }) })),
  /** The web app, where the feed is live (desktop notifications). */
  webAppUrl: HttpUrl,
});
export type FeedResponse = z.infer<typeof FeedResponse>;
