import { createReadStream } from 'node:fs';
import { authenticate, type DNSResolver } from 'mailauth';
import { domainOf, normaliseAddress } from '../../contract/addresses';
import type { Said } from '../logging/notes';
import type { Account } from '../store/accounts';
import type { Delivery } from './listener';

/** Why a copy is not authentic beyond holding its logging address, or null when it may be logged. */
export type CopyAuthenticity = (account: Account, delivery: Delivery) => Promise<Said | null>;

/**
 * L11: with the account's `requireDkim` on, a copy whose From is at the account's domain needs a valid DKIM
 * signature aligned with that domain (mailauth, which also reads SPF and ARC: they are said in the reason). Copies
 * from other domains (an alias at another provider) are left to L4. `resolver` replaces DNS (tests).
 */
export function dkimRequirement(o: { resolver?: DNSResolver } = {}): CopyAuthenticity {
  return async (account, { email, rawFile, remoteAddress, envelopeFrom }) => {
    if (!account.settings.requireDkim || !email.from) return null;
    const domain = domainOf(normaliseAddress(email.from.address));
    if (domain !== account.domain) return null;
    const result = await authenticate(createReadStream(rawFile), {
      ip: remoteAddress,
      sender: envelopeFrom || undefined,
      disableBimi: true,
      ...(o.resolver ? { resolver: o.resolver } : {}),
    });
    // An unsigned message still has one result, without a signing domain.
    const signatures = result.dkim.results.filter((s) => s.signingDomain);
    if (signatures.some((s) => s.status.result === 'pass' && Boolean(s.status.aligned))) return null;
    const seen = signatures.map((s) => `${s.signingDomain}: ${s.status.result}`).join(', ');
    const checks = (none: string) =>
      `DKIM ${seen || none}; SPF ${result.spf ? result.spf.status.result : none}; ARC ${result.arc ? result.arc.status.result : none}`;
    return (w) => w.noDkim(domain, checks(w.none));
  };
}
