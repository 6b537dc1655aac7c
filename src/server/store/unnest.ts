import { sql } from 'kysely';

/**
 * PostgreSQL: `select … from unnest(<one array per column>)`, rows as a table: any number of rows in one statement
 * of one text, which a named statement can keep (statement-names.ts). `types` gives each column's type, in order.
 */
export function unnest<T extends Record<string, string>>(rows: readonly { [K in keyof T]: unknown }[], types: T) {
  const columns = Object.keys(types);
  const arrays = columns.map((c) => sql`${rows.map((r) => r[c])}::${sql.raw(types[c])}[]`);
  return sql`select * from unnest(${sql.join(arrays)}) as t(${sql.join(columns.map((c) => sql.ref(c)))})`;
}
