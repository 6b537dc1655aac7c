import type { Kysely } from 'kysely';
import { columns } from './columns';

// When a person's click of each tracked link was last notified: repeated clicks of one link within the coalescing
// window make one notification, as repeated opens of one email do (tracking_counters.notified_open_at).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tracked_links').addColumn('notified_click_at', columns(db).bigint).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tracked_links').dropColumn('notified_click_at').execute();
}
