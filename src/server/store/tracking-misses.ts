import { sql, type Kysely } from 'kysely';
import { prepared } from './prepared';
import type { Database } from './schema';
import { utcDay } from './tracking-counts';

// Pixel fetches answered without an event (an unknown, revoked or untracked token), counted per UTC day in the
// transaction of the events of their turn: the answer to such a fetch waits for the same commit as a recorded one.

const missesUpsert = prepared((db, row: { day: string; fetches: number }) =>
  db
    .insertInto('tracking_misses')
    .values(row)
    .onConflict((oc) => oc.column('day').doUpdateSet({ fetches: sql`tracking_misses.fetches + excluded.fetches` })),
);

/** Adds fetches at the given times (epoch ms) to their days' counts. */
export async function applyMisses(db: Kysely<Database>, at: readonly number[]): Promise<void> {
  const days = new Map<string, number>();
  for (const t of at) days.set(utcDay(t), (days.get(utcDay(t)) ?? 0) + 1);
  for (const [day, fetches] of [...days].sort()) await db.executeQuery(missesUpsert(db, { day, fetches }));
}

/** Fetches of unknown, revoked or untracked tokens on a UTC day (YYYY-MM-DD). */
export async function missesOn(db: Kysely<Database>, day: string): Promise<number> {
  const row = await db.selectFrom('tracking_misses').select('fetches').where('day', '=', day).executeTakeFirst();
  return Number(row?.fetches ?? 0);
}
