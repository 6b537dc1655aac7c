import { sql, type Kysely } from 'kysely';
import { bareAddress } from '../../contract/addresses';
import { readJson } from './dialect';
import type { Database } from './schema';
import type { AccountScope } from './scope';
import { intentsRevoked } from './tokens';

// What tracking forgets: a contact, on request (reached as `scope.tracking.eraseContact`), and everything older
// than the retention period, in every account (`store.retention`).

/** The retention purge's door to the store (`store.retention`): across accounts, as the period is the server's. */
export class Retention {
  constructor(private readonly db: Kysely<Database>) {}

  /** Raw events, their summaries and sent notifications older than `before` go; counters and daily numbers stay. */
  async purgeBefore(before: number): Promise<{ events: number; notifications: number; deliveries: number }> {
    const events = await this.db.deleteFrom('tracking_events').where('occurred_at', '<', before).executeTakeFirst();
    await this.db.deleteFrom('tracking_overflow').where('last_at', '<', before).execute();
    const notifications = await this.db
      .deleteFrom('tracking_notifications')
      .where('created_at', '<', before)
      .executeTakeFirst();
    const deliveries = await this.db
      .deleteFrom('webhook_deliveries')
      .where('created_at', '<', before)
      .where((eb) => eb.or([eb('delivered_at', 'is not', null), eb('failed_at', 'is not', null)]))
      .executeTakeFirst();
    return {
      events: Number(events.numDeletedRows),
      notifications: Number(notifications.numDeletedRows),
      deliveries: Number(deliveries.numDeletedRows),
    };
  }
}

/**
 * Erasure of a contact (GDPR Art. 17): the counts stay, anonymous; who opened goes. The emails attributed to
 * the contact (by id, or by address) lose their attribution and their tokens are revoked (the pixel still
 * answers, records nothing; links still lead where they did); the contact's events lose the link to them, their
 * address and agent; the notifications that named them are deleted; the address leaves the recipient and
 * create-contact lists the intents kept. A contact without an address is erased by id alone.
 */
export async function eraseContact(
  scope: AccountScope,
  contactId: number | null,
  address: string | null,
): Promise<{ intents: number; events: number; notifications: number }> {
  if (contactId === null && address === null) return { intents: 0, events: 0, notifications: 0 };
  const now = Date.now();
  // Then the pixel and link routes of this process stop using the intents they had read (TrackedLookups).
  return scope
    .transaction(async (tx) => {
      const attributed = await tx.db
        .selectFrom('intents')
        .select('id')
        .where('account_id', '=', tx.accountId)
        .where((eb) =>
          eb.or([
            ...(address === null ? [] : [eb('attributed_address', '=', address)]),
            ...(contactId === null ? [] : [eb('attributed_contact_id', '=', contactId)]),
          ]),
        )
        .execute();
      const ids = attributed.map((r) => r.id);
      let events = 0;
      let notifications = 0;
      if (ids.length) {
        await tx.db
          .updateTable('intents')
          .set({ attributed_address: null, attributed_contact_id: null, revoked_at: now, updated_at: now })
          .where('account_id', '=', tx.accountId)
          .where('id', 'in', ids)
          .execute();
        const e = await tx.db
          .updateTable('tracking_events')
          .set({ contact_id: null, ip: null, user_agent: null })
          .where('account_id', '=', tx.accountId)
          .where('intent_id', 'in', ids)
          .executeTakeFirst();
        events = Number(e.numUpdatedRows);
        // Their summaries name the addresses the hits came from.
        await tx.db
          .deleteFrom('tracking_overflow')
          .where('account_id', '=', tx.accountId)
          .where('intent_id', 'in', ids)
          .execute();
        const n = await tx.db
          .deleteFrom('tracking_notifications')
          .where('account_id', '=', tx.accountId)
          .where('intent_id', 'in', ids)
          .executeTakeFirst();
        notifications = Number(n.numDeletedRows);
      }
      if (contactId !== null) {
        await tx.db
          .updateTable('tracking_events')
          .set({ contact_id: null })
          .where('account_id', '=', tx.accountId)
          .where('contact_id', '=', contactId)
          .execute();
        // "Logged" items of the contact's emails name them too.
        const n = await tx.db
          .deleteFrom('tracking_notifications')
          .where('account_id', '=', tx.accountId)
          .where('email_id', 'in', (eb) =>
            eb
              .selectFrom('crm_associations')
              .select('from_id')
              .where('account_id', '=', tx.accountId)
              .where('from_type', '=', 'emails')
              .where('to_type', '=', 'contacts')
              .where('to_id', '=', contactId),
          )
          .executeTakeFirst();
        notifications += Number(n.numDeletedRows);
      }
      if (address === null) return { intents: ids.length, events, notifications };
      // The address in any intent's lists (anonymous emails included). LIKE narrows the rows; the comparison that
      // decides is on bare addresses, so erasing al@x.com leaves hal@x.com where it was.
      const like = `%${address.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      const mentioning = await tx.db
        .selectFrom('intents')
        .select(['id', 'recipients', 'create_contacts'])
        .where('account_id', '=', tx.accountId)
        .where((eb) =>
          eb.or([
            sql<boolean>`lower(cast(recipients as text)) like ${like} escape '\\'`,
            sql<boolean>`lower(cast(create_contacts as text)) like ${like} escape '\\'`,
          ]),
        )
        .execute();
      const others = (list: string[]) => list.filter((r) => bareAddress(r) !== address);
      for (const row of mentioning) {
        const lists = readJson<Record<string, string[]>>(row.recipients);
        const recipients = Object.fromEntries(Object.entries(lists).map(([field, list]) => [field, others(list)]));
        const createContacts = others(readJson<string[]>(row.create_contacts));
        await tx.db
          .updateTable('intents')
          .set({
            recipients: JSON.stringify(recipients),
            create_contacts: JSON.stringify(createContacts),
            updated_at: now,
          })
          .where('account_id', '=', tx.accountId)
          .where('id', '=', row.id)
          .execute();
      }
      return { intents: ids.length, events, notifications };
    })
    .finally(intentsRevoked);
}
