import type { AssociationRef } from '../../contract/addon';
import { RECORD_OBJECT_TYPES } from '../../contract/addon-records';
import { domainOf, normaliseAddress } from '../../contract/addresses';
import type { InlineAssociation } from '../../contract/crm';
import { MAX_BODY_LENGTH } from '../../contract/crm-properties';
import { isNeverLogged, parseNeverLogList } from '../../contract/never-log';
import { CrmRecords } from '../crm/records';
import type { AccountScope } from '../store';
import { isUniqueViolation } from '../store/dialect';
import type { User } from '../store/users';
import type { AttachmentStore } from '../core/attachments';
import { trackedLinkTokens, withoutTracking } from './without-tracking';
import type { Said } from './notes';

export type LogParty = { address: string; name: string };

export type LogAttachment = {
  filename: string | null;
  contentType: string;
  contentId: string | null;
  inline: boolean;
  size: number;
  sha256: string | null;
  /** A finished temporary file to move into the attachment store; null when the content is there already or left out. */
  file: string | null;
  /** Or the content itself (the sidebar uploads it), stored only once the email is known to be logged. */
  content?: Buffer;
  /** Why the content is not kept (L6), or null. */
  leftOut: string | null;
};

/** An email to log, whichever way it came (the BCC listener's InboundEmail fits this shape). */
export type EmailToLog = {
  /** Normalised `<id@host>` (normaliseMessageId). */
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  date: Date | null;
  subject: string;
  from: LogParty | null;
  to: LogParty[];
  cc: LogParty[];
  html: string | null;
  text: string | null;
  headers: Array<{ name: string; value: string }>;
  attachments: LogAttachment[];
};

export type LogEmailRequest = {
  /** Who logs it: the intent's user (BCC) or the person using the sidebar. Owner of the email and of new contacts. */
  user: User;
  email: EmailToLog;
  /** Records the user chose; ones that no longer exist, or contacts on a never-log list, are skipped. */
  associations: AssociationRef[];
  /** Addresses to make contacts of (L3), when they are parties of the email and not contacts yet. */
  createContacts: string[];
  /** The user's own never-log rules (the account's are read here). */
  userNeverLog: string[];
  source: 'bcc' | 'sidebar';
  intentId?: number | null;
};

export type LogEmailResult =
  | {
      logged: true;
      emailId: number;
      created: boolean;
      leftOut: Array<{ name: string; size: number; reason: string }>;
      contactsCreated: number[];
    }
  | { logged: false; reason: Said };

/** HubSpot's email→contact / company / deal / ticket association types. */
const EMAIL_TO = { contacts: 198, companies: 186, deals: 210, tickets: 224 } as const;

/**
 * Logs one email exactly once per account and Message-ID (L9, B4), for the sidebar and the BCC listener alike:
 * a second copy adds the associations it brings, never a second email. Attachments are moved into the attachment
 * store before the transaction (content-addressed, so a retry rewrites the same file); everything else commits
 * together. Never-log rules of the account and of the user are respected (L5): an email whose other parties are
 * all never-logged is not logged, and no never-logged address is associated or made a contact. The body is stored
 * without mailtrail's pixel and with tracked links leading to their targets (withoutTracking).
 */
export async function logEmail(
  scope: AccountScope,
  attachmentStore: AttachmentStore,
  request: LogEmailRequest,
): Promise<LogEmailResult> {
  const account = await scope.account.get();
  if (!account) throw new Error(`account ${scope.accountId} does not exist`);
  const rules = parseNeverLogList([...account.settings.neverLog, ...request.userNeverLog]).rules;
  const own = new Set([request.user.email, ...(await scope.users.addresses(request.user.id)).map((a) => a.address)]);
  const email = {
    ...request.email,
    ...withoutTracking(request.email, await scope.intents.linkTargets(trackedLinkTokens(request.email))),
  };

  const parties = [email.from, ...email.to, ...email.cc]
    .filter((p): p is LogParty => p !== null)
    .map((p) => ({ ...p, address: normaliseAddress(p.address) }))
    .filter((p) => !own.has(p.address) && domainOf(p.address) !== account.bccDomain);
  if (parties.length > 0 && parties.every((p) => isNeverLogged(p.address, rules))) {
    return { logged: false, reason: (w) => w.allNeverLog };
  }

  for (const a of email.attachments) {
    if (a.leftOut) continue;
    if (a.file && a.sha256) await attachmentStore.putFile(a.file, a.sha256);
    else if (a.content) await attachmentStore.putBuffer(a.content);
  }

  const attempt = () =>
    scope.transaction(async (tx) => {
      const logged = tx.loggedEmails;
      const existing = await logged.byMessageId(email.messageId);
      const ticked = await createContacts(tx, request, parties, rules, account.domain);
      const contactsCreated = ticked.created;
      const targets = await associationTargets(
        tx,
        request.associations,
        [...ticked.created, ...ticked.existing],
        rules,
      );
      if (existing) {
        await associate(tx, existing.emailId, targets);
        const stored = await logged.attachments([existing.emailId]);
        return {
          logged: true as const,
          emailId: existing.emailId,
          created: false,
          leftOut: leftOutOf(stored),
          contactsCreated,
        };
      }
      const parents = [...email.references, ...(email.inReplyTo ? [email.inReplyTo] : [])];
      const threadKey = await logged.threadKeyFor(email.messageId, parents);
      const record = await new CrmRecords(tx).create('emails', {
        properties: emailProperties(email, request.user, own, threadKey),
        associations: inline(targets),
      });
      await logged.record({
        messageId: email.messageId,
        emailId: record.id,
        threadKey,
        userId: request.user.id,
        intentId: request.intentId ?? null,
        source: request.source,
      });
      const attachments = email.attachments.map((a) => ({
        name: a.filename ?? 'attachment',
        contentType: a.contentType,
        contentId: a.contentId,
        inline: a.inline,
        size: a.size,
        sha256: a.leftOut ? null : a.sha256,
        leftOut: a.leftOut,
      }));
      await logged.addAttachments(record.id, attachments);
      return {
        logged: true as const,
        emailId: record.id,
        created: true,
        leftOut: leftOutOf(attachments),
        contactsCreated,
      };
    });

  try {
    return await attempt();
  } catch (err) {
    // Another path committed the same Message-ID between our read and our insert: this copy now only adds.
    if (!isUniqueViolation(err)) throw err;
    return attempt();
  }
}

function leftOutOf(attachments: Array<{ name: string; size: number; leftOut: string | null }>) {
  return attachments.filter((a) => a.leftOut).map((a) => ({ name: a.name, size: a.size, reason: a.leftOut as string }));
}

/** Contacts for the ticked recipients that are parties of the email, not never-logged and not colleagues: made when missing. */
async function createContacts(
  scope: AccountScope,
  request: LogEmailRequest,
  parties: LogParty[],
  rules: ReturnType<typeof parseNeverLogList>['rules'],
  accountDomain: string,
): Promise<{ created: number[]; existing: number[] }> {
  const wanted = new Set(request.createContacts.map(normaliseAddress));
  const candidates = parties.filter(
    (p, i) =>
      wanted.has(p.address) &&
      parties.findIndex((q) => q.address === p.address) === i &&
      !isNeverLogged(p.address, rules) &&
      domainOf(p.address) !== accountDomain,
  );
  if (!candidates.length) return { created: [], existing: [] };
  const found = await scope.objects.getByUniqueProperty(
    'contacts',
    'email',
    candidates.map((c) => c.address),
  );
  const existing = new Set(found.map((c) => c.properties.email));
  const records = new CrmRecords(scope);
  const created: number[] = [];
  for (const c of candidates.filter((c) => !existing.has(c.address))) {
    const [firstname, ...rest] = c.name.trim().split(/\s+/);
    // L3: non-marketing (CrmRecords' default for mailtrail's own callers), owned by the user who logs the email.
    const contact = await records.create('contacts', {
      properties: {
        email: c.address,
        ...(firstname ? { firstname } : {}),
        ...(rest.length ? { lastname: rest.join(' ') } : {}),
        hubspot_owner_id: String(request.user.id),
      },
    });
    created.push(contact.id);
  }
  // A ticked address that is a contact already (made by an earlier message of the thread, say) is still logged to.
  return { created, existing: found.map((c) => c.id) };
}

type Targets = Array<{ type: 'contacts' | 'companies' | 'deals' | 'tickets'; id: number }>;

/** The chosen records that still exist, minus never-logged contacts, plus the ticked recipients' contacts. */
async function associationTargets(
  scope: AccountScope,
  chosen: AssociationRef[],
  tickedContacts: number[],
  rules: ReturnType<typeof parseNeverLogList>['rules'],
): Promise<Targets> {
  const targets: Targets = tickedContacts.map((id) => ({ type: 'contacts', id }));
  for (const type of ['contacts', 'companies', 'deals', 'tickets'] as const) {
    const ids = [
      ...new Set(
        chosen.filter((a) => RECORD_OBJECT_TYPES[a.type] === type && /^\d{1,18}$/.test(a.id)).map((a) => Number(a.id)),
      ),
    ];
    if (!ids.length) continue;
    if (type === 'contacts') {
      const contacts = await scope.objects.getMany('contacts', ids);
      for (const c of contacts) if (!isNeverLogged(c.properties.email ?? '', rules)) targets.push({ type, id: c.id });
    } else {
      for (const id of await scope.objects.existing(type, ids)) targets.push({ type, id });
    }
  }
  return targets.filter((t, i) => targets.findIndex((u) => u.type === t.type && u.id === t.id) === i);
}

function inline(targets: Targets): InlineAssociation[] {
  return targets.map((t) => ({
    to: { id: String(t.id) },
    types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: EMAIL_TO[t.type] }],
  }));
}

async function associate(scope: AccountScope, emailId: number, targets: Targets): Promise<void> {
  for (const t of targets) await scope.associations.associate('emails', emailId, t.type, t.id, [EMAIL_TO[t.type]]);
}

function splitName(name: string): { firstName?: string; lastName?: string } {
  const [first, ...rest] = name.trim().split(/\s+/);
  return { ...(first ? { firstName: first } : {}), ...(rest.length ? { lastName: rest.join(' ') } : {}) };
}

function clip(value: string): string {
  return value.length > MAX_BODY_LENGTH ? value.slice(0, MAX_BODY_LENGTH) : value;
}

/** The email engagement in HubSpot's properties. */
function emailProperties(email: EmailToLog, user: User, own: Set<string>, threadKey: string): Record<string, string> {
  const party = (p: LogParty) => ({ email: normaliseAddress(p.address), ...splitName(p.name) });
  const fromUser = email.from !== null && own.has(normaliseAddress(email.from.address));
  return {
    hs_timestamp: (email.date ?? new Date()).toISOString(),
    hs_email_direction: fromUser ? 'EMAIL' : 'INCOMING_EMAIL',
    hs_email_status: 'SENT',
    hs_email_subject: email.subject.slice(0, 2000),
    // HubSpot caps bodies; a longer one is kept up to the cap rather than refused, so the email is still logged.
    ...(email.html ? { hs_email_html: clip(email.html) } : {}),
    ...(email.text ? { hs_email_text: clip(email.text) } : {}),
    hs_email_headers: JSON.stringify({
      ...(email.from ? { from: party(email.from) } : {}),
      to: email.to.map(party),
      cc: email.cc.map(party),
    }),
    hs_email_message_id: email.messageId,
    hs_email_thread_id: threadKey,
    hubspot_owner_id: String(user.id),
  };
}
