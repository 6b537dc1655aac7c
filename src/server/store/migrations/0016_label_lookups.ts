import { sql, type Kysely } from 'kysely';

// Two reads made while labelling hits, each on every open of a busy email: its uncertain opens (what a later,
// certain open may settle) and the clients of the sender's own fetches (the draft showing the pixel). Without
// these indexes both read every event of the email, so an email opened thousands of times made each further open
// slower to answer. Partial: the pixel's inserts pay only for the few events they hold.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('tracking_events_uncertain_opens')
    .on('tracking_events')
    .columns(['account_id', 'intent_id', 'id'])
    .where(sql<boolean>`kind = 'open' and uncertain = 1`)
    .execute();
  await db.schema
    .createIndex('tracking_events_self')
    .on('tracking_events')
    .columns(['account_id', 'intent_id'])
    .where(sql<boolean>`label = 'self'`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tracking_events_self').execute();
  await db.schema.dropIndex('tracking_events_uncertain_opens').execute();
}
