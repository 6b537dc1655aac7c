import type { EffectiveSettings, Permissions, RecordKind } from '../../contract/addon';
import type { Account } from '../store/accounts';
import type { User } from '../store/users';

// What an account's settings mean for one user: read by the sidebar and by the BCC inbox, which logs copies that
// came without Apply as the sidebar would have (S1–S3).

const KIND: Record<string, RecordKind | undefined> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  tickets: 'ticket',
};

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
