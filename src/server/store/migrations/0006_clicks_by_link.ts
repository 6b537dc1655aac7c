import { sql, type Kysely } from 'kysely';

// Each click is labelled with what the other clicks of its email look like nearby (a sweep of every link, a burst
// from a data centre). This index answers "the nearest click of link L around time t" in a few page reads, however
// many times one link was clicked: without it that question reads every event of the email. Clicks only (opens
// have no link), so the pixel's inserts do not pay for it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('tracking_events_link_time')
    .on('tracking_events')
    .columns(['account_id', 'intent_id', 'link_id', 'occurred_at'])
    .where(sql<boolean>`link_id is not null`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tracking_events_link_time').execute();
}
