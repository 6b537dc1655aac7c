import { type Kysely } from 'kysely';

// A contact's timeline lists the tracked emails sent to them alone, logged or not (P4): intents by attributed contact.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('intents_attributed_contact')
    .on('intents')
    .columns(['account_id', 'attributed_contact_id'])
    .execute();
}
