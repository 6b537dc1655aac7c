import { randomBytes } from 'node:crypto';
import type { AccountScope } from './scope';

// The account_domains table of migration 0008_hardening, added to the store's Database interface like schema-web.ts.
export interface AccountDomainsTable {
  id: import('kysely').Generated<number>;
  account_id: number;
  domain: string;
  /** What the domain's TXT record must say, after `mailtrail-verification=`. */
  secret: string;
  verified_at: number | null;
  created_at: number;
}

declare module './schema' {
  interface Database {
    account_domains: AccountDomainsTable;
  }
}

export type AccountDomain = { domain: string; secret: string; verifiedAt: number | null; primary: boolean };

/**
 * The domains an account owns (`scope.domains`): its own, and those an admin proved with a DNS record. Aliases may
 * only be in these; another account's domain is never one of them.
 */
export class AccountDomainsRepo {
  constructor(private readonly scope: AccountScope) {}

  /** The account's own domain first, then the claimed ones, oldest first. */
  async list(): Promise<AccountDomain[]> {
    const account = await this.scope.account.get();
    const rows = await this.scope.db
      .selectFrom('account_domains')
      .selectAll()
      .where('account_id', '=', this.scope.accountId)
      .orderBy('id')
      .execute();
    return [
      ...(account ? [{ domain: account.domain, secret: '', verifiedAt: account.createdAt, primary: true }] : []),
      ...rows.map((r) => ({ domain: r.domain, secret: r.secret, verifiedAt: r.verified_at, primary: false })),
    ];
  }

  /** Starts a claim (or returns the one under way): the secret its TXT record must carry. */
  async claim(domain: string): Promise<AccountDomain> {
    await this.scope.db
      .insertInto('account_domains')
      .values({
        account_id: this.scope.accountId,
        domain,
        secret: randomBytes(18).toString('base64url'),
        verified_at: null,
        created_at: Date.now(),
      })
      .onConflict((oc) => oc.columns(['account_id', 'domain']).doNothing())
      .execute();
    return (await this.list()).find((d) => d.domain === domain && !d.primary)!;
  }

  /** Marks a claim verified; false when another account verified the domain first (the unique index decides). */
  async markVerified(domain: string, at = Date.now()): Promise<boolean> {
    try {
      const result = await this.scope.db
        .updateTable('account_domains')
        .set({ verified_at: at })
        .where('account_id', '=', this.scope.accountId)
        .where('domain', '=', domain)
        .where('verified_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0 || (await this.owns(domain));
    } catch (err) {
      if (/unique|duplicate/i.test((err as Error).message)) return false;
      throw err;
    }
  }

  async owns(domain: string): Promise<boolean> {
    const account = await this.scope.account.get();
    if (account?.domain === domain) return true;
    const row = await this.scope.db
      .selectFrom('account_domains')
      .select('id')
      .where('account_id', '=', this.scope.accountId)
      .where('domain', '=', domain)
      .where('verified_at', 'is not', null)
      .executeTakeFirst();
    return Boolean(row);
  }

  /** Whether another account has this domain as its own or verified it. */
  async ownedElsewhere(domain: string): Promise<boolean> {
    const [primary, verified] = await Promise.all([
      this.scope.db
        .selectFrom('accounts')
        .select('id')
        .where('domain', '=', domain)
        .where('id', '<>', this.scope.accountId)
        .executeTakeFirst(),
      this.scope.db
        .selectFrom('account_domains')
        .select('id')
        .where('domain', '=', domain)
        .where('account_id', '<>', this.scope.accountId)
        .where('verified_at', 'is not', null)
        .executeTakeFirst(),
    ]);
    return Boolean(primary || verified);
  }
}
