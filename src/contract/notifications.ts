import * as z from 'zod/mini';

// What the server pushes to a user when a person opens or clicks one of their tracked emails (T4): the data of an
// SSE `notification` event, the Web Push payload, and the `data` of an outbound webhook `email.opened|clicked`.

const Timestamp = z.iso.datetime({ offset: true });

export const LiveNotification = z.object({
  /** The event id; also the SSE `id:` that `Last-Event-ID` resumes from. */
  id: z.string(),
  kind: z.enum(['opened', 'clicked']),
  at: Timestamp,
  /** The tracked email. */
  emailId: z.string(),
  subject: z.nullable(z.string()),
  /** Who opened: only emails sent to one trackable reader notify, so this is always that reader. */
  contact: z.object({ id: z.nullable(z.string()), name: z.string(), email: z.string() }),
  /** The link's target, for clicks. */
  url: z.nullable(z.string()),
  /** Opens folded into this notification since the previous one (coalescing). */
  repeats: z.int().check(z.nonnegative()),
  /** Where the web app shows the email. */
  emailUrl: z.nullable(z.string()),
});
export type LiveNotification = z.infer<typeof LiveNotification>;

/** A browser's push subscription, as `PushSubscription.toJSON()` gives it (RFC 8030 endpoint, RFC 8291 keys). */
export const PushSubscription = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).check(z.maxLength(2048)),
  expirationTime: z.optional(z.nullable(z.number())),
  keys: z.object({
    p256dh: z.string().check(z.regex(/^[A-Za-z0-9_-]{87}=?$/, 'is not a P-256 public key in base64url')),
    auth: z.string().check(z.regex(/^[A-Za-z0-9_-]{22}(==)?$/, 'is not a 16-byte auth secret in base64url')),
  }),
});
export type PushSubscription = z.infer<typeof PushSubscription>;
