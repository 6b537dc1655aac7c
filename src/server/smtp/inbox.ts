import type { AssociationRef } from '../../contract/addon';
import { RECORD_OBJECT_TYPES } from '../../contract/addon-records';
import { domainOf, normaliseAddress } from '../../contract/addresses';
import { parseLoggingAddress, type LoggingAddressKind } from '../../contract/logging-address';
import { isWellFormedToken } from '../../contract/tracking-urls';
import { effectiveSettings } from '../accounts/settings';
import type { AttachmentStore } from '../core/attachments';
import { logEmail } from '../logging/log-email';
import type { Sender } from '../logging/people';
import type { AccountScope, Store } from '../store';
import type { Account } from '../store/accounts';
import type { Intent } from '../store/intents';
import type { User } from '../store/users';
import { dkimRequirement, type CopyAuthenticity } from './authenticity';
import type { AcceptedRecipient, Delivery, RecipientResolution } from './listener';
import type { InboundEmail } from './parse';
import { defaultAssociations, finalRecipients, reconcile } from './reconcile';
import { say, type Said } from '../logging/notes';

// A Date header this far ahead of the moment the copy arrived comes from a wrong clock, not from the send.
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** When the email was sent: Gmail's Date header, unless it is missing or in the future of the copy's arrival. */
export function sendTime(email: InboundEmail, receivedAt: Date): number {
  const date = email.date?.getTime();
  return date !== undefined && date <= receivedAt.getTime() + CLOCK_SKEW_MS ? date : receivedAt.getTime();
}

// Where to find the current address when an old one was rotated, said in the 550.
const WHERE_CURRENT: Record<Exclude<LoggingAddressKind, 'intent'>, string> = {
  personal: "your current personal address is in the mailtrail add-on's settings and in the web app",
  routing:
    "the account's current routing address is on the web app's admin page and printed by `mailtrail account routing-address`; update the Gmail routing rule",
};

// Intents first, so that an Apply met in the same delivery wins over the defaults of a personal or routing copy.
const ORDER: Record<LoggingAddressKind, number> = { intent: 0, personal: 1, routing: 2 };

/**
 * What the BCC listener does with the copies it receives (the Track & Log flow's step 3, and logging without the
 * sidebar). RCPT accepts only a live logging address of the account that owns its domain: `log+<secret>` of an
 * applied email, a user's personal `bcc+<secret>`, or the account's `route+<secret>`; a retired one is refused with
 * where to find its replacement. DATA records *Sent* and files the email through `logEmail()` — the same function
 * as the sidebar, so one Message-ID is one email whichever path, copy or listener brings it (L9).
 */
export class BccInbox {
  constructor(
    private readonly store: Store,
    private readonly attachments: AttachmentStore,
    private readonly authenticity: CopyAuthenticity = dkimRequirement(),
    /** Told of each email this inbox logged for the first time, so that it reaches the user's open feeds. */
    private readonly onLogged: (accountId: number, userId: number, emailId: number) => Promise<void> = async () => {},
  ) {}

  readonly resolveRecipient = async (address: string): Promise<RecipientResolution> => {
    const parsed = parseLoggingAddress(address);
    if (!parsed)
      return {
        reject: `${address} is not a mailtrail logging address (log+…, bcc+… or route+…@<bcc domain>)`,
      };
    const { kind, secret, domain } = parsed;
    const unknown =
      kind === 'intent'
        ? `No email is waiting to be logged under ${address}: the address is unknown here (copied from another email?)`
        : `${address} is unknown here: no mailtrail ${kind} address has this secret (mistyped?)`;
    if (!isWellFormedToken(secret)) return { reject: unknown };
    const ofDomain = async (accountId: number) => {
      const account = await this.store.forAccount(accountId).account.get();
      return account?.bccDomain === normaliseAddress(domain);
    };

    if (kind === 'intent') {
      const intent = await this.store.tokens.intentByLogSecret(secret);
      if (!intent || !(await ofDomain(intent.accountId))) return { reject: unknown };
      if (intent.revokedAt !== null)
        return { reject: `The email behind ${address} was cancelled in mailtrail; nothing will be logged` };
      return { accountId: intent.accountId, kind, secret };
    }
    const found = await this.store.tokens.loggingSecret(kind, secret);
    if (!found || !(await ofDomain(found.accountId))) return { reject: unknown };
    if (found.retiredAt !== null) {
      const when = new Date(found.retiredAt).toISOString().slice(0, 10);
      return { reject: `${address} was replaced by a new address on ${when} and logs nothing; ${WHERE_CURRENT[kind]}` };
    }
    return { accountId: found.accountId, kind, secret };
  };

  readonly deliver = async (delivery: Delivery): Promise<string> => {
    const outcomes: string[] = [];
    const applied: Intent[] = [];
    for (const recipient of [...delivery.recipients].sort((a, b) => ORDER[a.kind] - ORDER[b.kind])) {
      outcomes.push(
        recipient.kind === 'intent'
          ? await this.deliverToIntent(recipient, delivery, applied)
          : await this.deliverWithoutApply(recipient, delivery, applied),
      );
    }
    return outcomes.join('; ');
  };

  private async deliverToIntent(recipient: AcceptedRecipient, delivery: Delivery, applied: Intent[]) {
    const scope = this.store.forAccount(recipient.accountId);
    const intent = await scope.intents.byLogSecret(recipient.secret);
    // RCPT found it a moment ago; only a cancellation in between can make it disappear.
    if (!intent) return `nothing recorded for ${recipient.address}: the intent is gone`;
    applied.push(intent);
    return this.deliverApplied(scope, intent, delivery);
  }

  private async deliverApplied(scope: AccountScope, intent: Intent, delivery: Delivery) {
    const { email, receivedAt } = delivery;
    const notLogged = (reason: Said) => this.notLogged(scope, intent, email, reason);
    const used = intent.messageId;
    if (used !== null && used !== email.messageId) return notLogged((w) => w.addressUsed(used));
    const sender = await this.sender(scope, intent.userId);
    if (!sender) return notLogged((w) => w.userGone);
    const from = fromProblem(email, [...sender.own]);
    if (from) return notLogged(from);
    const forged = await this.authenticity(sender.account, delivery);
    if (forged) return notLogged(forged);

    // The first copy decides (L10); a copy delivered again finds what it decided.
    const reconciled = intent.sentAt === null ? await reconcile(sender, intent, email) : undefined;
    await scope.intents.markSent(
      intent.id,
      { messageId: email.messageId, subject: email.subject, sentAt: sendTime(email, receivedAt) },
      reconciled,
    );
    if (!intent.log) return `Sent recorded for ${email.messageId}`;
    const associations = reconciled?.associations ?? intent.associations;
    await this.supersedeDefaults(scope, intent, associations, email.messageId);

    const result = await logEmail(scope, this.attachments, {
      user: sender.user,
      email,
      associations,
      createContacts: intent.createContacts,
      userNeverLog: intent.neverLog,
      source: 'bcc',
      intentId: intent.id,
    });
    if (!result.logged) return notLogged(result.reason);
    if (!result.created) return `Already logged as email ${result.emailId}`;
    await this.onLogged(scope.accountId, sender.user.id, result.emailId);
    return `Logged as email ${result.emailId}`;
  }

  /**
   * A copy on a personal or routing address: logged to the recipients' records with the account's defaults, never
   * tracked (no pixel was inserted). An Apply of the same email wins: met in the same delivery, named by a
   * `log+…` address in the copy's Bcc, or already sent as this Message-ID.
   */
  private async deliverWithoutApply(recipient: AcceptedRecipient, delivery: Delivery, applied: Intent[]) {
    const { email, receivedAt } = delivery;
    const scope = this.store.forAccount(recipient.accountId);
    const via = recipient.kind as Exclude<LoggingAddressKind, 'intent'>;
    const secret = await this.store.tokens.loggingSecret(via, recipient.secret);
    const account = await scope.account.get();
    if (!secret || !account) return `nothing recorded for ${recipient.address}: the address is gone`;

    let userId = secret.userId;
    if (via === 'routing') {
      const owner = email.from && (await scope.users.findByAddress(email.from.address));
      if (!owner)
        return `Not logged: it was sent from ${email.from ? normaliseAddress(email.from.address) : 'no address'}, which is no user, connected inbox or alias of this account`;
      userId = owner.id;
    }
    const sender = userId === null ? undefined : await this.sender(scope, userId);
    if (!sender) return `nothing recorded for ${recipient.address}: its user is no longer in the account`;

    const ownApply = await this.applyOf(scope, sender.user, email, applied);
    if (ownApply === 'handled') return `Logged through its Apply`;
    if (ownApply) return this.deliverApplied(scope, ownApply, delivery);

    const recipients = finalRecipients(email, null);
    const readers = [...recipients.to, ...recipients.cc, ...recipients.bcc];
    if (via === 'routing') {
      if (!effectiveSettings(account).log.value)
        return `Not logged: the account does not log every email (its Log default is off)`;
      if (readers.length && readers.every((a) => sender.own.has(normaliseAddress(a)) || isColleague(account, a)))
        return `Not logged: every recipient is a colleague`;
    }

    const copy = {
      messageId: email.messageId,
      subject: email.subject,
      sentAt: sendTime(email, receivedAt),
      recipients,
    };
    const associations = await defaultAssociations(sender, recipients, []);
    const intent = await scope.intents.recordCopy(sender.user.id, via, copy, { associations, neverLog: [] });
    const notLogged = (reason: Said) => this.notLogged(scope, intent, email, reason);
    const from = fromProblem(email, [...sender.own]);
    if (from) return notLogged(from);
    const forged = await this.authenticity(account, delivery);
    if (forged) return notLogged(forged);

    const result = await logEmail(scope, this.attachments, {
      user: sender.user,
      email,
      associations: intent.associations,
      createContacts: [],
      userNeverLog: [],
      source: 'bcc',
      intentId: intent.id,
    });
    if (!result.logged) return notLogged(result.reason);
    if (result.created) await this.onLogged(scope.accountId, sender.user.id, result.emailId);
    const nobody = email.to.length + email.cc.length === 0 ? ', to nobody: the copy has no To and no Cc' : '';
    return result.created
      ? `Logged as email ${result.emailId}${nobody}`
      : `Already logged as email ${result.emailId}${nobody}`;
  }

  /**
   * Apply wins over the defaults even when its copy comes after one on a personal or routing address: the records
   * only the defaults brought are taken off, and the email is the Apply's from now on (its tracking, its notes).
   */
  private async supersedeDefaults(scope: AccountScope, intent: Intent, chosen: AssociationRef[], messageId: string) {
    const entry = await scope.loggedEmails.byMessageId(messageId);
    if (!entry?.intentId || entry.intentId === intent.id) return;
    const earlier = await scope.intents.byId(entry.intentId);
    if (!earlier || earlier.origin === 'apply' || earlier.userId !== intent.userId) return;
    const kept = new Set(chosen.map((a) => `${a.type}:${a.id}`));
    for (const a of earlier.associations)
      if (!kept.has(`${a.type}:${a.id}`))
        await scope.associations.dissociate(entry.emailId, RECORD_OBJECT_TYPES[a.type], Number(a.id));
    await scope.loggedEmails.claim(messageId, intent.id);
  }

  /** The user's Apply of this email, when there is one; `handled` when this delivery already took its copy. */
  private async applyOf(
    scope: AccountScope,
    user: User,
    email: InboundEmail,
    applied: Intent[],
  ): Promise<Intent | 'handled' | undefined> {
    if (applied.some((i) => i.accountId === scope.accountId && i.userId === user.id)) return 'handled';
    for (const party of email.bcc) {
      const parsed = parseLoggingAddress(party.address);
      if (parsed?.kind !== 'intent' || !isWellFormedToken(parsed.secret)) continue;
      const intent = await scope.intents.byLogSecret(parsed.secret);
      const mine = intent && intent.userId === user.id && intent.revokedAt === null;
      if (mine && (intent.messageId === null || intent.messageId === email.messageId)) return intent;
    }
    const sent = await scope.intents.sentAs(user.id, email.messageId);
    return sent?.origin === 'apply' ? sent : undefined;
  }

  private async sender(scope: AccountScope, userId: number): Promise<(Sender & { user: User }) | undefined> {
    const [user, account] = await Promise.all([scope.users.get(userId), scope.account.get()]);
    if (!user || !account) return undefined;
    const own = new Set([user.email, ...(await scope.users.addresses(user.id)).map((a) => a.address)]);
    return { scope, account, user, own };
  }

  /** Records why, for the user's feed in their language; the SMTP answer says it in English. */
  private async notLogged(scope: AccountScope, intent: Intent, email: InboundEmail, reason: Said) {
    const language = (await scope.users.get(intent.userId))?.language ?? 'en';
    await scope.notLogged.record({
      intentId: intent.id,
      messageId: email.messageId,
      userId: intent.userId,
      subject: email.subject,
      reason: say(reason, language),
    });
    return `Not logged: ${say(reason, 'en')}`;
  }
}

function isColleague(account: Account, address: string): boolean {
  return domainOf(normaliseAddress(address)) === account.domain;
}

/** L4: the copy must come from the user, one of their connected inboxes or one of their aliases. */
function fromProblem(email: InboundEmail, own: string[]): Said | null {
  if (!email.from) return (w) => w.noFrom;
  const from = normaliseAddress(email.from.address);
  if (own.includes(from)) return null;
  return (w) => w.notFromOwn(from, own[0]);
}
