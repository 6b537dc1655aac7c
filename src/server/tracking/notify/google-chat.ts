import type { FeedItem } from '../../../contract/feed';
import type { Language } from '../../../contract/language';
import { describeItem } from '../item-words';
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
const link = (url: string, label: string) => `<${url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c))}|${label}>`;

export function googleChatText(item: FeedItem, language: Language): string {
  const open = language === 'fr' ? 'Ouvrir dans mailtrail' : 'Open in mailtrail';
  return `${plain(describeItem(item, language))}${item.emailUrl ? `\n${link(item.emailUrl, open)}` : ''}`;
}

export type ChatMessage = { text: string; thread: { threadKey: string } };

/** The message for a space: one thread per tracked email (`threadKey`), so an email's opens and clicks stay together. */
export function googleChatMessage(item: FeedItem, threadKey: string, language: Language): ChatMessage {
  return { text: googleChatText(item, language), thread: { threadKey } };
}

export type ChatOutcome =
  { outcome: 'delivered' } | { outcome: 'retry' | 'rejected'; status: number | null; error: string };

/**
 * Posts a message to a space. Google Chat limits writes per space and asks for backoff on 429; other 4xx mean the
 * webhook was deleted or its token is wrong, which retrying won't fix. The URL was checked with
 * isGoogleChatWebhookUrl when the user saved it.
 */
export async function sendGoogleChat(
  webhookUrl: string,
  message: ChatMessage,
  options: { timeoutMs?: number } = {},
): Promise<ChatOutcome> {
  const url = new URL(webhookUrl);
  url.searchParams.set('messageReplyOption', 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
  const result = await postJson(url.href, JSON.stringify(message), {}, options.timeoutMs ?? 10_000);
  if (result.error === null) return { outcome: 'delivered' };
  const retry = result.status === null || result.status === 429 || result.status >= 500;
  return { outcome: retry ? 'retry' : 'rejected', status: result.status, error: result.error };
}
