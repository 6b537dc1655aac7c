import type { LiveNotification } from '../../contract/notifications';
import { postJson } from './http-post';

/** An incoming-webhook URL as Google Chat hands it out: the `key` and `token` in it are the credential. */
export function isGoogleChatWebhookUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.host === 'chat.googleapis.com' &&
    /^\/v1\/spaces\/[A-Za-z0-9_-]+\/messages$/.test(url.pathname) &&
    url.searchParams.has('key') &&
    url.searchParams.has('token')
  );
}

// `<users/all>` would @-mention a whole space and `<url|text>` makes links: names and subjects come from email
// and the CRM, so their angle brackets are shown as look-alikes rather than read as markup.
const plain = (text: string) => text.replace(/</g, '‹').replace(/>/g, '›');
const link = (url: string, label: string) => `<${url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c))}|${plain(label).replace(/\|/g, '¦')}>`;

export function googleChatText(n: LiveNotification): string {
  const who = `*${plain(n.contact.name || n.contact.email)}*`;
  const subject = n.subject ? `“${plain(n.subject)}”` : 'your email';
  const what = n.kind === 'opened' ? `${who} opened ${subject}` : `${who} clicked ${n.url ? link(n.url, n.url) : 'a link'} in ${subject}`;
  const more = n.repeats > 0 ? ` (and ${n.repeats} more ${n.repeats === 1 ? 'time' : 'times'} since the last alert)` : '';
  return `${what}${more}${n.emailUrl ? `\n${link(n.emailUrl, 'Open in mailtrail')}` : ''}`;
}

export type ChatOutcome = { outcome: 'delivered' } | { outcome: 'retry' | 'rejected'; status: number | null; error: string };

/**
 * Posts the notification to a space, one thread per tracked email. Google Chat limits writes per space and asks
 * for backoff on 429; other 4xx mean the webhook was deleted or its token is wrong, which retrying won't fix.
 * The URL was checked with isGoogleChatWebhookUrl when the user saved it.
 */
export async function sendGoogleChat(webhookUrl: string, n: LiveNotification, options: { timeoutMs?: number } = {}): Promise<ChatOutcome> {
  const url = new URL(webhookUrl);
  url.searchParams.set('messageReplyOption', 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
  const body = JSON.stringify({ text: googleChatText(n), thread: { threadKey: `mailtrail-${n.emailId}` } });
  const result = await postJson(url.href, body, {}, options.timeoutMs ?? 10_000);
  if (result.error === null) return { outcome: 'delivered' };
  const retry = result.status === null || result.status === 429 || result.status >= 500;
  return { outcome: retry ? 'retry' : 'rejected', status: result.status, error: result.error };
}
