import { loggingAddress } from '../../contract/logging-address';
import type { AccountScope } from '../store';

// The addresses that log without Apply (L11): a user's personal `bcc+<secret>@<bcc domain>` and the account's
// routing `route+<secret>@<bcc domain>`. Each secret is made when first asked for; a rotation retires it, and the
// old address is refused from then on with where to find the new one.

async function bccDomainOf(scope: AccountScope): Promise<string> {
  const account = await scope.account.get();
  if (!account) throw new Error(`there is no account ${scope.accountId}: see \`mailtrail account list\``);
  return account.bccDomain;
}

/** The user's personal logging address; a new one when `rotate`. */
export async function personalAddress(scope: AccountScope, userId: number, o: { rotate?: boolean } = {}) {
  const domain = await bccDomainOf(scope);
  const secret = o.rotate
    ? await scope.loggingSecrets.rotate('personal', userId)
    : await scope.loggingSecrets.personal(userId);
  return loggingAddress('personal', secret.secret, domain);
}

/** The account's routing address, for the Workspace routing rule; a new one when `rotate`. */
export async function routingAddress(scope: AccountScope, o: { rotate?: boolean } = {}) {
  const domain = await bccDomainOf(scope);
  const secret = o.rotate ? await scope.loggingSecrets.rotate('routing', null) : await scope.loggingSecrets.routing();
  return loggingAddress('routing', secret.secret, domain);
}
