import type { Person, Picker, PickerItem, RecordKind } from '../../contract/addon';
import { domainOf, normaliseAddress } from '../../contract/addresses';
import { isClosedStage } from '../../contract/crm-pipelines';
import { isNeverLogged, parseNeverLogList, type NeverLogRule } from '../../contract/never-log';
import type { AccountScope } from '../store';
import type { Account } from '../store/accounts';
import type { StoredPipeline } from '../store/crm-pipelines';
import type { ObjectRecord } from '../store/objects';

/** Who sends: their account, and every address they send from (L4). The sidebar's caller is one. */
export type Sender = { scope: AccountScope; account: Account; own: Set<string> };

/** Per card, companies and deals listed for one person: enough to recognise them, within the card's limits. */
const PER_PERSON = 20;
/** The platform's limit for a static selection list (L2). */
export const PICKER_LIMIT = 100;

export type People = {
  /** The account's deal pipelines the stages came from: what a new deal may start in (`stageChoices`). */
  dealPipelines: StoredPipeline[];
  person(address: string): Person;
  /** The CRM contact of an address, as the tracking rules need it. */
  contactOf(address: string): { id: string; legalBasis: string | null } | null;
};

function contactName(c: ObjectRecord): string {
  return [c.properties.firstname, c.properties.lastname].filter(Boolean).join(' ') || c.properties.email || '';
}

/**
 * What the CRM knows about some addresses, in a fixed number of queries whatever their count: contacts by address,
 * their companies and deals (and the companies of unknown addresses, by domain), owners, last email activity. The
 * reads that do not wait for one another go together: on PostgreSQL each group is one round trip, four in all.
 */
export async function lookUpPeople(c: Sender, addresses: string[], userNeverLog: string[]): Promise<People> {
  const { scope, account } = c;
  const wanted = [...new Set(addresses.map(normaliseAddress))];
  const [contacts, users, pipelines] = await Promise.all([
    scope.objects.getByUniqueProperty('contacts', 'email', wanted),
    scope.users.colleagueAddresses(wanted),
    scope.pipelines.listTypes(['deals', 'tickets']),
  ]);
  const contactByAddress = new Map<string, ObjectRecord>();
  for (const contact of contacts)
    if (!contactByAddress.has(contact.properties.email)) contactByAddress.set(contact.properties.email, contact);
  const contactIds = [...contactByAddress.values()].map((r) => r.id);
  const ownerIds = [
    ...new Set(contacts.map((r) => Number(r.properties.hubspot_owner_id)).filter((n) => Number.isInteger(n) && n > 0)),
  ];

  const unknownDomains = [...new Set(wanted.filter((a) => !contactByAddress.has(a)).map(domainOf))];
  const [fromContacts, byDomain, lastEmail, ownerUsers] = await Promise.all([
    scope.associations.listManyTypes(contactIds, ['companies', 'deals', 'tickets']),
    scope.objects.getByUniqueProperty('companies', 'domain', unknownDomains),
    scope.loggedEmails.lastEmailAt(contactIds),
    scope.users.getMany(ownerIds),
  ]);
  const { companies: toCompanies, deals: toDeals, tickets: toTickets } = fromContacts;
  const companyIds = [...new Set([...toCompanies.values()].flat().map((a) => a.toId))];
  const allCompanyIds = [...companyIds, ...byDomain.map((b) => b.id)];
  const [fromCompanies, companies] = await Promise.all([
    scope.associations.listManyTypes(allCompanyIds, ['deals', 'tickets']),
    scope.objects.getMany('companies', companyIds),
  ]);
  const { deals: companyDeals, tickets: companyTickets } = fromCompanies;
  const dealIds = [...new Set([...toDeals.values(), ...companyDeals.values()].flat().map((a) => a.toId))];
  const ticketIds = [...new Set([...toTickets.values(), ...companyTickets.values()].flat().map((a) => a.toId))];
  const [deals, tickets] = await Promise.all([
    scope.objects.getMany('deals', dealIds),
    scope.objects.getMany('tickets', ticketIds),
  ]);
  // The account's stage labels (pipelines are editable); an unknown stage shows its id.
  const stageLabels = new Map(pipelines.deals.flatMap((p) => p.stages.map((s) => [s.id, s.label])));
  const stageLabel = (stage: string | undefined) => (stage ? (stageLabels.get(stage) ?? stage) : null);
  const ticketStages = new Map(pipelines.tickets.flatMap((p) => p.stages.map((s) => [`${p.id}:${s.id}`, s])));
  const ticketStage = (r: ObjectRecord) =>
    ticketStages.get(`${r.properties.hs_pipeline}:${r.properties.hs_pipeline_stage}`);
  const companyById = new Map([...companies, ...byDomain].map((r) => [r.id, r]));
  const dealById = new Map(deals.filter((d) => d.properties.hs_is_closed !== 'true').map((r) => [r.id, r]));
  // A ticket is open unless its pipeline says its stage is closed (ticketState), as HubSpot decides.
  const ticketById = new Map(
    tickets.filter((t) => !isClosedStage(ticketStage(t)?.metadata ?? {})).map((r) => [r.id, r]),
  );
  const owners = new Map(ownerUsers.map((u) => [u.id, u.name || u.email]));

  const accountRules = parseNeverLogList(account.settings.neverLog).rules;
  const userRules = parseNeverLogList(userNeverLog).rules;
  const colleagues = new Set(wanted.filter((a) => domainOf(a) === account.domain || c.own.has(a) || users.has(a)));

  const people = new Map<string, Person>();
  for (const address of wanted) {
    const contact = contactByAddress.get(address) ?? null;
    const rule = matchingRule(address, accountRules) ?? matchingRule(address, userRules);
    const companyList = contact
      ? (toCompanies.get(contact.id) ?? []).map((a) => companyById.get(a.toId))
      : byDomain.filter((b) => b.properties.domain === domainOf(address));
    const present = companyList.filter((r): r is ObjectRecord => r !== undefined);
    const dealList = [
      ...(contact ? (toDeals.get(contact.id) ?? []) : []),
      ...present.flatMap((company) => companyDeals.get(company.id) ?? []),
    ]
      .map((a) => dealById.get(a.toId))
      .filter((r, i, all): r is ObjectRecord => r !== undefined && all.indexOf(r) === i);
    const ticketList = [
      ...(contact ? (toTickets.get(contact.id) ?? []) : []),
      ...present.flatMap((company) => companyTickets.get(company.id) ?? []),
    ]
      .map((a) => ticketById.get(a.toId))
      .filter((r, i, all): r is ObjectRecord => r !== undefined && all.indexOf(r) === i);
    people.set(address, {
      address,
      status: rule ? 'never_log' : colleagues.has(address) ? 'internal' : contact ? 'contact' : 'unknown',
      neverLog: rule ? { rule: rule.text, source: accountRules.includes(rule) ? 'account' : 'user' } : null,
      contact: contact && {
        id: String(contact.id),
        name: contactName(contact),
        email: address,
        legalBasis: contact.properties.hs_legal_basis || null,
        owner: owners.get(Number(contact.properties.hubspot_owner_id)) ?? null,
        lastActivityAt: lastEmail.has(contact.id) ? new Date(lastEmail.get(contact.id) as number).toISOString() : null,
      },
      companies: present.slice(0, PER_PERSON).map((r) => ({
        id: String(r.id),
        name: r.properties.name || r.properties.domain || `#${r.id}`,
        domain: r.properties.domain || null,
      })),
      deals: dealList.slice(0, PER_PERSON).map((r) => ({
        id: String(r.id),
        name: r.properties.dealname || `#${r.id}`,
        stage: stageLabel(r.properties.dealstage),
        amount: r.properties.amount || null,
      })),
      tickets: ticketList.slice(0, PER_PERSON).map((r) => ({
        id: String(r.id),
        name: r.properties.subject || `#${r.id}`,
        stage: ticketStage(r)?.label ?? (r.properties.hs_pipeline_stage || null),
      })),
    });
  }

  return {
    dealPipelines: pipelines.deals,
    person: (address) =>
      people.get(normaliseAddress(address)) ?? {
        address,
        status: 'unknown',
        neverLog: null,
        contact: null,
        companies: [],
        deals: [],
        tickets: [],
      },
    contactOf: (address) => {
      const contact = contactByAddress.get(normaliseAddress(address));
      return contact ? { id: String(contact.id), legalBasis: contact.properties.hs_legal_basis || null } : null;
    },
  };
}

function matchingRule(address: string, rules: NeverLogRule[]): NeverLogRule | undefined {
  return rules.find((r) => isNeverLogged(address, [r]));
}

/**
 * The records an email can be logged to (L2), most relevant first: the people's contacts in the order the
 * people come (To before Cc before Bcc), then their companies, their open deals, their open tickets. Never-logged people and
 * colleagues bring none. Pre-selected by the account's default association types.
 */
export function picker(people: Person[], defaults: RecordKind[]): Picker {
  const items: PickerItem[] = [];
  const seen = new Set<string>();
  const add = (item: Omit<PickerItem, 'selected'>) => {
    const key = `${item.type}:${item.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    items.push({ ...item, selected: defaults.includes(item.type) });
  };
  const eligible = people.filter((p) => p.status === 'contact' || p.status === 'unknown');
  for (const p of eligible)
    if (p.contact) add({ type: 'contact', id: p.contact.id, label: p.contact.name, detail: p.contact.email });
  for (const p of eligible)
    for (const co of p.companies) add({ type: 'company', id: co.id, label: co.name, detail: co.domain });
  for (const p of eligible) for (const d of p.deals) add({ type: 'deal', id: d.id, label: d.name, detail: d.stage });
  for (const p of eligible)
    for (const t of p.tickets) add({ type: 'ticket', id: t.id, label: t.name, detail: t.stage });
  return { items: items.slice(0, PICKER_LIMIT), truncated: items.length > PICKER_LIMIT, total: items.length };
}
