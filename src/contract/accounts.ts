import * as z from 'zod/mini';

/**
 * An account's settings (S1–S4). Stored as JSON and read through this schema, so a setting added later takes its
 * default for accounts created before it existed.
 */
export const ClickTrackingPolicy = z.enum(['everyone', 'paid_seats', 'nobody']);

export const AccountSettings = z.object({
  /** S3: "allow all users to track emails and see opens and clicks". */
  trackingAllowed: z._default(z.boolean(), true),
  trackByDefault: z._default(z.boolean(), true),
  enforceTrack: z._default(z.boolean(), false),
  /** S1 */
  logByDefault: z._default(z.boolean(), true),
  enforceLog: z._default(z.boolean(), false),
  /** S2: the record types an email is logged to unless the user unticks them. */
  defaultAssociations: z._default(z.array(z.enum(['contacts', 'companies', 'deals', 'tickets'])), [
    'contacts',
    'companies',
    'deals',
  ]),
  enforceAssociations: z._default(z.boolean(), false),
  /** S4 / T6: track opens only for contacts with a legal basis for processing. */
  privacyMode: z._default(z.boolean(), false),
  /** S4 / T2: who may insert tracked links. */
  clickTracking: z._default(ClickTrackingPolicy, 'everyone'),
  /**
   * L11: a copy whose From is at the account's domain is logged only with a valid DKIM signature aligned with it.
   * Off by default: the logging address's secret is the credential, and not every domain signs its mail.
   */
  requireDkim: z._default(z.boolean(), false),
  /** S4 / L5: the account's never-log entries, as typed (`ada@x.com`, `@x.com`, `*.x.com`). */
  neverLog: z._default(z.array(z.string().check(z.maxLength(254))), []),
});
export type AccountSettings = z.infer<typeof AccountSettings>;

export const UserRole = z.enum(['super_admin', 'user']);
export type UserRole = z.infer<typeof UserRole>;

/** An alias sends as the user; a connected inbox is another mailbox the user sends from (L4). */
export const AddressKind = z.enum(['alias', 'inbox']);
export type AddressKind = z.infer<typeof AddressKind>;
