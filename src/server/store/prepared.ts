import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import { dialectOf } from './dialect';
import type { Database } from './schema';

/** Stands for one value of the input while the query is compiled: its parameter is then found by identity. */
class Slot {
  constructor(readonly index: number) {}
}

/** The input's values in a fixed order (arrays by index, objects by key order), or, given `slots`, the input with them. */
function leaves(input: unknown, out: unknown[], slots?: Slot[]): unknown {
  if (Array.isArray(input)) return input.map((item) => leaves(item, out, slots));
  if (input !== null && typeof input === 'object' && Object.getPrototypeOf(input) === Object.prototype) {
    return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, leaves(v, out, slots)]));
  }
  out.push(input);
  return slots?.[out.length - 1];
}

/**
 * A query of the hot path, built and compiled by Kysely once per dialect and shape, then run with new values:
 * building and compiling it cost more than the database takes to run it. `build` puts the values of its input
 * (plain objects and arrays of them) into the query as they are: it must not compute with them or branch on them,
 * since the first compilation sees stand-ins. Inputs of one query may differ in the number of rows they carry.
 */
export function prepared<I, R>(build: (db: Kysely<Database>, input: I) => Compilable<R>): (db: Kysely<Database>, input: I) => CompiledQuery<R> {
  const compiled = new Map<string, { sql: string; parameters: (Slot | { value: unknown })[] }>();
  return (db, input) => {
    const values: unknown[] = [];
    leaves(input, values);
    const key = `${dialectOf(db)}:${values.length}`;
    let query = compiled.get(key);
    if (!query) {
      const slots = values.map((_, i) => new Slot(i));
      const { sql, parameters } = build(db, leaves(input, [], slots) as I).compile();
      query = { sql, parameters: parameters.map((p) => (p instanceof Slot ? p : { value: p })) };
      compiled.set(key, query);
    }
    return CompiledQuery.raw(query.sql, query.parameters.map((p) => (p instanceof Slot ? values[p.index] : p.value))) as CompiledQuery<R>;
  };
}
