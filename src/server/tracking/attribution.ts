import { domainOf, normaliseAddress } from '../../contract/addresses';
import type {
  Permissions,
  RecipientStatus,
  TrackingMode,
  TrackingReason,
  UntrackableReason,
} from '../../contract/addon';

export type AttributionRecipient = {
  address: string;
  status: RecipientStatus;
  /** The CRM contact with this address, and its legal basis for processing (HubSpot's `hs_legal_basis`). */
  contact: { id: string; legalBasis: string | null } | null;
};

export type AttributionInput = {
  /** The account's data-privacy switch (T6). */
  privacyMode: boolean;
  permissions: Permissions;
  /** To, Cc and Bcc as the draft has them. */
  recipients: readonly AttributionRecipient[];
  /** The sender's own addresses (login, aliases, connected inboxes): a copy to oneself is nobody else reading. */
  ownAddresses: readonly string[];
  /** The BCC listener's domain: `log+`, `bcc+` and `route+` addresses are the backend, not a reader. */
  bccDomain: string;
};

export type RecipientEligibility = { address: string; trackable: boolean; untrackableReason: UntrackableReason | null };

export type TrackingDecision = {
  mode: TrackingMode;
  reason: TrackingReason;
  /** Whether links the sidebar inserts are tracked too (T2: admins decide who may track clicks). */
  clicks: boolean;
  /** The one reader opens are attributed to, in `identified` mode. `contactId` is null until a contact exists. */
  attributedTo: { address: string; contactId: string | null } | null;
  recipients: RecipientEligibility[];
};

/**
 * HubSpot's legal-basis values are free text from a fixed list ("Legitimate interest – prospect/lead",
 * "Freely given consent from contact", …, "Not applicable"); several may be set, `;`-separated.
 */
export function hasLegalBasis(value: string | null | undefined): boolean {
  if (!value) return false;
  return value
    .split(';')
    .map((v) => v.trim().toLowerCase())
    .some((v) => v !== '' && v !== 'not applicable');
}

function eligibility(r: AttributionRecipient, privacyMode: boolean): RecipientEligibility {
  if (!privacyMode) return { address: r.address, trackable: true, untrackableReason: null };
  if (!r.contact) return { address: r.address, trackable: false, untrackableReason: 'not_a_contact' };
  if (!hasLegalBasis(r.contact.legalBasis))
    return { address: r.address, trackable: false, untrackableReason: 'no_legal_basis' };
  return { address: r.address, trackable: true, untrackableReason: null };
}

/**
 * The tracking mode an email gets, fixed when the intent is registered (T6, T7, B3). One pixel cannot tell
 * readers apart, so:
 *   - one reader, trackable → `identified` (opens are theirs);
 *   - several readers, at least one trackable → `anonymous` ("someone opened"): nobody is attributed anything,
 *     and in privacy mode nobody without a legal basis is singled out;
 *   - nobody trackable, no readers, or the user may not track → `off` (no pixel, no tracked links).
 */
export function decideTracking(input: AttributionInput): TrackingDecision {
  const own = new Set(input.ownAddresses.map(normaliseAddress));
  const bccDomain = normaliseAddress(input.bccDomain);
  const seen = new Set<string>();
  const readers: AttributionRecipient[] = [];
  for (const r of input.recipients) {
    const address = normaliseAddress(r.address);
    if (own.has(address) || domainOf(address) === bccDomain || seen.has(address)) continue;
    seen.add(address);
    readers.push({ ...r, address });
  }
  const recipients = readers.map((r) => eligibility(r, input.privacyMode));
  const off = (reason: TrackingReason): TrackingDecision => ({
    mode: 'off',
    reason,
    clicks: false,
    attributedTo: null,
    recipients,
  });

  if (!input.permissions.mayTrack) return off('not_allowed');
  if (readers.length === 0) return off('no_recipients');
  if (!recipients.some((r) => r.trackable)) return off('no_eligible_recipient');
  const clicks = input.permissions.mayTrackClicks;
  if (readers.length === 1) {
    const [only] = readers;
    return {
      mode: 'identified',
      reason: 'one_recipient',
      clicks,
      attributedTo: { address: only.address, contactId: only.contact?.id ?? null },
      recipients,
    };
  }
  return { mode: 'anonymous', reason: 'several_recipients', clicks, attributedTo: null, recipients };
}
