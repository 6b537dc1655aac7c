import { describe, expect, it } from 'vitest';
import type { AttributionInput, AttributionRecipient } from '../../src/server/tracking/attribution';
import { decideTracking, hasLegalBasis } from '../../src/server/tracking/attribution';

const contact = (address: string, id: string, legalBasis: string | null): AttributionRecipient => ({
  address,
  status: 'contact',
  contact: { id, legalBasis },
});
const stranger = (address: string): AttributionRecipient => ({ address, status: 'unknown', contact: null });

const ada = contact('ada@analytical.example', 'c1', 'Legitimate interest – prospect/lead');
const bob = contact('bob@analytical.example', 'c2', 'Freely given consent from contact');
const noBasis = contact('carol@engines.example', 'c3', null);
const notApplicable = contact('dan@engines.example', 'c4', 'Not applicable');
const newcomer = stranger('eve@newco.example');

function decide(overrides: Partial<AttributionInput>) {
  return decideTracking({
    privacyMode: false,
    permissions: { mayTrack: true, mayTrackClicks: true },
    recipients: [],
    ownAddresses: ['rep@seller.example', 'sales@seller.example'],
    bccDomain: 'bcc.seller.example',
    ...overrides,
  });
}

describe('tracking mode of an email', () => {
  it.each([
    // privacy off
    {
      case: 'one contact',
      privacyMode: false,
      recipients: [ada],
      mode: 'identified',
      reason: 'one_recipient',
      to: { address: ada.address, contactId: 'c1' },
    },
    {
      case: 'one address that is not a contact yet',
      privacyMode: false,
      recipients: [newcomer],
      mode: 'identified',
      reason: 'one_recipient',
      to: { address: newcomer.address, contactId: null },
    },
    {
      case: 'two contacts',
      privacyMode: false,
      recipients: [ada, bob],
      mode: 'anonymous',
      reason: 'several_recipients',
      to: null,
    },
    {
      case: 'no legal basis does not matter',
      privacyMode: false,
      recipients: [noBasis],
      mode: 'identified',
      reason: 'one_recipient',
      to: { address: noBasis.address, contactId: 'c3' },
    },
    // privacy on
    {
      case: 'privacy: one contact with a legal basis',
      privacyMode: true,
      recipients: [ada],
      mode: 'identified',
      reason: 'one_recipient',
      to: { address: ada.address, contactId: 'c1' },
    },
    {
      case: 'privacy: a contact without legal basis',
      privacyMode: true,
      recipients: [noBasis],
      mode: 'off',
      reason: 'no_eligible_recipient',
      to: null,
    },
    {
      case: 'privacy: "Not applicable" is no basis',
      privacyMode: true,
      recipients: [notApplicable],
      mode: 'off',
      reason: 'no_eligible_recipient',
      to: null,
    },
    {
      case: 'privacy: not a contact yet',
      privacyMode: true,
      recipients: [newcomer],
      mode: 'off',
      reason: 'no_eligible_recipient',
      to: null,
    },
    {
      case: 'privacy: two eligible contacts',
      privacyMode: true,
      recipients: [ada, bob],
      mode: 'anonymous',
      reason: 'several_recipients',
      to: null,
    },
    {
      case: 'privacy: one eligible among others is still several readers, so nobody is singled out',
      privacyMode: true,
      recipients: [ada, noBasis, newcomer],
      mode: 'anonymous',
      reason: 'several_recipients',
      to: null,
    },
  ])('$case → $mode ($reason)', ({ privacyMode, recipients, mode, reason, to }) => {
    const d = decide({ privacyMode, recipients });
    expect(d.mode).toBe(mode);
    expect(d.reason).toBe(reason);
    expect(d.attributedTo).toEqual(to);
    expect(d.clicks).toBe(mode !== 'off');
  });

  it('says per recipient why Track is greyed in privacy mode', () => {
    const d = decide({ privacyMode: true, recipients: [ada, noBasis, newcomer] });
    expect(d.recipients).toEqual([
      { address: ada.address, trackable: true, untrackableReason: null },
      { address: noBasis.address, trackable: false, untrackableReason: 'no_legal_basis' },
      { address: newcomer.address, trackable: false, untrackableReason: 'not_a_contact' },
    ]);
  });

  it('changing the legal basis changes eligibility', () => {
    expect(
      decide({ privacyMode: true, recipients: [{ ...noBasis, contact: { id: 'c3', legalBasis: null } }] }).mode,
    ).toBe('off');
    expect(
      decide({
        privacyMode: true,
        recipients: [{ ...noBasis, contact: { id: 'c3', legalBasis: 'Performance of a contract' } }],
      }).mode,
    ).toBe('identified');
  });

  it('does not count the sender, the BCC address or a repeated address as readers', () => {
    const d = decide({
      recipients: [
        ada,
        { ...ada, address: 'ADA@Analytical.example ' },
        stranger('Sales@seller.example'),
        stranger('log+AbCdEfGhIjKlMnOpQrStUvWx@bcc.seller.example'),
      ],
    });
    expect(d).toMatchObject({
      mode: 'identified',
      reason: 'one_recipient',
      attributedTo: { address: 'ada@analytical.example', contactId: 'c1' },
    });
    expect(d.recipients).toHaveLength(1);
  });

  it('is off with no readers, or when the user may not track', () => {
    expect(decide({ recipients: [stranger('rep@seller.example')] })).toMatchObject({
      mode: 'off',
      reason: 'no_recipients',
    });
    expect(decide({ recipients: [ada], permissions: { mayTrack: false, mayTrackClicks: true } })).toMatchObject({
      mode: 'off',
      reason: 'not_allowed',
      clicks: false,
    });
  });

  it('tracks clicks only for users allowed to', () => {
    expect(decide({ recipients: [ada], permissions: { mayTrack: true, mayTrackClicks: false } })).toMatchObject({
      mode: 'identified',
      clicks: false,
    });
  });
});

describe('legal basis', () => {
  it.each([
    [null, false],
    ['', false],
    ['Not applicable', false],
    ['not applicable; ', false],
    ['Legitimate interest – existing customer', true],
    ['Not applicable;Freely given consent from contact', true],
  ])('%j → %s', (value, expected) => {
    expect(hasLegalBasis(value)).toBe(expected);
  });
});
