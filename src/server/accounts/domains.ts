import { Resolver } from 'node:dns/promises';
import type { AddressKind } from '../../contract/accounts';
import { domainOf, normaliseAddress } from '../../contract/addresses';
import type { AccountScope } from '../store';
import type { AccountDomain } from '../store/account-domains';
import type { UserAddress } from '../store/users';
import { checkDomain } from './provision';

/** The TXT records of a name, each as its character strings (node:dns's shape). */
export type TxtResolver = (domain: string) => Promise<string[][]>;

export const VERIFICATION_PREFIX = 'mailtrail-verification=';

/** Why an alias or a domain claim is refused: `taken` when another account owns it, `invalid` otherwise. */
export class DomainRefused extends Error {
  constructor(
    message: string,
    readonly reason: 'invalid' | 'taken',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The system's resolver, or the given DNS servers' (`--dns-server`). */
export function dnsTxtResolver(servers: readonly string[] = []): TxtResolver {
  const resolver = new Resolver({ timeout: 5000, tries: 2 });
  if (servers.length) resolver.setServers([...servers]);
  return (domain) => resolver.resolveTxt(domain);
}

/** The TXT record an admin publishes to prove `claim.domain` is the account's. */
export const verificationRecord = (claim: AccountDomain) => `${VERIFICATION_PREFIX}${claim.secret}`;

/** Starts proving a domain is the account's: the record to publish. Refused for a domain another account owns. */
export async function claimDomain(scope: AccountScope, value: string): Promise<AccountDomain> {
  const domain = parseDomain(value);
  const own = (await scope.domains.list()).find((d) => d.domain === domain);
  if (own?.primary) return own;
  if (await scope.domains.ownedElsewhere(domain))
    throw new DomainRefused(`${domain} belongs to another mailtrail account; a domain may belong to one only`, 'taken');
  return scope.domains.claim(domain);
}

/**
 * Looks up the claim's TXT record and marks the domain verified when it carries the claim's secret. The admin who
 * can publish DNS records for a domain speaks for it; an admin who cannot, cannot add aliases in it.
 */
export async function verifyDomain(
  scope: AccountScope,
  value: string,
  resolveTxt: TxtResolver,
): Promise<AccountDomain> {
  const domain = parseDomain(value);
  const claim = (await scope.domains.list()).find((d) => d.domain === domain);
  if (!claim) throw new DomainRefused(`${domain} is not claimed by this account yet: add it first`, 'invalid');
  if (claim.verifiedAt !== null) return claim;
  const expected = verificationRecord(claim);
  let records: string[][];
  try {
    records = await resolveTxt(domain);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENODATA' && code !== 'ENOTFOUND')
      throw new Error(`The DNS lookup of ${domain} failed (${code ?? (err as Error).message}); try again later`, {
        cause: err,
      });
    records = [];
  }
  if (!records.some((chunks) => chunks.join('') === expected))
    throw new DomainRefused(
      `${domain} has no TXT record "${expected}" yet; publish it, wait for DNS to update, then verify again`,
      'invalid',
    );
  if (!(await scope.domains.markVerified(domain)))
    throw new DomainRefused(`${domain} was verified by another mailtrail account first`, 'taken');
  return { ...claim, verifiedAt: Date.now() };
}

/**
 * Adds an alias (L4) only in a domain the account owns: its own, or one it verified. A connected inbox may be at a
 * personal address (gmail.com), so it may be in any domain except one another account owns. Either way, sign-in
 * finds a user by any of their addresses, so an address in another account's domain would sign in as this one's.
 */
export async function addUserAddress(
  scope: AccountScope,
  userId: number,
  address: string,
  kind: AddressKind,
): Promise<UserAddress> {
  const domain = domainOf(normaliseAddress(address));
  if (await scope.domains.ownedElsewhere(domain))
    throw new DomainRefused(`${address} is in ${domain}, a domain of another mailtrail account`, 'taken');
  if (kind === 'alias' && !(await scope.domains.owns(domain))) {
    const owned = (await scope.domains.list()).filter((d) => d.verifiedAt !== null).map((d) => d.domain);
    throw new DomainRefused(
      `${address} is not in a domain of this account (${owned.join(', ')}); an alias must be. Verify ${domain} first if it is yours`,
      'invalid',
    );
  }
  return scope.users.addAddress(userId, address, kind);
}

function parseDomain(value: string): string {
  try {
    return checkDomain(value, 'The domain');
  } catch (err) {
    throw new DomainRefused((err as Error).message, 'invalid', { cause: err });
  }
}
