import { normaliseAddress } from '../../contract/addresses';
import type { AccountScope } from '../store';
import type { ObjectRecord } from '../store/objects';

export type Erased = { contacts: number; trackedEmails: number; events: number; notifications: number };

/**
 * HubSpot's GDPR delete (docs/decisions.md, "CRM: archive keeps, GDPR delete erases"): the contact goes for good,
 * live or archived, with its associations, and tracking forgets who they were: their tracked emails lose the
 * attribution and their tokens, their events their identity, while every count stays, anonymous (B3). By address,
 * every contact with it goes, and when none has it, tracking still forgets the address: a reader need not have been
 * a contact. In one transaction: all of it happens, or none. Null when an id names no contact.
 */
export async function gdprDeleteContact(
  scope: AccountScope,
  who: { id: number } | { email: string },
): Promise<Erased | null> {
  return scope.transaction(async (tx) => {
    let contacts: ObjectRecord[];
    if ('id' in who) {
      const found =
        (await tx.objects.get('contacts', who.id)) ?? (await tx.objects.get('contacts', who.id, { archived: true }));
      if (!found) return null;
      contacts = [found];
    } else {
      const email = normaliseAddress(who.email);
      contacts = [
        ...(await tx.objects.getByUniqueProperty('contacts', 'email', [email])),
        ...(await tx.objects.getByUniqueProperty('contacts', 'email', [email], { archived: true })),
      ];
    }
    const tracking = tx.tracking;
    const erased: Erased = { contacts: 0, trackedEmails: 0, events: 0, notifications: 0 };
    const add = (e: { intents: number; events: number; notifications: number }) => {
      erased.trackedEmails += e.intents;
      erased.events += e.events;
      erased.notifications += e.notifications;
    };
    for (const c of contacts)
      add(await tracking.eraseContact(c.id, c.properties.email ? normaliseAddress(c.properties.email) : null));
    if ('email' in who && !contacts.length) add(await tracking.eraseContact(null, normaliseAddress(who.email)));
    erased.contacts = (
      await tx.objects.purge(
        'contacts',
        contacts.map((c) => c.id),
      )
    ).length;
    return erased;
  });
}
