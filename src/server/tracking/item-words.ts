import type { FeedItem } from '../../contract/feed';
import type { Language } from '../../contract/language';

/** One line saying what happened, for a desktop notification or a chat message, in the user's language. */
export function describeItem(item: FeedItem, language: Language): string {
  const fr = language === 'fr';
  const someone = fr ? 'Quelqu’un' : 'Someone';
  const who = item.anonymous ? someone : item.contact?.name || item.contact?.email || someone;
  const subject = item.subject
    ? fr
      ? `« ${item.subject} »`
      : `“${item.subject}”`
    : fr
      ? 'votre e-mail'
      : 'your email';
  if (item.kind === 'clicked')
    return fr
      ? `${who} a cliqué sur ${item.url ?? 'un lien'} dans ${subject}`
      : `${who} clicked ${item.url ?? 'a link'} in ${subject}`;
  if (item.kind === 'reminder') return reminderLine(item, subject, fr);
  const n = item.opens.length;
  if (fr) return `${who} a ouvert ${subject}${n > 1 ? ` (${n} ouvertures)` : ''}`;
  return `${who} opened ${subject}${n > 1 ? ` (${n} opens)` : ''}`;
}

/** A reminder come due, said as the rep would: whom to follow up with, about which email, and why. */
function reminderLine(item: FeedItem, subject: string, fr: boolean): string {
  const to = item.contact ? item.contact.name || item.contact.email : null;
  const days = item.reminder?.days ?? 0;
  const noReply = item.reminder?.condition === 'no_reply';
  if (fr) {
    const d = `${days} ${days === 1 ? 'jour' : 'jours'}`;
    return `À relancer${to ? ` : ${to}` : ''}, ${subject} ${noReply ? `sans réponse depuis ${d}` : `non ouvert depuis ${d}`}`;
  }
  const d = `${days} ${days === 1 ? 'day' : 'days'}`;
  return `Follow up${to ? ` with ${to}` : ''}: ${subject} ${noReply ? `got no reply in ${d}` : `not opened in ${d}`}`;
}
