import type { FastifyRequest } from 'fastify';
import type { EffectiveSettings, Permissions, RecordKind } from '../../../contract/addon';
import { accountScope } from '../../auth';
import type { AccountScope } from '../../store';
import type { Account } from '../../store/accounts';
import type { User } from '../../store/users';

/** The person using the sidebar, with their account and every address they send from (L4). */
export type Caller = { scope: AccountScope; user: User; account: Account; own: Set<string> };

export async function caller(request: FastifyRequest): Promise<Caller> {
  const principal = request.principal;
  if (principal?.kind !== 'user') throw new Error(`route ${request.routeOptions.url} needs the add-on user hook`);
  const scope = accountScope(request);
  const [account, addresses] = await Promise.all([scope.account.get(), scope.users.addresses(principal.user.id)]);
  if (!account) throw new Error(`account ${scope.accountId} does not exist`);
  return {
    scope,
    user: principal.user,
    account,
    own: new Set([principal.user.email, ...addresses.map((a) => a.address)]),
  };
}

const KIND: Record<string, RecordKind | undefined> = { contacts: 'contact', companies: 'company', deals: 'deal' };

/** The account's settings as the sidebar shows them (S1–S3): values, and which ones users cannot change. */
export function effectiveSettings(account: Account): EffectiveSettings {
  const s = account.settings;
  return {
    track: { value: s.trackingAllowed && s.trackByDefault, enforced: s.enforceTrack },
    log: { value: s.logByDefault, enforced: s.enforceLog },
    associations: {
      value: s.defaultAssociations.map((t) => KIND[t]).filter((k): k is RecordKind => k !== undefined),
      enforced: s.enforceAssociations,
    },
    privacyMode: s.privacyMode,
  };
}

/** S3 "allow all users to track", and who may track clicks (T2: everyone, paid seats, or nobody). */
export function permissions(account: Account, user: User): Permissions {
  const s = account.settings;
  const mayTrack = s.trackingAllowed;
  const mayTrackClicks =
    mayTrack && (s.clickTracking === 'everyone' || (s.clickTracking === 'paid_seats' && user.paidSeat));
  return { mayTrack, mayTrackClicks };
}
