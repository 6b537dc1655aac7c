// Backend answers as the add-on receives them, for the view-model tests.
import type { ComposeContextResponse, ComposeRecipient, MeResponse, MessageContextResponse, Person } from '../../src/contract/addon';

export function person(address: string, over: Partial<Person> = {}): Person {
  return { address, status: 'unknown', neverLog: null, contact: null, companies: [], deals: [], tickets: [], ...over };
}

export function contact(address: string, name: string, over: Partial<Person> = {}): Person {
  return person(address, {
    status: 'contact',
    contact: { id: '101', name, email: address, legalBasis: 'Legitimate interest', owner: 'Sam Seller', lastActivityAt: '2025-03-01T09:30:00.000Z' },
    companies: [{ id: '201', name: 'Analytical Engines', domain: 'engines.example' }],
    deals: [{ id: '301', name: 'Difference engine', stage: 'proposal', amount: '12000' }],
    ...over,
  });
}

export function recipient(p: Person, over: Partial<ComposeRecipient> = {}): ComposeRecipient {
  return { ...p, field: 'to', trackable: true, untrackableReason: null, ...over };
}

export function composeContext(over: Partial<ComposeContextResponse> = {}): ComposeContextResponse {
  return {
    user: { email: 'sam@seller.example', name: 'Sam Seller', role: 'user' },
    bccDomain: 'bcc.mailtrail.example',
    recipients: [recipient(contact('ada@engines.example', 'Ada Lovelace'))],
    picker: {
      items: [
        { type: 'contact', id: '101', label: 'Ada Lovelace', detail: 'ada@engines.example', selected: true },
        { type: 'company', id: '201', label: 'Analytical Engines', detail: 'engines.example', selected: true },
        { type: 'deal', id: '301', label: 'Difference engine', detail: 'proposal', selected: false },
      ],
      truncated: false,
      total: 3,
    },
    settings: {
      track: { value: true, enforced: false },
      log: { value: true, enforced: false },
      associations: { value: ['contact', 'company', 'deal'], enforced: false },
      privacyMode: false,
    },
    permissions: { mayTrack: true, mayTrackClicks: true },
    tracking: { mode: 'identified', reason: 'one_recipient' },
    templates: [],
    dealStages: [{ pipeline: 'default', stage: 'appointmentscheduled', label: 'Appointment scheduled' }],
    ...over,
  };
}

export function messageContext(over: Partial<MessageContextResponse> = {}): MessageContextResponse {
  return {
    sender: contact('ada@engines.example', 'Ada Lovelace'),
    recipients: [person('sam@seller.example', { status: 'internal' }), person('new@prospect.example')],
    logged: null,
    tracked: null,
    picker: composeContext().picker,
    bccDomain: 'bcc.mailtrail.example',
    dealStages: composeContext().dealStages,
    ...over,
  };
}

export function me(over: Partial<MeResponse> = {}): MeResponse {
  return {
    user: { email: 'sam@seller.example', name: 'Sam Seller', role: 'user' },
    account: { name: 'Seller Ltd', bccDomain: 'bcc.mailtrail.example' },
    bccAddress: 'bcc+PersonalSecret0123456789@bcc.mailtrail.example',
    permissions: { mayTrack: true, mayTrackClicks: true },
    settings: composeContext().settings,
    accountNeverLog: ['@competitor.example'],
    webAppUrl: 'http://localhost:8787/',
    ...over,
  };
}
