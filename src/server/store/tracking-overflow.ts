import { sql, type Kysely } from 'kysely';
import { prepared } from './prepared';
import type { Database } from './schema';

// Hits over an email's budgets (tracking/recording/budget.ts): not kept as events, summarised per email and source
// in the commit of the events of their turn, so an answered hit is never lost, only folded into a count.

/** A hit over budget: `source` is the truncated address whose own budget ran out, or '' for the email's. */
export type OverflowHit = { accountId: number; intentId: number; source: string; at: number };

/** What the timeline shows after the kept events: "and 4,997 more fetches from one address". */
export type Overflow = { source: string; fetches: number; firstAt: number; lastAt: number };

type Row = {
  account_id: number;
  intent_id: number;
  source: string;
  fetches: number;
  first_at: number;
  last_at: number;
};

const overflowUpsert = prepared((db, row: Row) =>
  db
    .insertInto('tracking_overflow')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['account_id', 'intent_id', 'source']).doUpdateSet({
        fetches: sql`tracking_overflow.fetches + excluded.fetches`,
        first_at: sql`case when excluded.first_at < tracking_overflow.first_at then excluded.first_at else tracking_overflow.first_at end`,
        last_at: sql`case when excluded.last_at > tracking_overflow.last_at then excluded.last_at else tracking_overflow.last_at end`,
      }),
    ),
);

export async function applyOverflow(db: Kysely<Database>, hits: readonly OverflowHit[]): Promise<void> {
  const rows = new Map<string, Row>();
  for (const h of hits) {
    const key = `${h.accountId}:${h.intentId}:${h.source}`;
    const r = rows.get(key);
    if (r) {
      r.fetches++;
      r.first_at = Math.min(r.first_at, h.at);
      r.last_at = Math.max(r.last_at, h.at);
    } else
      rows.set(key, {
        account_id: h.accountId,
        intent_id: h.intentId,
        source: h.source,
        fetches: 1,
        first_at: h.at,
        last_at: h.at,
      });
  }
  // One order everywhere, as for the counters: concurrent instances lock the rows in the same order.
  const ordered = [...rows.values()].sort(
    (a, b) => a.account_id - b.account_id || a.intent_id - b.intent_id || (a.source < b.source ? -1 : 1),
  );
  for (const row of ordered) await db.executeQuery(overflowUpsert(db, row));
}

/** One email's summarised hits, most first. */
export async function overflowOf(db: Kysely<Database>, accountId: number, intentId: number): Promise<Overflow[]> {
  const rows = await db
    .selectFrom('tracking_overflow')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('intent_id', '=', intentId)
    .orderBy('fetches', 'desc')
    .execute();
  return rows.map((r) => ({
    source: r.source,
    fetches: Number(r.fetches),
    firstAt: Number(r.first_at),
    lastAt: Number(r.last_at),
  }));
}
