import type { FastifyRequest } from 'fastify';
import { accountScope } from '../../auth';
import type { AccountScope } from '../../store';
import type { Account } from '../../store/accounts';
import type { User } from '../../store/users';

/** The person using the sidebar, with their account and every address they send from (L4). */
export type Caller = { scope: AccountScope; user: User; account: Account; own: Set<string> };

export async function caller(request: FastifyRequest): Promise<Caller> {
  const principal = request.principal;
  if (principal?.kind !== 'user') throw new Error(`route ${request.routeOptions.url} needs the add-on user hook`);
  return callerOf(accountScope(request), principal.user);
}

/** The caller for a user already known (the request's principal; the bench, which calls the routes' work directly). */
export async function callerOf(scope: AccountScope, user: User): Promise<Caller> {
  const [account, addresses] = await Promise.all([scope.account.get(), scope.users.addresses(user.id)]);
  if (!account) throw new Error(`account ${scope.accountId} does not exist`);
  return { scope, user, account, own: new Set([user.email, ...addresses.map((a) => a.address)]) };
}
