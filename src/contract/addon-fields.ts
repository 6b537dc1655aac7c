import * as z from 'zod/mini';
import { TOKEN_PATTERN } from './tracking-urls';

// The fields the /addon/v1 contracts share (compose, messages, records, templates): what Gmail hands the add-on,
// bounded as the server takes it.

export const text = (max: number) => z.string().check(z.maxLength(max));
export const Id = z.string().check(z.minLength(1), z.maxLength(64));
export const Timestamp = z.iso.datetime({ offset: true });
// A regular expression rather than z.url(): Apps Script has no URL class, and the add-on checks answers too.
export const HttpUrl = z
  .string()
  .check(z.maxLength(2048), z.regex(/^https?:\/\/[^\s/?#]+[^\s]*$/i, 'must be an http or https address'));

/**
 * A token or secret as the server mints it (tracking-urls.ts): the id in `/t/o/<token>.gif`, or the secret of a
 * logging address (never the same value).
 */
export const IntentToken = z.string().check(z.regex(TOKEN_PATTERN, 'is not a mailtrail token'));

/** A recipient as Gmail hands it over; the server takes the bare address out of a `Name <a@b>` form. */
export const RawRecipients = z.array(text(320)).check(z.maxLength(500));
export const RecipientLists = z.object({ to: RawRecipients, cc: RawRecipients, bcc: RawRecipients });
export type RecipientLists = z.infer<typeof RecipientLists>;

/** The user's own never-log rules (`ada@x.com`, `@x.com`, `*.x.com`), sent along so one place decides. */
export const NeverLogTexts = z.array(text(260)).check(z.maxLength(1000));
