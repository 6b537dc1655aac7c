/**
 * How a failed delivery is answered. The sending server (Gmail) retries a 4xx for days and gives up on a 5xx at
 * once, bouncing to the user. So a 5xx is only for what no retry can fix (a message we cannot read, an address that
 * is not ours); everything else, including errors nobody foresaw, is a 451 so that nothing accepted is lost.
 */

/** A permanent refusal whose message tells the sender why, in words a person can act on. */
export class DeliveryRefused extends Error {
  constructor(
    message: string,
    /** 550 for an address, 552 for size, 554 for a message that cannot be read (smtp-server adds the 5.x.x code). */
    readonly responseCode: 550 | 552 | 554 = 554,
  ) {
    super(message);
    this.name = 'DeliveryRefused';
  }
}

export type TransientCause = 'database' | 'storage';

// SQLite result codes (better-sqlite3 puts them in `code`, extended codes included, e.g. SQLITE_IOERR_WRITE).
const SQLITE_TRANSIENT = /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|READONLY|FULL|PROTOCOL|NOTADB)/;
// PostgreSQL SQLSTATE classes and codes that a retry can outlive: connection exceptions, insufficient resources,
// operator intervention (shutdown, recovery), serialization failure, deadlock, lock not available.
const PG_TRANSIENT = /^(08|53|57P0[1-4]|40001|40P01|55P03|58030)/;
// Node's system errors: a server that cannot be reached, or a filesystem that cannot be written right now.
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);
const FILESYSTEM = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'EIO',
  'EMFILE',
  'ENFILE',
  'EBUSY',
  'EAGAIN',
  'ENOTDIR',
  'EEXIST',
  'ENOENT',
  'EISDIR',
  'EXDEV',
]);
// pg and better-sqlite3 report a lost or closed connection with plain messages and no code.
const CONNECTION_LOST =
  /connection terminated|not queryable|timeout exceeded when trying to connect|database connection is not open|pool (has ended|is ended)|Cannot use a pool after calling end/i;

/**
 * Says whether an error is one that waiting can cure (the database or the attachment store being unavailable),
 * and which of the two, so the 451 text and the log tell the operator where to look. Follows `cause` chains and
 * AggregateError (pg reports one per address it tried).
 */
export function transientCause(err: unknown, depth = 0): TransientCause | null {
  if (!err || typeof err !== 'object' || depth > 5) return null;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown; syscall?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (SQLITE_TRANSIENT.test(code) || PG_TRANSIENT.test(code) || NETWORK.has(code)) return 'database';
  if (FILESYSTEM.has(code)) return 'storage';
  if (typeof e.message === 'string' && CONNECTION_LOST.test(e.message)) return 'database';
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const cause = transientCause(inner, depth + 1);
      if (cause) return cause;
    }
  }
  return transientCause(e.cause, depth + 1);
}
