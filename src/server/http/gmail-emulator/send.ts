import { createTransport } from 'nodemailer';
import { domainOf, normaliseAddress } from '../../../contract/addresses';
import type { GmailSend, GmailSent } from '../../../contract/web';
import type { Mailboxes } from './mailboxes';

export type Routes = {
  /** The emulated Gmail's own MX (demo mailboxes). */
  mx: () => { host: string; port: number };
  /** The mailtrail backend's SMTP listener (the logging Bcc). */
  backend: () => { host: string; port: number };
  /** The bcc domains of the accounts, whose addresses go to the backend. */
  backendDomains: () => Promise<Set<string>>;
};

/**
 * Sends as Gmail would: the message, built once (with its Message-ID and Date), is kept in the sender's Sent folder
 * with its Bcc line, and delivered over SMTP without it: to the emulated mailboxes and, for the logging address,
 * to the backend's listener. Other addresses have nowhere to go here and are reported so.
 */
export async function send(
  mailboxes: Mailboxes,
  routes: Routes,
  mail: GmailSend,
  senderName: string,
): Promise<GmailSent> {
  const from = normaliseAddress(mail.from);
  const compose = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const built = await compose.sendMail({
    from: senderName ? { name: senderName, address: from } : from,
    to: mail.to,
    cc: mail.cc,
    bcc: mail.bcc,
    subject: mail.subject,
    html: mail.html,
    text: undefined,
    messageId: `<${crypto.randomUUID()}@gmail.emulated>`,
    date: new Date(),
  });
  const withBcc = built.message as Buffer;
  const id = mailboxes.file(from, 'sent', withBcc);
  // The stream transport keeps the Bcc header (Gmail shows it in Sent); what travels over SMTP never carries it.
  const wire = stripBcc(withBcc);

  // Addresses travel as written: a local part may be case-sensitive (the logging address's token is).
  const all = [...mail.to, ...mail.cc, ...mail.bcc].map((a) => a.trim());
  const backendDomains = await routes.backendDomains();
  const toMailbox = all.filter((a) => mailboxes.has(a));
  const toBackend = all.filter((a) => !mailboxes.has(a) && backendDomains.has(domainOf(a)));
  const deliveries: GmailSent['deliveries'] = all
    .filter((a) => !toMailbox.includes(a) && !toBackend.includes(a))
    .map((address) => ({
      address,
      to: 'nowhere' as const,
      ok: false,
      response: 'no emulated mailbox and not a mailtrail logging address',
    }));

  for (const [kind, list, server] of [
    ['mailbox', toMailbox, routes.mx()],
    ['backend', toBackend, routes.backend()],
  ] as const) {
    if (!list.length) continue;
    const transport = createTransport({
      host: server.host,
      port: server.port,
      secure: false,
      ignoreTLS: true,
      name: 'gmail.emulated',
    });
    try {
      const info = await transport.sendMail({ envelope: { from, to: list }, raw: wire });
      for (const address of list) deliveries.push({ address, to: kind, ok: true, response: info.response });
    } catch (err) {
      // A refusal is a bounce, as Gmail would report it; the message stays in Sent.
      for (const address of list) deliveries.push({ address, to: kind, ok: false, response: (err as Error).message });
    } finally {
      transport.close();
    }
  }
  return { id, deliveries };
}

function stripBcc(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const head = text.slice(0, end).replace(/^Bcc:.*(?:\r\n[ \t].*)*\r\n/im, '');
  return Buffer.from(head + text.slice(end), 'latin1');
}
