import type { Selectable } from 'kysely';
import type { AddressKind, UserRole } from '../../contract/accounts';
import { normaliseAddress } from '../../contract/addresses';
import { LANGUAGES, type Language } from '../../contract/language';
import { isUniqueViolation } from './dialect';
import type { AccountScope } from './scope';
import type { UsersTable } from './schema';

export type User = {
  id: number;
  accountId: number;
  email: string;
  name: string;
  role: UserRole;
  paidSeat: boolean;
  /** The language they picked in the web app, for what the server writes them unasked; null: not picked yet. */
  language: Language | null;
  createdAt: number;
  updatedAt: number;
};

export type UserAddress = { id: number; userId: number; address: string; kind: AddressKind; createdAt: number };

export class AddressTakenError extends Error {}

export function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    accountId: row.account_id,
    email: row.email,
    name: row.name,
    role: row.role,
    paidSeat: Boolean(row.paid_seat),
    language: LANGUAGES.find((l) => l === row.language) ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Sign-in finds the user by address across accounts (ID tokens carry no account), so an address may belong to one
 * account only: one account taking another's address would lock that user out of the add-on.
 */
async function refuseOtherAccounts(tx: AccountScope, address: string): Promise<void> {
  const [user, alias] = await Promise.all([
    tx.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', address)
      .where('account_id', '<>', tx.accountId)
      .executeTakeFirst(),
    tx.db
      .selectFrom('user_addresses')
      .select('id')
      .where('address', '=', address)
      .where('account_id', '<>', tx.accountId)
      .executeTakeFirst(),
  ]);
  if (user || alias)
    throw new AddressTakenError(
      `${address} already belongs to a user of another mailtrail account; an address may belong to one account only`,
    );
}

/** The people of an account: its users (who are also the CRM's owners) and the addresses they send from. */
export class UsersRepo {
  constructor(private readonly scope: AccountScope) {}

  private users() {
    return this.scope.db.selectFrom('users').selectAll().where('account_id', '=', this.scope.accountId);
  }

  async add(input: { email: string; name?: string; role?: UserRole; paidSeat?: boolean }): Promise<User> {
    const email = normaliseAddress(input.email);
    return this.scope.transaction(async (tx) => {
      // An address is one person's: a user's own address cannot also be someone's alias in the same account.
      const alias = await tx.db
        .selectFrom('user_addresses')
        .select('id')
        .where('account_id', '=', tx.accountId)
        .where('address', '=', email)
        .executeTakeFirst();
      if (alias) throw new AddressTakenError(`${email} is already an alias or inbox of a user of this account`);
      await refuseOtherAccounts(tx, email);
      const now = Date.now();
      try {
        const row = await tx.db
          .insertInto('users')
          .values({
            account_id: tx.accountId,
            email,
            name: input.name ?? '',
            role: input.role ?? 'user',
            paid_seat: input.paidSeat ? 1 : 0,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toUser(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw new AddressTakenError(`${email} is already a user of this account`);
        throw err;
      }
    });
  }

  async get(id: number): Promise<User | undefined> {
    const row = await this.users().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  /** Several users in one query (the owners named on a card). */
  async getMany(ids: readonly number[]): Promise<User[]> {
    if (!ids.length) return [];
    return (
      await this.users()
        .where('id', 'in', [...ids])
        .execute()
    ).map(toUser);
  }

  async getByEmail(email: string): Promise<User | undefined> {
    const row = await this.users().where('email', '=', normaliseAddress(email)).executeTakeFirst();
    return row && toUser(row);
  }

  /** Which of `ids` are users of this account: owner ids must be. */
  async existing(ids: number[]): Promise<Set<number>> {
    if (!ids.length) return new Set();
    const rows = await this.scope.db
      .selectFrom('users')
      .select('id')
      .where('account_id', '=', this.scope.accountId)
      .where('id', 'in', ids)
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  async list(opts: { limit?: number; after?: number; email?: string } = {}): Promise<User[]> {
    let query = this.users().orderBy('id');
    if (opts.after !== undefined) query = query.where('id', '>', opts.after);
    if (opts.email !== undefined) query = query.where('email', '=', normaliseAddress(opts.email));
    if (opts.limit !== undefined) query = query.limit(opts.limit);
    return (await query.execute()).map(toUser);
  }

  async update(
    id: number,
    changes: { name?: string; role?: UserRole; paidSeat?: boolean; language?: Language },
  ): Promise<User | undefined> {
    const row = await this.scope.db
      .updateTable('users')
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.role !== undefined && { role: changes.role }),
        ...(changes.paidSeat !== undefined && { paid_seat: changes.paidSeat ? 1 : 0 }),
        ...(changes.language !== undefined && { language: changes.language }),
        updated_at: Date.now(),
      })
      .where('account_id', '=', this.scope.accountId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toUser(row);
  }

  /** Adds an alias or a connected inbox (L4). Idempotent for the same user; refused when it is someone else's. */
  async addAddress(userId: number, address: string, kind: AddressKind): Promise<UserAddress> {
    const normalised = normaliseAddress(address);
    return this.scope.transaction(async (tx) => {
      const owner = await new UsersRepo(tx).findByAddress(normalised);
      if (owner && owner.id !== userId) throw new AddressTakenError(`${normalised} already belongs to ${owner.email}`);
      const existing = await tx.db
        .selectFrom('user_addresses')
        .selectAll()
        .where('account_id', '=', tx.accountId)
        .where('address', '=', normalised)
        .executeTakeFirst();
      if (owner && !existing) throw new AddressTakenError(`${normalised} is the user's own address`);
      if (!existing) await refuseOtherAccounts(tx, normalised);
      const row =
        existing ??
        (await tx.db
          .insertInto('user_addresses')
          .values({ account_id: tx.accountId, user_id: userId, address: normalised, kind, created_at: Date.now() })
          .returningAll()
          .executeTakeFirstOrThrow());
      return { id: row.id, userId: row.user_id, address: row.address, kind: row.kind, createdAt: row.created_at };
    });
  }

  async addresses(userId: number): Promise<UserAddress[]> {
    const rows = await this.scope.db
      .selectFrom('user_addresses')
      .selectAll()
      .where('account_id', '=', this.scope.accountId)
      .where('user_id', '=', userId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      address: r.address,
      kind: r.kind,
      createdAt: r.created_at,
    }));
  }

  /** The user an address belongs to: their own address, an alias or a connected inbox (L4). */
  async findByAddress(address: string): Promise<User | undefined> {
    const normalised = normaliseAddress(address);
    const own = await this.getByEmail(normalised);
    if (own) return own;
    const row = await this.scope.db
      .selectFrom('user_addresses')
      .innerJoin('users', 'users.id', 'user_addresses.user_id')
      .selectAll('users')
      .where('user_addresses.account_id', '=', this.scope.accountId)
      .where('user_addresses.address', '=', normalised)
      .executeTakeFirst();
    return row && toUser(row);
  }

  /** Which of these (normalised) addresses belong to users of the account: their own, an alias or an inbox. */
  async colleagueAddresses(addresses: string[]): Promise<Set<string>> {
    if (!addresses.length) return new Set();
    const [users, aliases] = await Promise.all([
      this.scope.db
        .selectFrom('users')
        .select('email')
        .where('account_id', '=', this.scope.accountId)
        .where('email', 'in', addresses)
        .execute(),
      this.scope.db
        .selectFrom('user_addresses')
        .select('address')
        .where('account_id', '=', this.scope.accountId)
        .where('address', 'in', addresses)
        .execute(),
    ]);
    return new Set([...users.map((u) => u.email), ...aliases.map((a) => a.address)]);
  }
}
