import * as z from 'zod/mini';
import { TrackedEvent } from './addon';
import { FeedItem, FoldedEvent } from './feed';
import { LANGUAGES } from './language';

// The JSON API between the web app and the server (`/web/v1`). The browser imports only the types.

export const RecordType = z.enum(['contacts', 'companies', 'deals', 'tickets']);
export type RecordType = z.infer<typeof RecordType>;

export const RecordSummary = z.object({
  type: RecordType,
  id: z.string(),
  name: z.string(),
  /** The line under the name: a contact's email and company, a company's domain, a deal's stage and amount, a ticket's status. */
  subtitle: z.string(),
});
export type RecordSummary = z.infer<typeof RecordSummary>;

export const RecordList = z.object({ results: z.array(RecordSummary), next: z.nullable(z.string()) });
export type RecordList = z.infer<typeof RecordList>;

export const Associated = z.object({
  contacts: z.array(RecordSummary),
  companies: z.array(RecordSummary),
  deals: z.array(RecordSummary),
  tickets: z.array(RecordSummary),
});
export type Associated = z.infer<typeof Associated>;

export const RecordDetail = z.object({
  type: RecordType,
  id: z.string(),
  name: z.string(),
  subtitle: z.string(),
  properties: z.record(z.string(), z.nullable(z.string())),
  /** The owner's name (or address), from `hubspot_owner_id`. */
  owner: z.nullable(z.string()),
  associated: Associated,
  /** Labels of the values the catalogue cannot know, by property: the account's pipelines and their stages. */
  options: z.record(z.string(), z.array(z.object({ value: z.string(), label: z.string() }))),
});
export type RecordDetail = z.infer<typeof RecordDetail>;

export const Party = z.object({ email: z.string(), name: z.string() });
export type Party = z.infer<typeof Party>;

export const AttachmentView = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number(),
  /** Why the attachment was not stored (L6), or null when it can be downloaded. */
  leftOut: z.nullable(z.string()),
});
export type AttachmentView = z.infer<typeof AttachmentView>;

export const EmailTracking = z.object({
  opens: z.number(),
  humanOpens: z.number(),
  clicks: z.number(),
  lastOpenAt: z.nullable(z.string()),
  /** The machine and uncertain machine events, folded under the email with why (docs/labels.md). */
  machines: z.array(FoldedEvent).check(z.maxLength(20)),
  /** Hits over the email's budgets, kept as counts (issue 19): "and 200 more fetches from one address". */
  moreFetches: z.array(z.object({ fetches: z.number(), oneAddress: z.boolean() })),
  /** Every open and click kept, newest first, each with its label (P4): people's and machines' alike. */
  events: z.array(z.extend(TrackedEvent, { kind: z.enum(['open', 'click']) })).check(z.maxLength(400)),
});

export const EmailSummary = z.object({
  id: z.string(),
  subject: z.string(),
  from: Party,
  to: z.array(Party),
  cc: z.array(Party),
  at: z.string(),
  direction: z.string(),
  snippet: z.string(),
  /** Pinned to the top of the record whose timeline is being read. */
  pinned: z.boolean(),
  messageId: z.nullable(z.string()),
  threadSize: z.number(),
  associations: Associated,
  attachments: z.array(AttachmentView),
  tracking: z.nullable(EmailTracking),
  /** What the copy as sent changed from Apply (L10), one sentence each: "Frank Grimes, added after Apply, …". */
  sendNotes: z.array(z.string()),
});
export type EmailSummary = z.infer<typeof EmailSummary>;

/** A tracked email sent to one contact and not logged to it (P4): on the contact's timeline with its opens. */
export const TrackedSend = z.object({
  intentId: z.string(),
  subject: z.nullable(z.string()),
  to: z.string(),
  at: z.string(),
  tracking: EmailTracking,
});
export type TrackedSend = z.infer<typeof TrackedSend>;

/** A task associated with the record (a follow-up, a reminder), as the timeline shows it. */
export const TaskView = z.object({
  id: z.string(),
  subject: z.string(),
  /** HubSpot's status code (`NOT_STARTED`, `COMPLETED` …): the page names it in the reader's language. */
  status: z.string(),
  completed: z.boolean(),
  /** When it is due (`hs_timestamp`). */
  at: z.string(),
  /** The notes, as plain text. */
  body: z.string(),
  owner: z.nullable(z.string()),
});
export type TaskView = z.infer<typeof TaskView>;

export const Timeline = z.object({
  results: z.array(EmailSummary),
  tracked: z.array(TrackedSend),
  tasks: z.array(TaskView),
});
export type Timeline = z.infer<typeof Timeline>;

export const EmailFull = z.object({
  email: EmailSummary,
  /** Sanitized on the server; the browser still shows it only inside a sandboxed frame. */
  html: z.string(),
  text: z.string(),
  thread: z.array(EmailSummary),
});
export type EmailFull = z.infer<typeof EmailFull>;

/** A record, email or user id as the API writes it: a positive whole number in a string. */
const Id = z.string().check(z.regex(/^[1-9][0-9]{0,17}$/, 'must be an id such as "512"'));

export const PinRequest = z.object({ emailId: Id, pinned: z.boolean() });

export const AssociationsUpdate = z.object({
  contacts: z.array(Id),
  companies: z.array(Id),
  deals: z.array(Id),
  /** Absent: the email's tickets stay as they are (clients from before tickets). */
  tickets: z.optional(z.array(Id)),
});
export type AssociationsUpdate = z.infer<typeof AssociationsUpdate>;

/** Where things live in the web app; the add-on and the feed link here. */
export const webPaths = {
  app: '/app/',
  email: (id: string) => `/app/emails/${encodeURIComponent(id)}`,
  record: (type: RecordType, id: string) => `/app/${type}/${encodeURIComponent(id)}`,
};

// --- session ---

export const SessionUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['super_admin', 'user']),
  accountId: z.string(),
  accountName: z.string(),
  /** The language they picked for mailtrail; null until they pick one (the web app then follows the browser). */
  language: z.nullable(z.enum(LANGUAGES)),
});
export type SessionUser = z.infer<typeof SessionUser>;

/** PUT /session/language: the language the web app, notifications and the server's notes speak to this user. */
export const LanguageChoice = z.object({ language: z.enum(LANGUAGES) });

export const AuthConfig = z.object({
  dev: z.boolean(),
  googleClientId: z.nullable(z.string()),
  /** Dev sign-in only: the seeded users one can pick. */
  devUsers: z.array(z.object({ id: z.string(), email: z.string(), name: z.string(), accountName: z.string() })),
});
export type AuthConfig = z.infer<typeof AuthConfig>;

export const DevSignIn = z.object({ userId: Id });
export const GoogleSignIn = z.object({ credential: z.string().check(z.minLength(1)) });

// --- feed and dashboard ---

// The web app reads the same feed items as the add-on's home card (one source of events).
export const Feed = z.object({ results: z.array(FeedItem), next: z.nullable(z.string()) });
export type Feed = z.infer<typeof Feed>;
export type { FeedItem };

export const DashboardDay = z.object({
  day: z.string(),
  humanOpens: z.number(),
  machineOpens: z.number(),
  humanClicks: z.number(),
  machineClicks: z.number(),
});
export const Dashboard = z.object({ days: z.array(DashboardDay) });
export type Dashboard = z.infer<typeof Dashboard>;
export type DashboardDay = z.infer<typeof DashboardDay>;

// --- logging addresses (L11) ---

/** The signed-in user's personal address; the account's routing address for super admins only (else null). */
export const LoggingAddresses = z.object({ bccAddress: z.string(), routingAddress: z.nullable(z.string()) });
export type LoggingAddresses = z.infer<typeof LoggingAddresses>;

// --- admin (S1–S4) ---

export const AdminUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['super_admin', 'user']),
  paidSeat: z.boolean(),
  aliases: z.array(z.object({ email: z.string(), kind: z.enum(['alias', 'inbox']) })),
});
export type AdminUser = z.infer<typeof AdminUser>;

export const NewUser = z.object({
  email: z.string(),
  name: z.optional(z.string()),
  role: z.enum(['super_admin', 'user']),
});
export const UserChange = z.object({
  role: z.optional(z.enum(['super_admin', 'user'])),
  paidSeat: z.optional(z.boolean()),
});
export const NewAlias = z.object({ email: z.string(), kind: z.enum(['alias', 'inbox']) });

/** A domain of the account: its own, or one claimed and proved by a DNS TXT record (aliases only in these). */
export const AccountDomainView = z.object({
  domain: z.string(),
  primary: z.boolean(),
  verified: z.boolean(),
  /** The TXT record to publish at the domain; null for the account's own domain. */
  txtRecord: z.nullable(z.string()),
});
export type AccountDomainView = z.infer<typeof AccountDomainView>;
export const NewDomain = z.object({ domain: z.string().check(z.maxLength(253)) });

export const ApiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.nullable(z.string()),
});
export type ApiKeyView = z.infer<typeof ApiKeyView>;
export const NewApiKey = z.object({ name: z.string().check(z.minLength(1), z.maxLength(100)) });
/** The key itself is in this answer only; the server keeps its hash. */
export const CreatedApiKey = z.object({ id: z.string(), name: z.string(), key: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

// --- the Gmail emulator page ---

export const GmailMailbox = z.object({
  address: z.string(),
  name: z.string(),
  /** The add-on is installed here: the address is a user of a mailtrail account. */
  addon: z.boolean(),
});
export type GmailMailbox = z.infer<typeof GmailMailbox>;

export const GmailMessage = z.object({
  id: z.string(),
  folder: z.enum(['inbox', 'sent']),
  from: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  bcc: z.array(z.string()),
  subject: z.string(),
  date: z.string(),
  snippet: z.string(),
  opened: z.boolean(),
});
export type GmailMessage = z.infer<typeof GmailMessage>;

export const GmailOpened = z.object({
  message: GmailMessage,
  /** Sanitized, with remote images replaced by what the image proxy fetched. */
  html: z.string(),
  text: z.string(),
  attachments: z.array(z.object({ name: z.string(), size: z.number() })),
  /** The remote images fetched as Google's image proxy would, with the status each got. */
  proxied: z.array(z.object({ url: z.string(), status: z.number() })),
});
export type GmailOpened = z.infer<typeof GmailOpened>;

export const GmailSend = z.object({
  from: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  bcc: z.array(z.string()),
  subject: z.string(),
  html: z.string(),
});
export type GmailSend = z.infer<typeof GmailSend>;

export const GmailSent = z.object({
  id: z.string(),
  deliveries: z.array(
    z.object({
      address: z.string(),
      to: z.enum(['mailbox', 'backend', 'nowhere']),
      ok: z.boolean(),
      response: z.string(),
    }),
  ),
});
export type GmailSent = z.infer<typeof GmailSent>;

export const AddonCall = z.object({
  user: z.string(),
  trigger: z.enum(['homepage', 'compose', 'message', 'universal', 'action']),
  fn: z.optional(z.string()),
  parameters: z.optional(z.record(z.string(), z.string())),
  formInputs: z.optional(z.record(z.string(), z.union([z.string(), z.array(z.string())]))),
  draft: z.optional(z.object({ to: z.array(z.string()), cc: z.array(z.string()), bcc: z.array(z.string()) })),
  messageId: z.optional(z.string()),
});
export type AddonCall = z.infer<typeof AddonCall>;

export const AddonResult = z.object({
  /** The add-on's answer as Gmail receives it (card v1 JSON in the HTTP add-on envelope). */
  response: z.unknown(),
  /** What the add-on threw, as Gmail's error bar would say it. */
  error: z.nullable(z.string()),
  fetches: z.number(),
});
export type AddonResult = z.infer<typeof AddonResult>;
