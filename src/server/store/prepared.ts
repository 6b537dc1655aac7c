import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import { dialectOf } from './dialect';
import type { Database } from './schema';
import { nameStatement } from './statement-names';

/** Stands for one value of the input while the query is compiled: its parameter is then found by identity. */
class Slot {
  constructor(readonly index: number) {}
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/** The input's values in a fixed order: arrays by index, objects by key order. */
function collect(input: unknown, out: unknown[]): void {
  if (Array.isArray(input)) for (const item of input) collect(item, out);
  else if (isRecord(input)) for (const key of Object.keys(input)) collect(input[key], out);
  else out.push(input);
}

/** The input with its values, in collect's order, replaced by `slots`. */
function substitute(input: unknown, slots: Slot[], next = { i: 0 }): unknown {
  if (Array.isArray(input)) return input.map((item) => substitute(item, slots, next));
  if (isRecord(input))
    return Object.fromEntries(Object.keys(input).map((key) => [key, substitute(input[key], slots, next)]));
  return slots[next.i++];
}

/**
 * A query of the hot path, built and compiled by Kysely once per dialect and shape, then run with new values:
 * building and compiling it cost more than the database takes to run it. `build` puts the values of its input
 * (plain objects and arrays of them) into the query as they are: it must not compute with them or branch on them,
 * since the first compilation sees stand-ins. Inputs of one query may differ in the number of rows they carry.
 */
export function prepared<I, R>(
  build: (db: Kysely<Database>, input: I) => Compilable<R>,
): (db: Kysely<Database>, input: I) => CompiledQuery<R> {
  const compiled = new Map<string, { sql: string; parameters: (Slot | { value: unknown })[] }>();
  return (db, input) => {
    const values: unknown[] = [];
    collect(input, values);
    const key = `${dialectOf(db)}:${values.length}`;
    let query = compiled.get(key);
    if (!query) {
      const slots = values.map((_, i) => new Slot(i));
      const { sql, parameters } = build(db, substitute(input, slots) as I).compile();
      query = { sql, parameters: parameters.map((p) => (p instanceof Slot ? p : { value: p })) };
      compiled.set(key, query);
      if (dialectOf(db) === 'postgres') nameStatement(sql);
    }
    return CompiledQuery.raw(
      query.sql,
      query.parameters.map((p) => (p instanceof Slot ? values[p.index] : p.value)),
    ) as CompiledQuery<R>;
  };
}
