import type { Kysely } from 'kysely';
import { normaliseAddress } from '../../contract/addresses';
import { hashApiKey } from './api-keys';
import type { Database } from './schema';
import { toUser, type User } from './users';

/**
 * The only reads that cross accounts: finding whose credential a request carries, before any account is known.
 * They return the account id so the caller can take that account's scope.
 */
export class Identity {
  constructor(private readonly db: Kysely<Database>) {}

  /** The live key with this clear value, or undefined. */
  async apiKey(key: string): Promise<{ accountId: number; keyId: number } | undefined> {
    const row = await this.db
      .selectFrom('api_keys')
      .select(['id', 'account_id', 'revoked_at'])
      .where('key_hash', '=', hashApiKey(key))
      .executeTakeFirst();
    if (!row || row.revoked_at !== null) return undefined;
    return { accountId: row.account_id, keyId: row.id };
  }

  async touchApiKey(keyId: number, at: number): Promise<void> {
    await this.db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', keyId).execute();
  }

  /** Every user, in any account, whose own address, alias or connected inbox this is. */
  async usersByAddress(address: string): Promise<User[]> {
    const email = normaliseAddress(address);
    const [own, viaAlias] = await Promise.all([
      this.db.selectFrom('users').selectAll().where('email', '=', email).execute(),
      this.db
        .selectFrom('user_addresses')
        .innerJoin('users', 'users.id', 'user_addresses.user_id')
        .selectAll('users')
        .where('user_addresses.address', '=', email)
        .execute(),
    ]);
    const byId = new Map([...own, ...viaAlias].map((row) => [row.id, toUser(row)]));
    return [...byId.values()];
  }
}
