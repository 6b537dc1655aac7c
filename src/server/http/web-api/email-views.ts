import type { Language } from '../../../contract/language';
import type { AttachmentView, EmailSummary, RecordSummary, RecordType } from '../../../contract/web';
import type { StoredAttachment } from '../../store/logged-emails';
import type { AccountScope } from '../../store';
import type { ObjectRecord } from '../../store/objects';
import type { Intent } from '../../store/intents';
import { emailEvents, machinesOf } from '../../tracking/feed';
import { emailSummary, emailTime, recordSummary } from './views';

const RECORD_TYPES: RecordType[] = ['contacts', 'companies', 'deals', 'tickets'];

/** Each record's associated contacts, companies, deals and tickets, read in one query per type for all of them. */
export async function associatedOf(
  scope: AccountScope,
  ids: number[],
): Promise<Map<number, EmailSummary['associations']>> {
  const result = new Map<number, EmailSummary['associations']>(
    ids.map((id) => [id, { contacts: [], companies: [], deals: [], tickets: [] }]),
  );
  for (const type of RECORD_TYPES) {
    const links = await scope.associations.listMany(ids, type);
    const targetIds = [...new Set([...links.values()].flat().map((a) => a.toId))];
    const targets = new Map((await scope.objects.getMany(type, targetIds)).map((r) => [r.id, recordSummary(r)]));
    for (const [fromId, list] of links) {
      result.get(fromId)![type] = list.map((a) => targets.get(a.toId)).filter((s): s is RecordSummary => Boolean(s));
    }
  }
  return result;
}

/** Attachments as the logging code stored them; inline parts (images the body shows) are part of the body. */
export function attachmentViews(stored: StoredAttachment[]): AttachmentView[] {
  return stored
    .filter((a) => !(a.inline && a.contentId))
    .map((a) => ({ id: String(a.id), name: a.name, contentType: a.contentType, size: a.size, leftOut: a.leftOut }));
}

/** The emails of the thread an email belongs to, oldest first (just the email when it was not logged by mailtrail). */
export async function threadOf(scope: AccountScope, email: ObjectRecord): Promise<ObjectRecord[]> {
  const logged = await scope.loggedEmails.byEmailId(email.id);
  if (!logged) return [email];
  const members = await scope.loggedEmails.thread(logged.threadKey);
  const records = await scope.objects.getMany(
    'emails',
    members.map((m) => m.emailId),
  );
  if (!records.some((r) => r.id === email.id)) records.push(email);
  return records.sort((a, b) => emailTime(a) - emailTime(b) || a.id - b.id);
}

/**
 * Opens and clicks of a tracked email, from the tracking counters (null when it was not tracked: no Apply, Track
 * off, or nobody as sent could be), and what its copy changed from Apply.
 */
async function sendOf(
  scope: AccountScope,
  intentId: number | null,
  language: Language,
): Promise<Pick<EmailSummary, 'tracking' | 'sendNotes'>> {
  const intent = intentId === null ? undefined : await scope.intents.byId(intentId);
  if (!intent) return { tracking: null, sendNotes: [] };
  if (!intent.track || intent.mode === 'off') return { tracking: null, sendNotes: intent.sendNotes };
  return { tracking: await trackingOf(scope, intent, language), sendNotes: intent.sendNotes };
}

/** A tracked email's opens and clicks: the counts, the machines folded, and every event with its label (P4). */
export async function trackingOf(
  scope: AccountScope,
  intent: Intent,
  language: Language,
): Promise<NonNullable<EmailSummary['tracking']>> {
  const [c, machines, overflow, events] = await Promise.all([
    scope.tracking.counters(intent.id),
    machinesOf(scope, intent.id, language),
    scope.tracking.overflowOf(intent.id),
    emailEvents(scope, intent.id, language),
  ]);
  return {
    opens: c?.opens ?? 0,
    humanOpens: c?.person_opens ?? 0,
    clicks: c?.clicks ?? 0,
    lastOpenAt: c?.last_open_at ? new Date(c.last_open_at).toISOString() : null,
    machines,
    // An empty source is the email's budget over all addresses.
    moreFetches: overflow.map((o) => ({ fetches: o.fetches, oneAddress: o.source !== '' })),
    events: [
      ...events.opens.map((e) => ({ ...e, kind: 'open' as const })),
      ...events.clicks.map((e) => ({ ...e, kind: 'click' as const })),
    ]
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
      .slice(0, 400),
  };
}

/** Timeline cards for emails, with their associations, pin state on `pinnedId`, attachments and tracking. */
export async function emailSummaries(
  scope: AccountScope,
  emails: ObjectRecord[],
  pinnedId?: number,
  /** The reader's: the machines' reasons are said in it. */
  language: Language = 'en',
): Promise<EmailSummary[]> {
  const ids = emails.map((e) => e.id);
  const associations = await associatedOf(scope, ids);
  const repo = scope.loggedEmails;
  const stored = await repo.attachments(ids);
  const summaries: EmailSummary[] = [];
  for (const e of emails) {
    const logged = await repo.byEmailId(e.id);
    const threadSize = logged ? (await repo.thread(logged.threadKey)).length : 1;
    const summary = emailSummary(e, {
      pinned: e.id === pinnedId,
      associations: associations.get(e.id) ?? { contacts: [], companies: [], deals: [], tickets: [] },
      attachments: attachmentViews(stored.filter((a) => a.emailId === e.id)),
      ...(await sendOf(scope, logged?.intentId ?? null, language)),
      threadSize,
    });
    summaries.push(logged ? { ...summary, messageId: logged.messageId } : summary);
  }
  return summaries;
}
