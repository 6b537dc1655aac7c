import { Migrator, sql, type Kysely, type MigrationResultSet } from 'kysely';
import { createAccount, listAccounts, type Account } from './accounts';
import { describeTarget, type DbTarget, type DialectName } from '../core/db-target';
import { dialectOf, openKysely } from './dialect';
import { Identity } from './identity';
import { migrations } from './migrations';
import type { Database } from './schema';
import { AccountScope } from './scope';

export type { DbTarget } from '../core/db-target';
export { parseDbTarget, describeTarget } from '../core/db-target';
export { AccountScope } from './scope';

/**
 * The one door to the database. All SQL lives under src/server/store/; the rest of the server asks a Store for an
 * AccountScope and works through its repositories.
 */
export class Store {
  readonly dialect: DialectName;
  readonly identity: Identity;

  private constructor(
    readonly db: Kysely<Database>,
    readonly target: DbTarget,
  ) {
    this.dialect = dialectOf(db);
    this.identity = new Identity(db);
  }

  /** Opens the database and brings its schema up to date (safe to run from several processes at once). */
  static async open(target: DbTarget, opts: { migrate?: boolean } = {}): Promise<Store> {
    const store = new Store(openKysely(target), target);
    try {
      if (opts.migrate ?? true) await store.migrate();
    } catch (err) {
      await store.close();
      throw new Error(`cannot open ${describeTarget(target)}: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
    return store;
  }

  /** Applies pending migrations; returns the names applied now. */
  async migrate(): Promise<string[]> {
    const migrator = new Migrator({ db: this.db, provider: { getMigrations: async () => migrations } });
    const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error');
      throw new Error(
        `migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  forAccount(accountId: number): AccountScope {
    return new AccountScope(this.db, accountId, this.dialect);
  }

  createAccount(input: Parameters<typeof createAccount>[1]): Promise<Account> {
    return createAccount(this.db, input);
  }

  listAccounts(): Promise<Account[]> {
    return listAccounts(this.db);
  }

  /**
   * Refreshes the planner's statistics. Worth running after a bulk load; SQLite also runs its cheap, incremental
   * form on close, as its documentation advises for long-lived connections.
   */
  async optimize(full = false): Promise<void> {
    if (this.dialect === 'postgres') await sql`analyze`.execute(this.db);
    else await sql.raw(full ? 'analyze' : 'pragma optimize').execute(this.db);
  }

  async close(): Promise<void> {
    if (this.dialect === 'sqlite') await this.optimize().catch(() => {});
    await this.db.destroy();
  }
}
