import { createHash } from 'node:crypto';
import { bareAddress } from '../../contract/addresses';
import type { EventLabel, TrackedEvent } from '../../contract/addon';
import type { FeedItem, FoldedEvent } from '../../contract/feed';
import type { ReminderNote } from '../../contract/reminders';
import { explainLabel } from '../../contract/labels';
import type { Language } from '../../contract/language';
import { webPaths } from '../../contract/web';
import type { Intent } from '../store/intents';
import type { Reminder } from '../store/reminders';
import type { AccountScope } from '../store/scope';
import type { TrackingEvent } from '../store/tracking-events';

// The activity feed (T1, T3): one source for the add-on's home card, the web app's feed page and its live stream.
//   sent / opened  one item per tracked email: *Sent* until a person opens it, then *Opened* with every open time
//   clicked        one item per person's click (a machine's is folded under its email, below)
//   logged         one item per email logged by the user
//   not_logged     one item per BCC copy received but deliberately not logged, with the reason
//   reminder       one item per follow-up reminder that came due (P3), at the time it fired
// Items are newest first by the time of their last activity; an opened email moves up when it is opened again.
// Machines are visible, never loud (docs/labels.md): a sent or opened email carries its machine and uncertain
// machine events folded under it ("2 machine fetches, why"); they never move it up or notify. An uncertain person's
// open or click is an item like any other, marked uncertain with why.

const MAX_OPENS = 100;
const MAX_FOLDED = 10;

type Labelled = { kind: 'open' | 'click'; label: EventLabel; uncertain: boolean; reasons: readonly string[] };
const why = (e: Labelled, language: Language) => explainLabel(e.kind, e.label, e.uncertain, e.reasons, language);

function folded(
  events: { events: TrackingEvent[]; count: number } | undefined,
  language: Language,
): {
  machines: FoldedEvent[];
  machineCount: number;
} {
  if (!events) return { machines: [], machineCount: 0 };
  return {
    machines: events.events.map((e) => ({
      at: iso(e.occurredAt),
      kind: e.kind,
      label: e.label,
      uncertain: e.uncertain,
      why: why(e, language),
    })),
    machineCount: events.count,
  };
}

/** The machine events folded under one email, for its timeline card. */
export async function machinesOf(scope: AccountScope, intentId: number, language: Language): Promise<FoldedEvent[]> {
  return folded((await scope.tracking.machineEvents([intentId], MAX_FOLDED)).get(intentId), language).machines;
}

/** The fields of an item that is no open or click. */
const NO_EVENT = { uncertain: false, why: null, machines: [], machineCount: 0 };
const iso = (ms: number) => new Date(ms).toISOString();

type Contact = FeedItem['contact'];

function contactName(p: Record<string, string | null>, email: string | null): string {
  return [p.firstname, p.lastname].filter(Boolean).join(' ') || email || '';
}

/**
 * Names for the readers emails are attributed to: by contact id, else by address (a contact created later), else
 * the address itself (a reader who is not a contact, or whose contact was archived).
 */
async function contactsOf(
  scope: AccountScope,
  refs: { id: number | null; address: string | null }[],
): Promise<(ref: { id: number | null; address: string | null }) => Contact> {
  const ids = [...new Set(refs.flatMap((r) => (r.id === null ? [] : [r.id])))];
  const addresses = [...new Set(refs.flatMap((r) => (r.address === null ? [] : [r.address])))];
  const rows = await scope.objects.contactsFor(ids, addresses);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const byAddress = new Map(rows.filter((r) => r.email).map((r) => [r.email!, r]));
  return (ref) => {
    const row =
      (ref.id !== null ? byId.get(ref.id) : undefined) ??
      (ref.address !== null ? byAddress.get(ref.address) : undefined);
    if (row)
      return {
        id: String(row.id),
        name: contactName(row.properties, row.email),
        email: row.email ?? ref.address ?? '',
      };
    return ref.address === null ? null : { id: null, name: ref.address, email: ref.address };
  };
}

export type FeedPage = { items: FeedItem[]; next: string | null };

function parseCursor(after: string | undefined): { at: number; id: string } | null {
  const m = after ? /^(\d{1,15}):([A-Za-z0-9:-]{1,64})$/.exec(after) : null;
  return m ? { at: Number(m[1]), id: m[2] } : null;
}

/** Newest first; ties broken by id, so the order is total and a cursor names one place in it. */
function newerFirst(a: FeedItem, b: FeedItem): number {
  return b.at.localeCompare(a.at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

type LoggedRow = Awaited<ReturnType<AccountScope['loggedEmails']['forFeed']>>[number];

/** The *Logged* items of emails the user logged, each named by the first contact it is logged to (T3). */
async function itemsOfLogged(scope: AccountScope, rows: LoggedRow[], publicUrl: string): Promise<FeedItem[]> {
  if (!rows.length) return [];
  const loggedTo = await scope.associations.listMany(
    rows.map((l) => l.email_id),
    'contacts',
  );
  const firstContactOf = (emailId: number) => loggedTo.get(emailId)?.[0]?.toId ?? null;
  const contact = await contactsOf(
    scope,
    rows.map((l) => ({ id: firstContactOf(l.email_id), address: null })),
  );
  return rows.map((l) => ({
    id: `l${l.email_id}`,
    kind: 'logged' as const,
    label: null,
    ...NO_EVENT,
    anonymous: false,
    contact: contact({ id: firstContactOf(l.email_id), address: null }),
    subject: l.properties.hs_email_subject ?? null,
    at: iso(l.created_at),
    opens: [],
    url: null,
    reason: null,
    emailUrl: `${publicUrl}${webPaths.email(String(l.email_id))}`,
  }));
}

/** The *Logged* items of these emails by email id, for the open feeds of the user who logged them (theirs only). */
export async function loggedItems(
  scope: AccountScope,
  userId: number,
  emailIds: number[],
  publicUrl: string,
): Promise<Map<number, FeedItem>> {
  const rows = await scope.loggedEmails.feedRowsOf(userId, emailIds);
  const items = await itemsOfLogged(scope, rows, publicUrl);
  return new Map(rows.map((r, i) => [r.email_id, items[i]]));
}

export async function feedPage(
  scope: AccountScope,
  userId: number,
  page: { after?: string; limit: number },
  publicUrl: string,
  language: Language,
): Promise<FeedPage> {
  const cursor = parseCursor(page.after);
  const before = cursor?.at ?? Number.MAX_SAFE_INTEGER;
  const take = page.limit + 1;
  const [sent, clicks, logged, notLogged, reminders] = await Promise.all([
    scope.intents.sentForFeed(userId, before, take),
    scope.tracking.clicksForFeed(userId, before, take),
    scope.loggedEmails.forFeed(userId, before, take),
    scope.notLogged.forUser(userId, {
      before: before === Number.MAX_SAFE_INTEGER ? undefined : before + 1,
      limit: take,
    }),
    scope.reminders.firedForFeed(userId, before + 1, take),
  ]);

  const [opens, machines, emailIds, loggedItemsOfPage] = await Promise.all([
    scope.tracking.personOpens(
      sent.map((s) => s.id),
      MAX_OPENS,
    ),
    scope.tracking.machineEvents(
      sent.map((s) => s.id),
      MAX_FOLDED,
    ),
    scope.loggedEmails.emailIds([...sent, ...clicks].flatMap((r) => (r.message_id ? [r.message_id] : []))),
    itemsOfLogged(scope, logged, publicUrl),
  ]);
  const contact = await contactsOf(scope, [
    ...sent
      .filter((s) => s.mode === 'identified')
      .map((s) => ({ id: s.attributed_contact_id, address: s.attributed_address })),
    ...clicks.filter((c) => !c.anonymous).map((c) => ({ id: c.contact_id, address: c.attributed_address })),
  ]);
  const emailUrl = (messageId: string | null) => {
    const id = messageId ? emailIds.get(messageId) : undefined;
    return id === undefined ? null : `${publicUrl}${webPaths.email(String(id))}`;
  };

  const items: FeedItem[] = [
    ...sent.map((s) => {
      const seen = opens.get(s.id) ?? [];
      return {
        id: `e${s.id}`,
        kind: seen.length ? ('opened' as const) : ('sent' as const),
        label: seen[0]?.label ?? null,
        uncertain: seen[0]?.uncertain ?? false,
        why: seen[0] ? why({ kind: 'open', ...seen[0] }, language) : null,
        ...folded(machines.get(s.id), language),
        anonymous: s.mode === 'anonymous',
        contact:
          s.mode === 'identified' ? contact({ id: s.attributed_contact_id, address: s.attributed_address }) : null,
        subject: s.subject,
        at: iso(Number(s.active_at)),
        opens: seen.map((o) => iso(o.at)),
        url: null,
        reason: null,
        emailUrl: emailUrl(s.message_id),
      };
    }),
    ...clicks.map((c) => ({
      id: `c${c.id}`,
      kind: 'clicked' as const,
      label: c.label,
      uncertain: c.uncertain,
      why: why({ kind: 'click', ...c }, language),
      machines: [],
      machineCount: 0,
      anonymous: Boolean(c.anonymous),
      contact: c.anonymous ? null : contact({ id: c.contact_id, address: c.attributed_address }),
      subject: c.subject,
      at: iso(c.occurred_at),
      opens: [],
      url: c.url,
      reason: null,
      emailUrl: emailUrl(c.message_id),
    })),
    ...loggedItemsOfPage,
    ...notLogged.map((n) => ({
      id: `n${n.intentId}-${createHash('sha256').update(n.messageId).digest('hex').slice(0, 12)}`,
      kind: 'not_logged' as const,
      label: null,
      ...NO_EVENT,
      anonymous: false,
      contact: null,
      subject: n.subject,
      at: iso(n.createdAt),
      opens: [],
      url: null,
      reason: n.more ? `${n.reason}${MORE_COPIES[language](n.more)}` : n.reason,
      emailUrl: null,
    })),
    ...(await reminderItems(scope, reminders, publicUrl)),
  ];
  const after = cursor
    ? items.filter((i) => Date.parse(i.at) < cursor.at || (Date.parse(i.at) === cursor.at && i.id < cursor.id))
    : items;
  after.sort(newerFirst);
  const shown = after.slice(0, page.limit);
  const last = shown[shown.length - 1];
  return { items: shown, next: after.length > page.limit && last ? `${Date.parse(last.at)}:${last.id}` : null };
}

export function reminderNote(r: Reminder): ReminderNote {
  return { condition: r.condition, days: r.days, dueAt: iso(r.dueAt), taskId: String(r.taskId) };
}

/**
 * Fired reminders as feed items, named after the email's one reader, or its first recipient when it went to
 * several: the person to follow up with.
 */
export async function reminderItems(
  scope: AccountScope,
  reminders: Reminder[],
  publicUrl: string,
): Promise<FeedItem[]> {
  const fired = reminders.filter((r) => r.firedAt !== null);
  if (!fired.length) return [];
  const intents = new Map(
    (await Promise.all(fired.map((r) => scope.intents.byId(r.intentId)))).flatMap((i) => (i ? [[i.id, i]] : [])),
  );
  const readerOf = (i: Intent | undefined) => {
    if (i?.attributedTo) return { id: i.attributedTo.contactId, address: i.attributedTo.address };
    const first = i?.recipients.to[0] ?? i?.recipients.cc[0];
    return { id: null, address: first ? bareAddress(first) : null };
  };
  const [contact, emailIds] = await Promise.all([
    contactsOf(
      scope,
      fired.map((r) => readerOf(intents.get(r.intentId))),
    ),
    scope.loggedEmails.emailIds([...intents.values()].flatMap((i) => (i.messageId ? [i.messageId] : []))),
  ]);
  return fired.map((r) => {
    const intent = intents.get(r.intentId);
    const emailId = intent?.messageId ? emailIds.get(intent.messageId) : undefined;
    return {
      id: `r${r.id}`,
      kind: 'reminder' as const,
      label: null,
      ...NO_EVENT,
      anonymous: false,
      contact: contact(readerOf(intent)),
      subject: intent?.subject ?? null,
      at: iso(r.firedAt!),
      opens: [],
      url: null,
      reason: null,
      emailUrl: emailId === undefined ? null : `${publicUrl}${webPaths.email(String(emailId))}`,
      reminder: reminderNote(r),
    };
  });
}

/** The feed item a notification carries: the email's *Opened* item with every open, or the click. */
export async function notificationItem(
  scope: AccountScope,
  intent: Intent,
  event: TrackingEvent,
  publicUrl: string,
  language: Language,
): Promise<FeedItem> {
  const [opens, machines, emailIds, contact] = await Promise.all([
    event.kind === 'open'
      ? scope.tracking.personOpens([intent.id], MAX_OPENS)
      : Promise.resolve(new Map<number, { at: number }[]>()),
    event.kind === 'open'
      ? scope.tracking.machineEvents([intent.id], MAX_FOLDED)
      : Promise.resolve(new Map<number, { events: TrackingEvent[]; count: number }>()),
    scope.loggedEmails.emailIds(intent.messageId ? [intent.messageId] : []),
    contactsOf(
      scope,
      intent.attributedTo ? [{ id: intent.attributedTo.contactId, address: intent.attributedTo.address }] : [],
    ),
  ]);
  const emailId = intent.messageId ? emailIds.get(intent.messageId) : undefined;
  const common = {
    anonymous: intent.mode === 'anonymous',
    contact: intent.attributedTo
      ? contact({ id: intent.attributedTo.contactId, address: intent.attributedTo.address })
      : null,
    subject: intent.subject,
    reason: null,
    emailUrl: emailId === undefined ? null : `${publicUrl}${webPaths.email(String(emailId))}`,
  };
  if (event.kind === 'click') {
    const link = (await scope.intents.links(intent.id)).find((l) => l.id === event.linkId);
    return {
      ...common,
      id: `c${event.id}`,
      kind: 'clicked',
      label: event.label,
      uncertain: event.uncertain,
      why: why(event, language),
      machines: [],
      machineCount: 0,
      at: iso(event.occurredAt),
      opens: [],
      url: link?.url ?? null,
    };
  }
  const seen = opens.get(intent.id) ?? [];
  return {
    ...common,
    id: `e${intent.id}`,
    kind: 'opened',
    label: event.label,
    uncertain: event.uncertain,
    why: why(event, language),
    ...folded(machines.get(intent.id), language),
    at: iso(event.occurredAt),
    opens: seen.map((o) => iso(o.at)),
    url: null,
  };
}

/** The opens and clicks of one email for the add-on's message card, newest first, each with its label. */
export async function emailEvents(
  scope: AccountScope,
  intentId: number,
  language: Language,
): Promise<{ opens: TrackedEvent[]; clicks: TrackedEvent[] }> {
  const events = await scope.tracking.eventsOf(intentId, 400);
  const shape = (e: (typeof events)[number]): TrackedEvent => ({
    at: iso(e.occurredAt),
    label: e.label,
    uncertain: e.uncertain,
    why: why(e, language),
    anonymous: e.anonymous,
    url: e.url,
  });
  return {
    opens: events.filter((e) => e.kind === 'open').map(shape),
    clicks: events.filter((e) => e.kind === 'click').map(shape),
  };
}

/** The copies of one email to a logging address beyond the first, also not logged (the feed shows one row). */
const MORE_COPIES: Record<Language, (n: number) => string> = {
  en: (n) =>
    `; and ${n.toLocaleString('en-US')} more ${n === 1 ? 'copy' : 'copies'} to this logging address, not logged either`,
  fr: (n) =>
    ` ; et ${n.toLocaleString('fr-FR')} ${n === 1 ? 'autre copie' : 'autres copies'} à cette adresse de consignation, non ${n === 1 ? 'consignée' : 'consignées'} non plus`,
};
