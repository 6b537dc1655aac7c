// GmailApp as a Gmail add-on sees it: only the open message and its thread, and only after
// setCurrentMessageAccessToken with the token of the event.
import { GmailAttachment } from '../blob';
import { Check } from '../check';
import type { Realm } from '../realm';
import { CONTENT_SCOPES, Grants, METADATA_SCOPES } from '../scopes';
import type { AccessTokens } from './access';
import type { Mailbox, StoredMessage } from './mailbox';
import { decodeEncodedWords, htmlToText } from './mime';

/**
 * The open message's headers need gmail.addons.current.message.metadata (or a wider add-on scope); its body,
 * attachments and raw source need .readonly (or .action, in an action).
 * https://developers.google.com/workspace/add-ons/concepts/workspace-scopes#gmail_scopes
 */
export class GmailMessage {
  constructor(
    private readonly realm: Realm,
    private readonly m: StoredMessage,
    private readonly threadOf: (threadId: string) => GmailThread,
    private readonly grants: Grants = new Grants(undefined),
    /** Each read is a call to Gmail, which costs an add-on time it has 30 s of: the runtime counts them. */
    private readonly onRead: (call: string) => void = () => {},
  ) {}

  private metadata(method: string): void {
    this.grants.require(this.realm, `GmailMessage.${method}`, ...METADATA_SCOPES);
    this.onRead(`GmailMessage.${method}`);
  }
  private content(method: string): void {
    this.grants.require(this.realm, `GmailMessage.${method}`, ...CONTENT_SCOPES);
    this.onRead(`GmailMessage.${method}`);
  }

  getId(): string {
    return this.m.id;
  }
  getFrom(): string {
    return this.header('getFrom', 'From');
  }
  getTo(): string {
    return this.header('getTo', 'To');
  }
  getCc(): string {
    return this.header('getCc', 'Cc');
  }
  getBcc(): string {
    return this.header('getBcc', 'Bcc');
  }
  getReplyTo(): string {
    return this.header('getReplyTo', 'Reply-To');
  }
  getSubject(): string {
    this.metadata('getSubject');
    return this.m.parsed.subject ?? '';
  }
  getDate(): Date {
    this.metadata('getDate');
    return this.realm.date(this.m.parsed.date?.getTime() ?? 0);
  }
  getBody(): string {
    this.content('getBody');
    return this.m.parsed.html || this.m.parsed.textAsHtml || '';
  }
  getPlainBody(): string {
    this.content('getPlainBody');
    return this.m.parsed.text ?? htmlToText(this.m.parsed.html || '');
  }
  getRawContent(): string {
    this.content('getRawContent');
    return this.m.raw.toString('utf8');
  }
  /** The header's value, unfolded and decoded; '' when the message has no such header. */
  getHeader(name: string): string {
    return this.header('getHeader', name);
  }
  private header(method: string, name: string): string {
    this.metadata(method);
    const key = String(name).toLowerCase();
    const line = this.m.parsed.headerLines.find((h) => h.key === key)?.line;
    if (line === undefined) return '';
    return decodeEncodedWords(
      line
        .slice(line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim(),
    );
  }
  getAttachments(options?: { includeInlineImages?: boolean; includeAttachments?: boolean }): GmailAttachment[] {
    this.content('getAttachments');
    const inline = options?.includeInlineImages !== false;
    const regular = options?.includeAttachments !== false;
    return this.m.parsed.attachments
      .filter((a) => (a.contentDisposition === 'inline' && a.related ? inline : regular))
      .map((a) => new GmailAttachment(this.realm, a.content, a.contentType, a.filename ?? null));
  }
  getThread(): GmailThread {
    return this.threadOf(this.m.threadId);
  }
  isDraft(): boolean {
    return false;
  }
}

export class GmailThread {
  constructor(
    private readonly id: string,
    private readonly messages: () => GmailMessage[],
  ) {}

  getId(): string {
    return this.id;
  }
  getMessages(): GmailMessage[] {
    return this.messages();
  }
  getMessageCount(): number {
    return this.messages().length;
  }
  getFirstMessageSubject(): string {
    return this.messages()[0]?.getSubject() ?? '';
  }
  getLastMessageDate(): Date {
    const all = this.messages();
    return all[all.length - 1].getDate();
  }
  getPermalink(): string {
    return `https://mail.google.com/mail/u/0/#all/${this.id}`;
  }
}

export function createGmailApp(deps: {
  realm: Realm;
  mailbox: Mailbox;
  tokens: AccessTokens;
  grants?: Grants;
  onRead?: (call: string) => void;
}) {
  const c: Check = new Check(deps.realm);
  const grants = deps.grants ?? new Grants(undefined);
  const onRead = deps.onRead ?? (() => {});
  // Per execution, as in Apps Script: each trigger or action has to set the token of its own event.
  let openThread: string | null | undefined;
  let openMessage: string | undefined;

  // The other messages of the open thread are readable with .readonly (or .action) only.
  function thread(threadId: string): GmailThread {
    return new GmailThread(threadId, () => {
      grants.require(deps.realm, 'GmailThread.getMessages', ...CONTENT_SCOPES);
      onRead('GmailThread.getMessages');
      return deps.mailbox.thread(threadId).map((m) => new GmailMessage(deps.realm, m, thread, grants, onRead));
    });
  }

  function allowed(request: string, threadId: string | undefined): void {
    if (openThread === undefined)
      c.fail(
        `Access denied: : Missing access token for per message scope authorization. Request: MailboxService.${request}.`,
      );
    if (threadId === undefined || openThread !== threadId)
      c.fail(`Access denied: : Per message scope authorization failed. Request: MailboxService.${request}.`);
  }

  return {
    setCurrentMessageAccessToken(accessToken: string): void {
      const grant = deps.tokens.lookup(c.text('accessToken', accessToken));
      if (!grant) c.fail('Invalid argument: accessToken (not a token from this add-on event)');
      openThread = grant.messageId ? (deps.mailbox.get(grant.messageId)?.threadId ?? null) : null;
      openMessage = grant.messageId;
    },
    getMessageById(id: string): GmailMessage {
      const message = deps.mailbox.get(c.text('id', id));
      allowed('GetMessage', message?.threadId);
      if (message!.id !== openMessage) grants.require(deps.realm, 'GmailApp.getMessageById', ...CONTENT_SCOPES);
      onRead('GmailApp.getMessageById');
      return new GmailMessage(deps.realm, message!, thread, grants, onRead);
    },
    getThreadById(id: string): GmailThread {
      const threadId = c.text('id', id);
      allowed('GetThread', deps.mailbox.thread(threadId).length ? threadId : undefined);
      return thread(threadId);
    },
  };
}
