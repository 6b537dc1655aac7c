import { createTransport } from 'nodemailer';
import type { Store } from '../../store';
import type { Mailboxes } from './mailboxes';

/** Someone not in the CRM yet, who writes in: the message view's "create contact" case (L3, L8). */
export const DEMO_STRANGER = { address: 'nina@northwind.test', name: 'Nina Novak' };

/**
 * Demo mailboxes for the emulated Gmail, made once: every user of every account, a few of the CRM's contacts (to
 * open tracked email as the recipient), and a stranger. The first user's inbox gets a message from a contact and
 * one from the stranger, to log from the message view.
 */
export async function seedDemoMailboxes(
  store: Store,
  mailboxes: Mailboxes,
  opts: { contacts?: number } = {},
): Promise<string[]> {
  if (mailboxes.list().length) return [];
  const made: string[] = [];
  let firstUser: { address: string; name: string } | undefined;
  let firstContact: { address: string; name: string } | undefined;
  for (const account of await store.accounts.list()) {
    const scope = store.forAccount(account.id);
    for (const user of await scope.users.list()) {
      mailboxes.ensure(user.email, user.name || user.email);
      made.push(user.email);
      firstUser ??= { address: user.email, name: user.name };
    }
    for (const contact of await scope.objects.list('contacts', { limit: opts.contacts ?? 6 })) {
      const address = contact.properties.email;
      if (!address) continue;
      const name = [contact.properties.firstname, contact.properties.lastname].filter(Boolean).join(' ');
      mailboxes.ensure(address, name || address);
      made.push(address);
      firstContact ??= { address, name };
    }
  }
  mailboxes.ensure(DEMO_STRANGER.address, DEMO_STRANGER.name);
  made.push(DEMO_STRANGER.address);
  if (!firstUser) return made;

  const compose = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const deliver = async (
    from: { address: string; name: string },
    subject: string,
    html: string,
    attachments: { filename: string; content: string }[] = [],
  ) => {
    const built = await compose.sendMail({
      from: { name: from.name, address: from.address },
      to: { name: firstUser!.name, address: firstUser!.address },
      subject,
      html,
      attachments,
    });
    const raw = built.message as Buffer;
    mailboxes.file(from.address, 'sent', raw);
    mailboxes.file(firstUser!.address, 'inbox', raw);
  };
  if (firstContact) {
    await deliver(
      firstContact,
      'Question about the renewal',
      `<p>Hi ${firstUser.name.split(' ')[0] || 'there'},</p><p>Could you send me the renewal quote for next year? We would like to add ten seats.</p><p>Thanks,<br>${firstContact.name}</p>`,
    );
  }
  await deliver(
    DEMO_STRANGER,
    'Introduction: Northwind is looking for a CRM',
    `<p>Hello,</p><p>I run operations at Northwind. We are looking at tools to track our sales emails. Could we talk next week?</p><p>Best,<br>Nina Novak<br>Northwind</p>`,
    [{ filename: 'northwind-requirements.txt', content: 'Must have: Gmail, self-hosted, HubSpot-compatible API.\n' }],
  );
  return made;
}
