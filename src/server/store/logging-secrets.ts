import type { Kysely, Selectable } from 'kysely';
import { newToken } from '../core/tokens';
import { isUniqueViolation } from './dialect';
import type { Database } from './schema';
import type { LoggingSecretsTable } from './schema-intents';
import type { AccountScope } from './scope';

/** The secret of a personal (`bcc+…`) or routing (`route+…`) logging address, current or retired. */
export type LoggingSecret = {
  accountId: number;
  kind: 'personal' | 'routing';
  userId: number | null;
  secret: string;
  createdAt: number;
  retiredAt: number | null;
};

function toSecret(row: Selectable<LoggingSecretsTable>): LoggingSecret {
  return {
    accountId: row.account_id,
    kind: row.kind,
    userId: row.user_id,
    secret: row.secret,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  };
}

/** The secret named by a personal or routing address, in whichever account (SMTP RCPT knows only the address). */
export async function loggingSecretBySecret(
  db: Kysely<Database>,
  kind: LoggingSecret['kind'],
  secret: string,
): Promise<LoggingSecret | undefined> {
  const row = await db
    .selectFrom('logging_secrets')
    .selectAll()
    .where('secret', '=', secret)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row && toSecret(row);
}

/**
 * An account's personal and routing addresses' secrets. Each is made the first time it is asked for, and a rotation
 * retires it (kept, so its address can answer that it was replaced) and makes a new one.
 */
export class LoggingSecretsRepo {
  constructor(private readonly scope: AccountScope) {}

  /** The user's current personal secret. */
  personal(userId: number): Promise<LoggingSecret> {
    return this.current('personal', userId);
  }

  /** The account's current routing secret. */
  routing(): Promise<LoggingSecret> {
    return this.current('routing', null);
  }

  /** Retires the current secret and answers its replacement. */
  rotate(kind: LoggingSecret['kind'], userId: number | null): Promise<LoggingSecret> {
    return this.scope.transaction(async (tx) => {
      await tx.db
        .updateTable('logging_secrets')
        .set({ retired_at: Date.now() })
        .where('account_id', '=', tx.accountId)
        .where('kind', '=', kind)
        .where((eb) => (userId === null ? eb('user_id', 'is', null) : eb('user_id', '=', userId)))
        .where('retired_at', 'is', null)
        .execute();
      return new LoggingSecretsRepo(tx).insert(kind, userId);
    });
  }

  private async current(kind: LoggingSecret['kind'], userId: number | null): Promise<LoggingSecret> {
    const found = await this.find(kind, userId);
    if (found) return found;
    try {
      return await this.insert(kind, userId);
    } catch (err) {
      // Asked for twice at the same moment: the other request made it.
      if (!isUniqueViolation(err)) throw err;
      const made = await this.find(kind, userId);
      if (!made) throw err;
      return made;
    }
  }

  private async find(kind: LoggingSecret['kind'], userId: number | null): Promise<LoggingSecret | undefined> {
    const row = await this.scope.db
      .selectFrom('logging_secrets')
      .selectAll()
      .where('account_id', '=', this.scope.accountId)
      .where('kind', '=', kind)
      .where((eb) => (userId === null ? eb('user_id', 'is', null) : eb('user_id', '=', userId)))
      .where('retired_at', 'is', null)
      .executeTakeFirst();
    return row && toSecret(row);
  }

  private async insert(kind: LoggingSecret['kind'], userId: number | null): Promise<LoggingSecret> {
    const row = await this.scope.db
      .insertInto('logging_secrets')
      .values({
        account_id: this.scope.accountId,
        kind,
        user_id: userId,
        secret: newToken(),
        created_at: Date.now(),
        retired_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSecret(row);
  }
}
