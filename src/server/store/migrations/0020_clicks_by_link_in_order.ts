import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../core/db-target';
import { up as createLinkTimeIndex } from './0006_clicks_by_link';

// The nearest click of a link orders by (occurred_at, id), so that two clicks of one millisecond are told apart.
// SQLite's index ends with the rowid, which is the id, and answers that order from the index alone. PostgreSQL's
// did not hold the id: it read every click of the link in the labelling window, then sorted them, for each of the
// six probes of a click's labelling read, so a link hammered by a scanner made each of its clicks slower to label.
// With the id in the index, each probe is the first entry of an index range.
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await db.schema
    .createIndex('tracking_events_link_order')
    .on('tracking_events')
    .columns(['account_id', 'intent_id', 'link_id', 'occurred_at', 'id'])
    .where(sql<boolean>`link_id is not null`)
    .execute();
  await db.schema.dropIndex('tracking_events_link_time').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await createLinkTimeIndex(db);
  await db.schema.dropIndex('tracking_events_link_order').execute();
}
