import type { Kysely } from 'kysely';

// A label may be a best guess rather than a decision (a fetch seconds after the send through Gmail's proxy: the
// reader, or the sender's own Sent view). The event keeps its best-guess label, so counts and notifications work
// as before, and says it is uncertain, so the sender sees it as such (docs/labels.md). Existing events were
// decided by rules that did not know doubt: they stay certain.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tracking_events')
    .addColumn('uncertain', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tracking_events').dropColumn('uncertain').execute();
}
