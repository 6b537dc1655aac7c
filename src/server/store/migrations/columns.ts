import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';
import { dialectOf } from '../../core/db-target';

/** Column types that differ between SQLite and PostgreSQL, for migrations to share. */
export function columns(db: Kysely<any>) {
  const postgres = dialectOf(db) === 'postgres';
  return {
    /** An auto-incremented numeric primary key. */
    id<T extends string>(table: CreateTableBuilder<T, any>, name = 'id') {
      return postgres
        ? table.addColumn(name, 'bigserial', (c) => c.primaryKey())
        : table.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement());
    },
    json: postgres ? sql`jsonb` : sql`text`,
    /** Epoch milliseconds and foreign ids. */
    bigint: 'bigint' as const,
    notNull: (c: ColumnDefinitionBuilder) => c.notNull(),
  };
}
