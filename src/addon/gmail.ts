// Reading the open message through GmailApp with the current-message token (scope
// gmail.addons.current.message.readonly): no mailbox-wide access, and no network round trip to mailtrail.
import type { MessageContextRequest, SidebarMessage } from '../contract/addon';
import type { AddonEvent } from './event';
import { splitAddressList } from './views/address-list';
import { planUploads } from './views/attachments';

/** Headers worth keeping with a logged email: threading, identity and dates. */
const KEPT_HEADERS = ['Message-ID', 'In-Reply-To', 'References', 'Date', 'From', 'To', 'Cc', 'Reply-To', 'Subject'];

export function openMessage(e: AddonEvent): GoogleAppsScript.Gmail.GmailMessage {
  GmailApp.setCurrentMessageAccessToken(e.gmail?.accessToken ?? '');
  return GmailApp.getMessageById(e.gmail?.messageId ?? '');
}

/**
 * The RFC 5322 Message-ID, the key an email is logged under. A message without one gets a stable stand-in
 * built from Gmail's id, so logging it twice still finds the first copy.
 */
export function messageIdOf(m: GoogleAppsScript.Gmail.GmailMessage): string {
  return m.getHeader('Message-ID').trim() || `<${m.getId()}@gmail.mailtrail.invalid>`;
}

/**
 * The thread messages whose Message-ID the message card reads: the most recent ones, those Gmail shows expanded.
 * Each read is a Gmail call inside a callback Gmail ends at 30 s, so a 100-message thread must not cost 100 reads.
 */
export const THREAD_HEADER_READS = 20;

/**
 * What the message card asks for. The recent thread's Message-IDs come along because Gmail shows the thread: the
 * user's own tracked email may be on screen under a reply, and its pixel fetch then is theirs, not an open (T8).
 */
export function contextRequest(m: GoogleAppsScript.Gmail.GmailMessage, neverLog: string[]): MessageContextRequest {
  const thread = m.getThread();
  return {
    messageId: messageIdOf(m),
    threadId: thread.getId(),
    threadMessageIds: thread.getMessages().slice(-THREAD_HEADER_READS).map(messageIdOf),
    from: m.getFrom(),
    to: splitAddressList(m.getTo()),
    cc: splitAddressList(m.getCc()),
    subject: m.getSubject().slice(0, 998),
    neverLog,
  };
}

/**
 * "Log the whole thread" logs this many messages per callback, and fewer when their bodies pass BODY_BUDGET_BYTES:
 * a thread of 100 messages and 30 MB in one request would take the backend past Gmail's 30 s.
 */
export const THREAD_CHUNK = 20;
const BODY_BUDGET_BYTES = 5_000_000;

/** The next chunk of `messages` from `from`: at least one message, at most THREAD_CHUNK, bodies within budget. */
export function nextChunk<T extends GoogleAppsScript.Gmail.GmailMessage>(messages: T[], from: number): T[] {
  const chunk: T[] = [];
  let bytes = 0;
  for (const m of messages.slice(from, from + THREAD_CHUNK)) {
    bytes += m.getBody().length + m.getPlainBody().length;
    if (chunk.length && bytes > BODY_BUDGET_BYTES) break;
    chunk.push(m);
  }
  return chunk;
}

/** The messages to log, read in full; attachment contents are included while they fit in one request. */
export function readForLogging(messages: GoogleAppsScript.Gmail.GmailMessage[]): SidebarMessage[] {
  const attachments = messages.map((m) => m.getAttachments({ includeInlineImages: false }));
  const upload = planUploads(attachments.flat().map((a) => a.getSize()));
  let next = 0;
  return messages.map((m, i) => ({
    messageId: messageIdOf(m),
    threadId: m.getThread().getId(),
    headers: KEPT_HEADERS.map((name) => ({ name, value: m.getHeader(name).slice(0, 10000) })).filter((h) => h.value),
    from: m.getFrom(),
    to: splitAddressList(m.getTo()),
    cc: splitAddressList(m.getCc()),
    date: m.getDate().toISOString(),
    subject: m.getSubject().slice(0, 998),
    html: m.getBody(),
    text: m.getPlainBody(),
    attachments: attachments[i].map((a) => ({
      name: a.getName(),
      contentType: a.getContentType(),
      size: a.getSize(),
      ...(upload[next++] ? { base64: Utilities.base64Encode(a.getBytes()) } : {}),
    })),
  }));
}
