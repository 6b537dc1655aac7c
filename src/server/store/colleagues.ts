import type { AccountScope } from './scope';

/** Which of these (normalised) addresses belong to users of the account: their own, an alias or an inbox. */
export async function colleagueAddresses(scope: AccountScope, addresses: string[]): Promise<Set<string>> {
  if (!addresses.length) return new Set();
  const [users, aliases] = await Promise.all([
    scope.db
      .selectFrom('users')
      .select('email')
      .where('account_id', '=', scope.accountId)
      .where('email', 'in', addresses)
      .execute(),
    scope.db
      .selectFrom('user_addresses')
      .select('address')
      .where('account_id', '=', scope.accountId)
      .where('address', 'in', addresses)
      .execute(),
  ]);
  return new Set([...users.map((u) => u.email), ...aliases.map((a) => a.address)]);
}
