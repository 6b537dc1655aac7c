import type { UserRole } from '../../src/contract/accounts';
import { addUser, provisionAccount } from '../../src/server/accounts/provision';
import type { Store } from '../../src/server/store';
import type { User } from '../../src/server/store/users';

export type TestAccount = {
  accountId: number;
  apiKey: string;
  bccDomain: string;
  admin: User;
  /** Every user by email, the admin included. */
  users: Record<string, User>;
};

/**
 * An account with a super admin, more users and an API key, made through the same code as `mailtrail account
 * create` and `mailtrail user add`.
 */
export async function createTestAccount(
  store: Store,
  opts: {
    name?: string;
    domain?: string;
    admin?: string;
    adminName?: string;
    users?: { email: string; name?: string; role?: UserRole; aliases?: string[] }[];
  } = {},
): Promise<TestAccount> {
  const domain = opts.domain ?? 'acme.test';
  const { account, admin, apiKey } = await provisionAccount(store, {
    name: opts.name ?? 'Acme',
    domain,
    admin: { email: opts.admin ?? `ada@${domain}`, name: opts.adminName ?? 'Ada Lovelace' },
  });
  const scope = store.forAccount(account.id);
  const users: Record<string, User> = { [admin.email]: admin };
  for (const u of opts.users ?? []) {
    const user = await addUser(scope, u);
    for (const alias of u.aliases ?? []) await scope.users.addAddress(user.id, alias, 'alias');
    users[user.email] = user;
  }
  return { accountId: account.id, apiKey, bccDomain: account.bccDomain, admin, users };
}
