import type { AccountSettings, UserRole } from '../../contract/accounts';
import { isAddress } from '../../contract/addresses';
import { normaliseDomain } from '../../contract/crm-property-values';
import type { AccountScope, Store } from '../store';
import { routingAddress } from './logging-addresses';
import type { Account } from '../store/accounts';
import type { User } from '../store/users';

const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/**
 * The domain of an account's logging addresses (`log+…`, `bcc+…`, `route+…@<bcc domain>`) when none is given: the host of the
 * public URL (the server that receives the mail), else `bcc.<account domain>`. Either way its MX must point at
 * the server's SMTP listener.
 */
export function defaultBccDomain(domain: string, publicUrl?: string): string {
  if (publicUrl) return new URL(publicUrl).hostname.toLowerCase();
  return `bcc.${domain}`;
}

export function checkDomain(value: string, option: string): string {
  const domain = normaliseDomain(value);
  if (!DOMAIN.test(domain))
    throw new Error(`${option} must be a domain such as example.com, not ${JSON.stringify(value)}`);
  return domain;
}

export type NewAccount = {
  name: string;
  domain: string;
  bccDomain?: string;
  publicUrl?: string;
  admin: { email: string; name?: string };
  settings?: Partial<AccountSettings>;
  keyName?: string;
};

/** Creates an account with its first super admin and an API key, all or nothing. The key is returned in clear once. */
export async function provisionAccount(
  store: Store,
  input: NewAccount,
): Promise<{ account: Account; admin: User; apiKey: string; apiKeyId: number; routingAddress: string }> {
  if (!input.name.trim()) throw new Error('--name must not be empty');
  const domain = checkDomain(input.domain, '--domain');
  const bccDomain = input.bccDomain
    ? checkDomain(input.bccDomain, '--bcc-domain')
    : defaultBccDomain(domain, input.publicUrl);
  if (!isAddress(input.admin.email))
    throw new Error(`--admin must be an email address, not ${JSON.stringify(input.admin.email)}`);
  const row = { name: input.name.trim(), domain, bccDomain, settings: input.settings };
  return store.accounts.create(row, async (scope, account) => {
    const admin = await scope.users.add({ email: input.admin.email, name: input.admin.name, role: 'super_admin' });
    const { key, info } = await scope.apiKeys.create(input.keyName ?? 'default');
    return { account, admin, apiKey: key, apiKeyId: info.id, routingAddress: await routingAddress(scope) };
  });
}

export async function addUser(
  scope: AccountScope,
  input: { email: string; name?: string; role?: UserRole; paidSeat?: boolean },
): Promise<User> {
  if (!isAddress(input.email)) throw new Error(`--email must be an email address, not ${JSON.stringify(input.email)}`);
  if (!(await scope.account.get()))
    throw new Error(`there is no account ${scope.accountId}: see \`mailtrail account list\``);
  return scope.users.add(input);
}
