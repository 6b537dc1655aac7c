import { normaliseAddress } from '../../contract/addresses';
import { logEmail } from '../logging/log-email';
import type { Store } from '../store';
import { parseLoggingAddress } from '../../contract/logging-address';
import { isWellFormedToken } from '../../contract/tracking-urls';
import type { AttachmentStore } from '../core/attachments';
import type { AcceptedRecipient, Delivery, RecipientResolution } from './listener';
import type { InboundEmail } from './parse';

// A Date header this far ahead of the moment the copy arrived comes from a wrong clock, not from the send.
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** When the email was sent: Gmail's Date header, unless it is missing or in the future of the copy's arrival. */
export function sendTime(email: InboundEmail, receivedAt: Date): number {
  const date = email.date?.getTime();
  return date !== undefined && date <= receivedAt.getTime() + CLOCK_SKEW_MS ? date : receivedAt.getTime();
}

/**
 * Step 3 of the Track & Log flow: what the BCC listener does with the copies Gmail delivers. RCPT accepts only
 * `log+<token>@<bcc domain>` of a live intent of the account that owns that domain; DATA records *Sent* and, when
 * the intent logs, files the email through `logEmail()` — the same function as the sidebar, so one Message-ID is
 * one email whichever path, copy or listener brings it.
 */
export class BccInbox {
  constructor(
    private readonly store: Store,
    private readonly attachments: AttachmentStore,
  ) {}

  readonly resolveRecipient = async (address: string): Promise<RecipientResolution> => {
    const parsed = parseLoggingAddress(address);
    if (!parsed || !isWellFormedToken(parsed.token))
      return { reject: `${address} is not a mailtrail logging address (log+<token>@<bcc domain>)` };
    const { token, domain } = parsed;
    const intent = await this.store.tokens.intent(token);
    const account = intent && (await this.store.forAccount(intent.accountId).account.get());
    if (!intent || !account || account.bccDomain !== normaliseAddress(domain)) {
      return {
        reject: `No email is waiting to be logged under ${address}: the address is unknown here (copied from another email?)`,
      };
    }
    if (intent.revokedAt !== null)
      return { reject: `The email behind ${address} was cancelled in mailtrail; nothing will be logged` };
    return { accountId: intent.accountId, token };
  };

  readonly deliver = async (delivery: Delivery): Promise<string> => {
    const outcomes: string[] = [];
    for (const recipient of delivery.recipients) outcomes.push(await this.deliverTo(recipient, delivery));
    return outcomes.join('; ');
  };

  private async deliverTo(recipient: AcceptedRecipient, { email, receivedAt }: Delivery): Promise<string> {
    const scope = this.store.forAccount(recipient.accountId);
    const intent = await scope.intents.byToken(recipient.token);
    // RCPT found it a moment ago; only a cancellation in between can make it disappear.
    if (!intent) return `nothing recorded for ${recipient.address}: the intent is gone`;
    const notLogged = async (reason: string) => {
      await scope.notLogged.record({
        intentId: intent.id,
        messageId: email.messageId,
        userId: intent.userId,
        subject: email.subject,
        reason,
      });
      return `Not logged: ${reason}`;
    };

    if (intent.messageId !== null && intent.messageId !== email.messageId) {
      return notLogged(
        `its logging address was already used by another email (${intent.messageId}); log this one from the Gmail sidebar`,
      );
    }
    const user = await scope.users.get(intent.userId);
    if (!user) return notLogged('the user who applied Track & Log is no longer in the account');
    const own = [user.email, ...(await scope.users.addresses(user.id)).map((a) => a.address)];
    const from = fromProblem(email, own);
    if (from) return notLogged(from);

    await scope.intents.markSent(intent.id, {
      messageId: email.messageId,
      subject: email.subject,
      sentAt: sendTime(email, receivedAt),
    });
    if (!intent.log) return `Sent recorded for ${email.messageId}`;

    const result = await logEmail(scope, this.attachments, {
      user,
      email,
      associations: intent.associations,
      createContacts: intent.createContacts,
      userNeverLog: intent.neverLog,
      source: 'bcc',
      intentId: intent.id,
    });
    if (!result.logged) return notLogged(result.reason);
    return result.created ? `Logged as email ${result.emailId}` : `Already logged as email ${result.emailId}`;
  }
}

/** L4: the copy must come from the intent's user, one of their connected inboxes or one of their aliases. */
function fromProblem(email: InboundEmail, own: string[]): string | null {
  if (!email.from) return 'the email has no From address';
  const from = normaliseAddress(email.from.address);
  if (own.includes(from)) return null;
  return `it was sent from ${from}, which is not ${own[0]}, one of its connected inboxes or one of its aliases`;
}
