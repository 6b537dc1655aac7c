import type { AttachmentView, EmailSummary, Party, RecordSummary, RecordType } from '../../../contract/web';
import type { ObjectRecord } from '../../store/objects';
import { formatPropertyValue, type FormatContext } from '../../../contract/property-format';
import type { Language } from '../../../contract/language';
import { withoutTracking } from '../../logging/without-tracking';
import { htmlToText } from './sanitize';

/**
 * A summary's values are written the way its reader's language writes them (24,000 or 24 000); the page formats
 * the values it shows in the reader's own locale and time zone.
 */
const SUMMARY_LOCALE: Record<Language, string> = { en: 'en-US', fr: 'fr-FR' };

// Store records → the shapes the web app shows. Pure functions, so the pages' wording is tested without a server.

export function recordName(r: ObjectRecord): string {
  const p = r.properties;
  switch (r.type) {
    case 'contacts':
      return [p.firstname, p.lastname].filter(Boolean).join(' ') || p.email || `Contact ${r.id}`;
    case 'companies':
      return p.name || p.domain || `Company ${r.id}`;
    case 'deals':
      return p.dealname || `Deal ${r.id}`;
    case 'tickets':
      return p.subject || `Ticket ${r.id}`;
    default:
      return p.hs_email_subject || `Email ${r.id}`;
  }
}

/** `options`: the account's own labels (pipelines and stages), where the summary is made with them at hand. */
export function recordSummary(
  r: ObjectRecord,
  options?: FormatContext['options'],
  language: Language = 'en',
): RecordSummary {
  const format: FormatContext = { locale: SUMMARY_LOCALE[language], ...(options && { options }) };
  const p = r.properties;
  const parts =
    r.type === 'contacts'
      ? [p.email, p.jobtitle]
      : r.type === 'companies'
        ? [p.domain, p.industry]
        : r.type === 'tickets'
          ? [
              formatPropertyValue('tickets', 'hs_pipeline_stage', p, format),
              formatPropertyValue('tickets', 'hs_ticket_priority', p, format),
            ]
          : [formatPropertyValue('deals', 'dealstage', p, format), formatPropertyValue('deals', 'amount', p, format)];
  return {
    type: r.type as RecordType,
    id: String(r.id),
    name: recordName(r),
    subtitle: parts.filter(Boolean).join(' · '),
  };
}

type HeaderParty = { email?: string; firstName?: string; lastName?: string; name?: string };
type Headers = { from?: HeaderParty; to?: HeaderParty[]; cc?: HeaderParty[] };

function party(p: HeaderParty | undefined): Party {
  return { email: p?.email ?? '', name: p?.name ?? [p?.firstName, p?.lastName].filter(Boolean).join(' ') };
}

/** `hs_email_headers` is a JSON string (HubSpot's shape); a bad one shows as no parties rather than failing the page. */
export function emailHeaders(r: ObjectRecord): { from: Party; to: Party[]; cc: Party[] } {
  let headers: Headers;
  try {
    headers = JSON.parse(r.properties.hs_email_headers ?? '{}') as Headers;
  } catch {
    headers = {};
  }
  return { from: party(headers.from), to: (headers.to ?? []).map(party), cc: (headers.cc ?? []).map(party) };
}

/** The email's text without mailtrail's pixel, which emails logged before it was left out still end with. */
export function emailText(r: ObjectRecord): string {
  const text = r.properties.hs_email_text || htmlToText(r.properties.hs_email_html ?? '');
  return withoutTracking({ html: null, text }, new Map()).text ?? '';
}

export function emailSummary(
  r: ObjectRecord,
  extra: {
    pinned: boolean;
    associations: EmailSummary['associations'];
    attachments: AttachmentView[];
    tracking: EmailSummary['tracking'];
    sendNotes: string[];
    threadSize: number;
  },
): EmailSummary {
  const p = r.properties;
  const text = emailText(r);
  return {
    id: String(r.id),
    subject: p.hs_email_subject ?? '',
    ...emailHeaders(r),
    at: p.hs_timestamp || new Date(r.createdAt).toISOString(),
    direction: p.hs_email_direction || 'EMAIL',
    snippet: text.length > 200 ? `${text.slice(0, 200)}…` : text,
    messageId: p.hs_email_message_id || null,
    ...extra,
  };
}

/** When the email happened: `hs_timestamp`, else its creation. */
export function emailTime(r: ObjectRecord): number {
  const t = Date.parse(r.properties.hs_timestamp ?? '');
  return Number.isNaN(t) ? r.createdAt : t;
}
