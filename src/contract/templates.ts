import * as z from 'zod/mini';
import { Id, IntentToken, RawRecipients, text } from './addon-fields';

// Templates and snippets (P2): the wire shapes of the web app's library and of the sidebar's Insert, and the one
// merge-field syntax both the server (check on save, fill on insert) and the web app (help text) read.

export const TemplateKind = z.enum(['template', 'snippet']);
export type TemplateKind = z.infer<typeof TemplateKind>;

/**
 * Gmail sends a message of at most 25 MB, attachments included (support.google.com/mail/answer/6584,
 * support.google.com/a/answer/9050120). A body over it could never be sent, so it is refused when saved.
 */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;
/** RFC 5322 §2.1.1: a header line is at most 998 characters; the subject is one. */
export const MAX_SUBJECT_LENGTH = 998;
export const MAX_NAME_LENGTH = 200;
/** What the compose card lists: a selection input takes at most 100 items. */
export const MAX_TEMPLATE_CHOICES = 100;

/** The objects a merge field reads, and the sender's own fields (the user's name and address). */
export const MERGE_OBJECTS = ['contact', 'company', 'deal', 'sender'] as const;
export type MergeObject = (typeof MERGE_OBJECTS)[number];
export const SENDER_FIELDS = ['firstname', 'lastname', 'fullname', 'email'] as const;

export type MergeField = {
  /** The text as written, braces included. */
  raw: string;
  object: string;
  property: string;
  /** What the field becomes when its value is empty (several recipients, no such record, empty property). */
  fallback: string;
  start: number;
  end: number;
};

const FIELD = /^\s*([A-Za-z]+)\.([A-Za-z0-9_]+)\s*(?:\|\s*"([^"]*)"\s*)?$/;

/**
 * The merge fields of a text: `{{contact.firstname}}` or `{{contact.firstname | "there"}}` (the fallback in double
 * quotes). A `{{…}}` that is not one, or an unclosed `{{`, is an error naming it.
 */
export function parseMergeFields(source: string): { fields: MergeField[]; errors: string[] } {
  const fields: MergeField[] = [];
  const errors: string[] = [];
  const braces = /\{\{([\s\S]*?)\}\}/g;
  let last = 0;
  for (let m = braces.exec(source); m; m = braces.exec(source)) {
    last = m.index + m[0].length;
    const parts = FIELD.exec(m[1]);
    if (!parts) {
      errors.push(
        `${shorten(m[0])} is not a merge field: write {{object.property}} or {{object.property | "fallback"}}`,
      );
      continue;
    }
    fields.push({
      raw: m[0],
      object: parts[1].toLowerCase(),
      property: parts[2].toLowerCase(),
      fallback: parts[3] ?? '',
      start: m.index,
      end: last,
    });
  }
  const open = source.indexOf('{{', last);
  if (open >= 0) errors.push(`${shorten(source.slice(open))} opens a merge field that is never closed with }}`);
  return { fields, errors };
}

function shorten(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** The text with each field replaced by `valueOf(field)`, or its fallback when that is empty. */
export function fillMergeFields(
  source: string,
  fields: MergeField[],
  valueOf: (f: MergeField) => string | null,
): { text: string; fallbacks: string[] } {
  let out = '';
  let at = 0;
  const fallbacks: string[] = [];
  for (const f of fields) {
    const value = valueOf(f);
    if (!value) fallbacks.push(`${f.object}.${f.property}`);
    out += source.slice(at, f.start) + (value || f.fallback);
    at = f.end;
  }
  return { text: out + source.slice(at), fallbacks };
}

// Web app: /web/v1/templates

export const TemplateInput = z.object({
  kind: TemplateKind,
  name: z.string(),
  /** A template's subject; a snippet has none (ignored). */
  subject: z.optional(z.string()),
  /** Plain text: line breaks are kept when it is inserted. Checked against MAX_BODY_BYTES by the server. */
  body: z.string(),
  /** Shared with the whole account, or only the owner's. */
  shared: z.boolean(),
});
export type TemplateInput = z.infer<typeof TemplateInput>;

export const TemplateReport = z.object({
  /** Times a rep inserted it from the sidebar. */
  inserted: z.number(),
  /** Emails sent with it (the copy reached mailtrail). */
  sent: z.number(),
  /** Of those, the tracked ones: the base of the rates. */
  tracked: z.number(),
  /** Tracked emails a person opened, and clicked (machines apart, docs/labels.md). */
  opened: z.number(),
  clicked: z.number(),
  openRate: z.nullable(z.number()),
  clickRate: z.nullable(z.number()),
  /** Opens and clicks machines made (proxies, prefetches, scanners), counted apart. */
  machineOpens: z.number(),
  machineClicks: z.number(),
});
export type TemplateReport = z.infer<typeof TemplateReport>;

export const TemplateView = z.object({
  id: z.string(),
  kind: TemplateKind,
  name: z.string(),
  subject: z.nullable(z.string()),
  body: z.string(),
  shared: z.boolean(),
  owner: z.object({ id: z.string(), name: z.string() }),
  /** The viewer may edit and delete it: its owner, or a super admin for a shared one. */
  editable: z.boolean(),
  updatedAt: z.string(),
  lastUsedAt: z.nullable(z.string()),
  report: TemplateReport,
});
export type TemplateView = z.infer<typeof TemplateView>;

export const TemplateList = z.object({ results: z.array(TemplateView) });
export type TemplateList = z.infer<typeof TemplateList>;

// Add-on: the compose context lists them; POST /addon/v1/compose/templates fills one.

export const TemplateChoice = z.object({ id: Id, kind: TemplateKind, name: text(MAX_NAME_LENGTH) });
export type TemplateChoice = z.infer<typeof TemplateChoice>;
export const TemplateChoices = z.array(TemplateChoice).check(z.maxLength(MAX_TEMPLATE_CHOICES));

export const InsertTemplateRequest = z.object({
  templateId: Id,
  /** The compose card's key: the intent Apply makes from this card is the email this use is counted on. */
  draftKey: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'is not a draft key')),
  /** The log secret in the draft's Bcc, when Apply came first. */
  token: z.optional(IntentToken),
  recipients: z.object({ to: RawRecipients, cc: RawRecipients, bcc: RawRecipients }),
});
export type InsertTemplateRequest = z.infer<typeof InsertTemplateRequest>;

export const InsertTemplateResponse = z.object({
  kind: TemplateKind,
  /** The filled subject of a template; null for a snippet. */
  subject: z.nullable(text(MAX_SUBJECT_LENGTH)),
  /** The filled body, as HTML to insert at the cursor. */
  html: z.string(),
  /** The recipient fields were filled from the one recipient's records, or took their fallbacks (several, or none). */
  filledFrom: z.enum(['recipient', 'fallbacks']),
});
export type InsertTemplateResponse = z.infer<typeof InsertTemplateResponse>;
