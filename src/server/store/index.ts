import { Migrator, sql, type Kysely, type MigrationResultSet } from 'kysely';
import { Accounts } from './accounts';
import { describeTarget, type DbTarget, type DialectName } from '../core/db-target';
import { dialectOf, openKysely } from './dialect';
import { Identity } from './identity';
import { migrations } from './migrations';
import { NotificationLog } from './notifications';
import type { Database } from './schema';
import { ReminderQueue } from './reminders';
import { AccountScope } from './scope';
import { TokenLookups } from './tokens';
import { EventLog } from './tracking-append';
import { Retention } from './tracking-erasure';
import { WebSessions } from './web-sessions';
import { WebhookQueue } from './webhooks';

export type { DbTarget } from '../core/db-target';
export { parseDbTarget, describeTarget } from '../core/db-target';
export type { AccountScope } from './scope';

/**
 * The one door to the database: all SQL lives under src/server/store/, and the rest of the server reaches it in
 * one of two ways.
 *
 * 1. **One account's data**: `store.forAccount(id)` gives an AccountScope, whose getters are the repositories
 *    (`scope.users`, `scope.objects`, `scope.intents`, `scope.tracking`, …; see scope.ts). Each puts the account in
 *    every query. This is the way for everything that is not listed below.
 * 2. **Deliberately across accounts**: the groups below, each serving one thing that comes before an account is
 *    known or that works on every account at once. This is the only unscoped door.
 *    - `identity`: whose credential a request carries (API keys, users by address).
 *    - `sessions`: the web app's sign-in sessions, found by their cookie.
 *    - `tokens`: the intent or link a pixel or link token names (and the pixel's cache of them), and what a
 *      logging address's secret names.
 *    - `events`: the event writer's batch append of events of any accounts (group commit).
 *    - `notifications`: every account's notifications in id order, for the live streams of every instance.
 *    - `webhookQueue`: the webhook worker's lease, finish and next-due over every account's queue.
 *    - `reminderQueue`: the reminder schedulers' claim of every account's due reminders.
 *    - `retention`: the purge of raw events, notifications and finished webhook deliveries past the retention period.
 *    - `accounts`: making an account and listing them.
 *
 * Besides these, the Store itself: `ping()` (the health check), `migrate()`, `optimize()` and `close()`. `db` is the
 * connection, for the store's own modules and for tests that inspect rows; nothing else of the server uses it.
 */
export class Store {
  readonly dialect: DialectName;
  readonly identity: Identity;
  readonly sessions: WebSessions;
  readonly tokens: TokenLookups;
  readonly events: EventLog;
  readonly notifications: NotificationLog;
  readonly webhookQueue: WebhookQueue;
  readonly reminderQueue: ReminderQueue;
  readonly retention: Retention;
  readonly accounts: Accounts;

  private constructor(
    readonly db: Kysely<Database>,
    readonly target: DbTarget,
  ) {
    this.dialect = dialectOf(db);
    this.identity = new Identity(db);
    this.sessions = new WebSessions(db);
    this.tokens = new TokenLookups(db, (accountId) => this.forAccount(accountId));
    this.events = new EventLog(db);
    this.notifications = new NotificationLog(db);
    this.webhookQueue = new WebhookQueue(db);
    this.reminderQueue = new ReminderQueue(db);
    this.retention = new Retention(db);
    this.accounts = new Accounts(db, (trx, accountId) => new AccountScope(trx, accountId, this.dialect));
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

  /** Whether the database answers (the health check). */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
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
