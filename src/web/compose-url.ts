import type { EmailFull, Party } from '../contract/web';
import { BASE } from './router';
import { when } from './format';
import { strings } from './i18n';

// Reply and forward open a compose window already filled in: Gmail's own compose URL in production, the emulated
// Gmail (which reads the same parameters) when the server runs in dev mode.
let gmailCompose = 'https://mail.google.com/mail/?view=cm&fs=1';

export function setEmulatedGmail(dev: boolean): void {
  gmailCompose = dev ? `${location.origin}${BASE}/gmail?view=cm&fs=1` : 'https://mail.google.com/mail/?view=cm&fs=1';
}

function composeUrl(fields: { to: string[]; cc?: string[]; su: string; body: string }): string {
  const params = new URLSearchParams();
  if (fields.to.length) params.set('to', fields.to.join(','));
  if (fields.cc?.length) params.set('cc', fields.cc.join(','));
  params.set('su', fields.su);
  params.set('body', fields.body);
  return `${gmailCompose}&${params.toString()}`;
}

const addr = (p: Party) => (p.name ? `${p.name} <${p.email}>` : p.email);
const prefixed = (prefix: string, subject: string) =>
  subject.toLowerCase().startsWith(prefix.toLowerCase()) ? subject : `${prefix} ${subject}`;

export function replyUrl(full: EmailFull, me: string): string {
  const { email } = full;
  // Replying to one's own sent email goes to its recipients, as Gmail does.
  const mine = email.from.email.toLowerCase() === me.toLowerCase();
  const to = mine ? email.to.map((p) => p.email) : [email.from.email];
  const quoted = full.text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
  return composeUrl({
    to,
    su: prefixed('Re:', email.subject),
    body: `\n\n${strings().replyQuote(when(email.at), addr(email.from))}\n${quoted}`,
  });
}

export function forwardUrl(full: EmailFull): string {
  const { email } = full;
  const f = strings().forwarded;
  const header = [
    f.title,
    `${f.from} ${addr(email.from)}`,
    `${f.date} ${when(email.at)}`,
    `${f.subject} ${email.subject}`,
    `${f.to} ${email.to.map(addr).join(', ')}`,
    ...(email.cc.length ? [`${f.cc} ${email.cc.map(addr).join(', ')}`] : []),
  ].join('\n');
  return composeUrl({ to: [], su: prefixed('Fwd:', email.subject), body: `\n\n${header}\n\n${full.text}` });
}
