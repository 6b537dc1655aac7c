import { type Kysely } from 'kysely';
import { columns } from './columns';

// Fetches the pixel answers without recording an event, still committed with the events of their turn (so every
// answer waits for the same commit, and nothing answered goes uncounted): fetches of unknown, revoked or untracked
// tokens, per UTC day.
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  await db.schema
    .createTable('tracking_misses')
    .addColumn('day', 'text', (col) => col.primaryKey())
    .addColumn('fetches', c.bigint, c.notNull)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tracking_misses').execute();
}
