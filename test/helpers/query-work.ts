import { CompiledQuery, type Kysely } from 'kysely';
import { dialectOf } from '../../src/server/core/db-target';

type PgPlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PgPlanNode[];
};

/**
 * What the database does to answer a query: whether it sorts rows, and on PostgreSQL how many rows of `table` it
 * read (EXPLAIN ANALYZE; SQLite's plan says how it searches, not how much: null there).
 */
export async function queryWork(
  db: Kysely<any>,
  query: CompiledQuery,
  table: string,
): Promise<{ sorted: boolean; rowsRead: number | null }> {
  if (dialectOf(db) === 'sqlite') {
    const { rows } = await db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
    );
    return { sorted: rows.some((r) => r.detail.includes('TEMP B-TREE')), rowsRead: null };
  }
  const { rows } = await db.executeQuery<{ 'QUERY PLAN': [{ Plan: PgPlanNode }] }>(
    CompiledQuery.raw(`explain (analyze, format json) ${query.sql}`, [...query.parameters]),
  );
  let sorted = false;
  let rowsRead = 0;
  const visit = (node: PgPlanNode) => {
    if (node['Node Type'].includes('Sort')) sorted = true;
    if (node['Relation Name'] === table)
      rowsRead += ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1);
    node.Plans?.forEach(visit);
  };
  visit(rows[0]['QUERY PLAN'][0].Plan);
  return { sorted, rowsRead };
}
