import type { Kysely } from 'kysely';
import type { DialectName } from './dialect';
import type { Database } from './schema';
import { AccountRepo } from './accounts';
import { ApiKeysRepo } from './api-keys';
import { AssociationsRepo } from './associations';
import { ObjectsRepo } from './objects';
import { ObjectSearch } from './objects-search';
import { UsersRepo } from './users';

/**
 * The store as one account sees it. Every repository is built from a scope and puts `scope.accountId` in each of
 * its queries, so code holding a scope cannot reach another account's rows. A repository added later is a class
 * taking the scope (`new IntentsRepo(scope)`), or a getter below.
 */
export class AccountScope {
  constructor(
    readonly db: Kysely<Database>,
    readonly accountId: number,
    readonly dialect: DialectName,
  ) {}

  get account() {
    return new AccountRepo(this);
  }
  get users() {
    return new UsersRepo(this);
  }
  get apiKeys() {
    return new ApiKeysRepo(this);
  }
  get objects() {
    return new ObjectsRepo(this);
  }
  get search() {
    return new ObjectSearch(this);
  }
  get associations() {
    return new AssociationsRepo(this);
  }

  /** Runs `fn` in one transaction, or inside the current one when this scope already is a transaction's. */
  async transaction<T>(fn: (tx: AccountScope) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return this.db.transaction().execute((trx) => fn(new AccountScope(trx, this.accountId, this.dialect)));
  }
}
