// The hot path's statements (prepared(), the batch append, the labelling read of a commit's clicks) run on
// PostgreSQL as named statements: each connection parses and plans one once, then only binds and executes it.
// Planning the labelling reads cost PostgreSQL several times more than running them, on the cores the server
// shares with it (docs/performance.md, "Fifth pass").

/**
 * At most this many texts get a name. Each connection keeps a plan for each name it ran; texts that differ only in
 * their number of rows (a multi-row insert, one arm per email) are several names, so their count is bounded.
 */
const NAMED = 100;

const names = new Map<string, string>();

/** Gives a statement text a name to run under, while names are left. */
export function nameStatement(sql: string): void {
  if (!names.has(sql) && names.size < NAMED) names.set(sql, `mailtrail_${names.size + 1}`);
}

/** The name a statement text runs under, if it has one. */
export const statementName = (sql: string): string | undefined => names.get(sql);
