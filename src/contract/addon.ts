import * as z from 'zod/mini';
import { EmailAddress } from './addresses';
import { ReminderNote, ReminderRequest } from './reminders';
import { TemplateChoices } from './templates';
import {
  HttpUrl,
  Id,
  IntentToken,
  NeverLogTexts,
  RawRecipients,
  RecipientLists,
  text,
  Timestamp,
} from './addon-fields';

export { IntentToken, type RecipientLists };

// The /addon/v1 API: what the Gmail sidebar asks the backend, one round trip per card or action.
// Reasons travel as codes, not sentences, so that the add-on can say them in the user's language.
// Response schemas hold no transforms: the server serialises answers through them (zod encode).

export const ADDON_API_PREFIX = '/addon/v1';

/**
 * Gmail ends an add-on callback at 30 s with its own generic error card. The add-on treats an answer later than
 * ADDON_CALL_DEADLINE_MS as none, and the server answers every add-on call by ADDON_ANSWER_BY_MS whatever it is
 * waiting for, so the rep reads our words and has time to retry inside the same callback budget.
 */
export const ADDON_CALL_DEADLINE_MS = 20_000;
export const ADDON_ANSWER_BY_MS = 15_000;
/** The category of the server's answer at that deadline: the work goes on, and asking again is safe. */
export const STILL_WORKING = 'TIMEOUT';

export const RecordKind = z.enum(['contact', 'company', 'deal', 'ticket']);
export type RecordKind = z.infer<typeof RecordKind>;

export const AssociationRef = z.object({ type: RecordKind, id: Id });
export type AssociationRef = z.infer<typeof AssociationRef>;
const AssociationRefs = z.array(AssociationRef).check(z.maxLength(100));

export const RecipientStatus = z.enum(['contact', 'unknown', 'never_log', 'internal']);
export type RecipientStatus = z.infer<typeof RecipientStatus>;

/** Why a recipient cannot be tracked when the account's privacy mode is on (T6). */
export const UntrackableReason = z.enum(['no_legal_basis', 'not_a_contact']);
export type UntrackableReason = z.infer<typeof UntrackableReason>;

export const TrackingMode = z.enum(['off', 'anonymous', 'identified']);
export type TrackingMode = z.infer<typeof TrackingMode>;

/** Why the email gets the mode it gets, if Track is on. */
export const TrackingReason = z.enum([
  'one_recipient',
  'several_recipients',
  'no_recipients',
  'no_eligible_recipient',
  'not_allowed',
]);
export type TrackingReason = z.infer<typeof TrackingReason>;

export const EventLabel = z.enum(['human', 'proxy', 'apple_mpp', 'prefetch', 'scanner', 'self']);
export type EventLabel = z.infer<typeof EventLabel>;

export const ContactSummary = z.object({
  id: Id,
  name: text(300),
  email: text(320),
  legalBasis: z.nullable(text(200)),
  owner: z.nullable(text(300)),
  lastActivityAt: z.nullable(Timestamp),
});
export type ContactSummary = z.infer<typeof ContactSummary>;

export const CompanySummary = z.object({ id: Id, name: text(300), domain: z.nullable(text(255)) });
export type CompanySummary = z.infer<typeof CompanySummary>;

export const DealSummary = z.object({
  id: Id,
  name: text(300),
  stage: z.nullable(text(100)),
  amount: z.nullable(text(50)),
});
export type DealSummary = z.infer<typeof DealSummary>;

export const TicketSummary = z.object({ id: Id, name: text(300), stage: z.nullable(text(100)) });
export type TicketSummary = z.infer<typeof TicketSummary>;

/** A stage a deal created from the sidebar may start in, from the account's deal pipelines (P1). */
export const DealStageChoice = z.object({ pipeline: Id, stage: Id, label: text(300) });
export type DealStageChoice = z.infer<typeof DealStageChoice>;

/** A person the email is from or to, as the CRM knows them. */
export const Person = z.object({
  address: text(320),
  status: RecipientStatus,
  /** The never-log rule that matched, and whose list it is on. */
  neverLog: z.nullable(z.object({ rule: text(260), source: z.enum(['account', 'user']) })),
  contact: z.nullable(ContactSummary),
  companies: z.array(CompanySummary).check(z.maxLength(20)),
  deals: z.array(DealSummary).check(z.maxLength(20)),
  /** Open tickets (their stage is not closed in its pipeline). */
  tickets: z.array(TicketSummary).check(z.maxLength(20)),
});
export type Person = z.infer<typeof Person>;

export const ComposeRecipient = z.extend(Person, {
  field: z.enum(['to', 'cc', 'bcc']),
  trackable: z.boolean(),
  untrackableReason: z.nullable(UntrackableReason),
});
export type ComposeRecipient = z.infer<typeof ComposeRecipient>;

/** A record the email can be logged to. At most 100: the platform's limit for a static selection list (L2). */
export const PickerItem = z.object({
  type: RecordKind,
  id: Id,
  label: text(300),
  detail: z.nullable(text(300)),
  /** Pre-selected by the account's default associations. */
  selected: z.boolean(),
});
export type PickerItem = z.infer<typeof PickerItem>;

export const Picker = z.object({
  items: z.array(PickerItem).check(z.maxLength(100)),
  /** Items exist beyond the 100 shown (the most relevant come first). */
  truncated: z.boolean(),
  total: z.int().check(z.nonnegative()),
});
export type Picker = z.infer<typeof Picker>;

const BooleanSetting = z.object({ value: z.boolean(), enforced: z.boolean() });
export const EffectiveSettings = z.object({
  track: BooleanSetting,
  log: BooleanSetting,
  /** The record types an email is logged to by default (S2). */
  associations: z.object({ value: z.array(RecordKind), enforced: z.boolean() }),
  privacyMode: z.boolean(),
});
export type EffectiveSettings = z.infer<typeof EffectiveSettings>;

export const Permissions = z.object({ mayTrack: z.boolean(), mayTrackClicks: z.boolean() });
export type Permissions = z.infer<typeof Permissions>;

export const AddonUser = z.object({ email: text(320), name: text(300), role: z.enum(['super_admin', 'user']) });

// POST compose/context
export const ComposeContextRequest = z.extend(RecipientLists, { neverLog: NeverLogTexts });
export type ComposeContextRequest = z.infer<typeof ComposeContextRequest>;

export const ComposeContextResponse = z.object({
  user: AddonUser,
  bccDomain: text(255),
  recipients: z.array(ComposeRecipient),
  picker: Picker,
  settings: EffectiveSettings,
  permissions: Permissions,
  /** The mode the email would be tracked in, should the user switch Track on. */
  tracking: z.object({ mode: TrackingMode, reason: TrackingReason }),
  /** The templates and snippets the user may insert (P2), most recently used first. */
  templates: TemplateChoices,
  dealStages: z.array(DealStageChoice).check(z.maxLength(100)),
});
export type ComposeContextResponse = z.infer<typeof ComposeContextResponse>;

// POST compose/intents
export const ComposeIntentRequest = z.object({
  /** Chosen by the compose card when it opens: a retried Apply from the same card finds the same intent. */
  draftKey: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'is not a draft key')),
  /** The log secret already in the draft's Bcc, when Apply was clicked before: that intent is updated, not doubled. */
  previousToken: z.optional(IntentToken),
  track: z.boolean(),
  log: z.boolean(),
  associations: AssociationRefs,
  createContacts: z.array(EmailAddress).check(z.maxLength(500)),
  neverLog: NeverLogTexts,
  recipients: RecipientLists,
  /** "Remind me in N days if not opened / if no reply" (P3); absent or null: no reminder (one set before is dropped). */
  reminder: z.optional(z.nullable(ReminderRequest)),
});
export type ComposeIntentRequest = z.infer<typeof ComposeIntentRequest>;

export const ComposeIntentResponse = z.object({
  intentId: Id,
  token: IntentToken,
  bccAddress: text(320),
  /** Null unless the email is tracked. */
  pixelUrl: z.nullable(HttpUrl),
  /** False when the draft already carries this intent's pixel (Apply clicked twice). */
  insertPixel: z.boolean(),
  mode: TrackingMode,
  /** What was stored, after the account's enforced settings and the never-log lists were applied. */
  track: z.boolean(),
  log: z.boolean(),
  associations: AssociationRefs,
  createContacts: z.array(text(320)),
  reminder: z.optional(z.nullable(ReminderNote)),
});
export type ComposeIntentResponse = z.infer<typeof ComposeIntentResponse>;

// POST compose/links
/** `token` is the log secret in the draft's Bcc (the add-on cannot read the body, where the pixel is). */
export const ComposeLinkRequest = z.object({ token: IntentToken, url: HttpUrl, text: text(500) });
export type ComposeLinkRequest = z.infer<typeof ComposeLinkRequest>;
export const ComposeLinkResponse = z.object({ trackedUrl: HttpUrl });
export type ComposeLinkResponse = z.infer<typeof ComposeLinkResponse>;

// POST message/context
export const MessageContextRequest = z.object({
  /** The RFC 5322 Message-ID header: the key an email is logged under. */
  messageId: text(998),
  threadId: text(200),
  from: text(998),
  to: RawRecipients,
  cc: RawRecipients,
  subject: z.optional(text(998)),
  neverLog: NeverLogTexts,
  /**
   * The Message-IDs of every message in the thread (a thread holds at most 100). Gmail renders the whole thread,
   * so the user's own sent message is on screen even when a reply is the message selected (T8).
   */
  threadMessageIds: z.optional(z.array(text(998)).check(z.maxLength(100))),
});
export type MessageContextRequest = z.infer<typeof MessageContextRequest>;

export const TrackedEvent = z.object({
  at: Timestamp,
  label: EventLabel,
  /** The label is the classifier's best guess, not a decision (docs/labels.md). */
  uncertain: z.boolean(),
  /** Why, in words the UI shows (contract/labels.ts, explainLabel). */
  why: text(500),
  anonymous: z.boolean(),
  /** The link's target, for clicks. */
  url: z.nullable(text(2048)),
});
export type TrackedEvent = z.infer<typeof TrackedEvent>;

export const LoggedRef = z.object({ emailId: Id, url: HttpUrl });

export const MessageContextResponse = z.object({
  sender: Person,
  recipients: z.array(Person),
  /** Whether this email is already logged, and where to see it in the web app. */
  logged: z.nullable(LoggedRef),
  /** Present when this is a tracked email the user sent. */
  tracked: z.nullable(
    z.object({
      mode: TrackingMode,
      sentAt: z.nullable(Timestamp),
      opens: z.array(TrackedEvent).check(z.maxLength(100)),
      clicks: z.array(TrackedEvent).check(z.maxLength(100)),
    }),
  ),
  picker: Picker,
  bccDomain: text(255),
  dealStages: z.array(DealStageChoice).check(z.maxLength(100)),
});
export type MessageContextResponse = z.infer<typeof MessageContextResponse>;

// POST messages
export const AttachmentUpload = z.object({
  name: text(255),
  contentType: text(255),
  size: z.int().check(z.nonnegative()),
  /** Absent when the add-on could not send the content (too large for one request); the server records why. */
  base64: z.optional(z.string()),
});
export type AttachmentUpload = z.infer<typeof AttachmentUpload>;

export const SidebarMessage = z.object({
  messageId: text(998),
  threadId: text(200),
  headers: z.array(z.object({ name: text(200), value: text(10000) })).check(z.maxLength(500)),
  from: text(998),
  to: RawRecipients,
  cc: RawRecipients,
  date: Timestamp,
  subject: text(998),
  html: z.string(),
  text: z.string(),
  attachments: z.array(AttachmentUpload).check(z.maxLength(100)),
});
export type SidebarMessage = z.infer<typeof SidebarMessage>;

export const LogMessageRequest = z.object({
  message: SidebarMessage,
  /** The other messages of the thread, for "Log the whole thread". */
  threadMessages: z.optional(z.array(SidebarMessage).check(z.maxLength(100))),
  associations: AssociationRefs,
  createContacts: z.array(EmailAddress).check(z.maxLength(500)),
  neverLog: NeverLogTexts,
});
export type LogMessageRequest = z.infer<typeof LogMessageRequest>;

export const LeftOutReason = z.enum(['over_50mb', 'not_uploaded']);
export type LeftOutReason = z.infer<typeof LeftOutReason>;

export const LoggedMessage = z.object({
  messageId: text(998),
  emailId: Id,
  /** False when the email was logged before (by the BCC copy or an earlier click): nothing was duplicated. */
  created: z.boolean(),
  url: HttpUrl,
  leftOut: z.array(z.object({ name: text(255), reason: LeftOutReason })),
});
export type LoggedMessage = z.infer<typeof LoggedMessage>;

export const LogMessageResponse = z.extend(LoggedMessage, {
  thread: z.array(LoggedMessage),
  /** Messages the server would not log (never-log sender, not the user's own address…), with the reason. */
  notLogged: z.array(z.object({ messageId: text(998), reason: text(500) })),
});
export type LogMessageResponse = z.infer<typeof LogMessageResponse>;

// GET me
export const MeResponse = z.object({
  user: AddonUser,
  account: z.object({ name: text(300), bccDomain: text(255) }),
  /** The user's personal logging address `bcc+<secret>@<bcc domain>` (L11): shown to them only. */
  bccAddress: text(320),
  permissions: Permissions,
  settings: EffectiveSettings,
  /** The account's never-log list, shown read-only in the add-on's settings. */
  accountNeverLog: z.array(text(260)),
  webAppUrl: HttpUrl,
});
export type MeResponse = z.infer<typeof MeResponse>;

// POST viewing (answered 204)
export const ViewingRequest = z.object({ threadId: text(200), messageIds: z.array(text(998)).check(z.maxLength(100)) });
export type ViewingRequest = z.infer<typeof ViewingRequest>;

/**
 * What the add-on reads of an /addon/v1 error. The server answers the CRM API's ErrorBody (crm.ts); this is the
 * part the sidebar shows, kept apart so the Apps Script bundle does not carry the CRM schemas.
 */
export const AddonError = z.object({
  status: z.literal('error'),
  message: z.string(),
  category: z.string(),
  correlationId: z.string(),
});
export type AddonError = z.infer<typeof AddonError>;
