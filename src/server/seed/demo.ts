import { ASSOCIATION_TYPE_IDS } from '../../contract/crm-associations';
import type { InlineAssociation, ObjectType, PropertiesInput } from '../../contract/crm';
import { addUser, provisionAccount } from '../accounts/provision';
import { CrmRecords } from '../crm/records';
import type { Store } from '../store';

/** A small, believable CRM for local use: Acme's sales team and the companies it sells to. */
const DEMO = {
  account: { name: 'Acme', domain: 'acme.test' },
  users: [
    { email: 'ada@acme.test', name: 'Ada Lovelace', role: 'super_admin' as const, aliases: ['ada.lovelace@acme.test'] },
    { email: 'bob@acme.test', name: 'Bob Martin', role: 'user' as const, aliases: ['sales@acme.test'] },
  ],
  companies: [
    { name: 'Globex', domain: 'globex.test', industry: 'Energy', city: 'Cypress Creek', numberofemployees: '1200' },
    { name: 'Initech', domain: 'initech.test', industry: 'Software', city: 'Austin', numberofemployees: '350' },
    {
      name: 'Umbrella',
      domain: 'umbrella.test',
      industry: 'Pharmaceuticals',
      city: 'Raccoon City',
      numberofemployees: '5400',
    },
    {
      name: 'Stark Industries',
      domain: 'stark.test',
      industry: 'Aerospace',
      city: 'Malibu',
      numberofemployees: '9800',
    },
    {
      name: 'Wayne Enterprises',
      domain: 'wayne.test',
      industry: 'Conglomerate',
      city: 'Gotham',
      numberofemployees: '12000',
    },
  ],
  // [first, last, company domain, job title, owner, legal basis]
  contacts: [
    ['Hank', 'Scorpio', 'globex.test', 'CEO', 'ada', 'Legitimate interest – existing customer'],
    ['Frank', 'Grimes', 'globex.test', 'Safety Inspector', 'bob', ''],
    ['Mindy', 'Simmons', 'globex.test', 'Procurement Lead', 'bob', 'Freely given consent from contact'],
    ['Peter', 'Gibbons', 'initech.test', 'Software Engineer', 'bob', ''],
    ['Bill', 'Lumbergh', 'initech.test', 'Division VP', 'ada', 'Legitimate interest – prospect/lead'],
    ['Joanna', 'Bushnell', 'initech.test', 'Office Manager', 'bob', ''],
    ['Milton', 'Waddams', 'initech.test', 'Collator', 'bob', 'Not applicable'],
    ['Alice', 'Abernathy', 'umbrella.test', 'Head of Security', 'ada', 'Performance of a contract'],
    ['Albert', 'Wesker', 'umbrella.test', 'Research Director', 'ada', ''],
    ['Claire', 'Redfield', 'umbrella.test', 'Partnerships', 'bob', 'Freely given consent from contact'],
    ['Leon', 'Kennedy', 'umbrella.test', 'Operations', 'bob', ''],
    ['Pepper', 'Potts', 'stark.test', 'CEO', 'ada', 'Legitimate interest – existing customer'],
    ['Happy', 'Hogan', 'stark.test', 'Head of Security', 'bob', ''],
    ['James', 'Rhodes', 'stark.test', 'Liaison', 'bob', 'Legitimate interest – other'],
    ['Maria', 'Hill', 'stark.test', 'Procurement', 'ada', ''],
    ['Lucius', 'Fox', 'wayne.test', 'CTO', 'ada', 'Performance of a contract'],
    ['Alfred', 'Pennyworth', 'wayne.test', 'Chief of Staff', 'bob', ''],
    ['Selina', 'Kyle', 'wayne.test', 'Head of Acquisitions', 'bob', 'Freely given consent from contact'],
    ['Harvey', 'Dent', 'wayne.test', 'Legal Counsel', 'ada', ''],
    ['Barbara', 'Gordon', 'wayne.test', 'IT Director', 'bob', 'Legitimate interest – prospect/lead'],
  ],
  // [name, company domain, contact email, stage, amount, close in days (negative: closed in the past), owner]
  deals: [
    ['Globex – 50 seats', 'globex.test', 'hank.scorpio@globex.test', 'presentationscheduled', '24000', 30, 'ada'],
    ['Globex – safety module', 'globex.test', 'mindy.simmons@globex.test', 'qualifiedtobuy', '8000', 45, 'bob'],
    ['Initech renewal', 'initech.test', 'bill.lumbergh@initech.test', 'closedwon', '12000', -20, 'ada'],
    ['Initech – TPS integration', 'initech.test', 'peter.gibbons@initech.test', 'closedlost', '5000', -60, 'bob'],
    ['Umbrella pilot', 'umbrella.test', 'alice.abernathy@umbrella.test', 'contractsent', '40000', 10, 'ada'],
    [
      'Stark Industries enterprise',
      'stark.test',
      'pepper.potts@stark.test',
      'decisionmakerboughtin',
      '150000',
      21,
      'ada',
    ],
    ['Wayne – R&D tooling', 'wayne.test', 'lucius.fox@wayne.test', 'appointmentscheduled', '60000', 60, 'bob'],
    ['Wayne – security audit', 'wayne.test', 'barbara.gordon@wayne.test', 'closedwon', '18000', -5, 'bob'],
  ],
  // [subject, from owner, to contact email, deal name, days ago, direction]
  emails: [
    ['Next steps on the 50-seat rollout', 'ada', 'hank.scorpio@globex.test', 'Globex – 50 seats', 2, 'EMAIL'],
    [
      'Re: Next steps on the 50-seat rollout',
      'ada',
      'hank.scorpio@globex.test',
      'Globex – 50 seats',
      1,
      'INCOMING_EMAIL',
    ],
    ['Contract for the Umbrella pilot', 'ada', 'alice.abernathy@umbrella.test', 'Umbrella pilot', 3, 'EMAIL'],
    ['Welcome aboard!', 'bob', 'barbara.gordon@wayne.test', 'Wayne – security audit', 6, 'EMAIL'],
    ['Demo recording and slides', 'bob', 'lucius.fox@wayne.test', 'Wayne – R&D tooling', 4, 'EMAIL'],
  ],
} as const;

export type SeedReport = {
  accountId: number;
  apiKey?: string;
  created: Record<string, number>;
  existing: Record<string, number>;
};

const emailOf = (first: string, last: string, domain: string) => `${first}.${last}@${domain}`.toLowerCase();

/**
 * Creates the demo account (or finds it) and fills it. Idempotent: every record has a natural key (address,
 * domain, deal name, Message-ID) and is created only when missing, so running it twice changes nothing.
 */
export async function seedDemo(store: Store): Promise<SeedReport> {
  const created: Record<string, number> = {
    accounts: 0,
    users: 0,
    aliases: 0,
    companies: 0,
    contacts: 0,
    deals: 0,
    emails: 0,
  };
  const existing: Record<string, number> = {
    accounts: 0,
    users: 0,
    aliases: 0,
    companies: 0,
    contacts: 0,
    deals: 0,
    emails: 0,
  };
  const count = (kind: string, made: boolean) => (made ? created : existing)[kind]++;

  let account = (await store.accounts.list()).find(
    (a) => a.domain === DEMO.account.domain && a.name === DEMO.account.name,
  );
  let apiKey: string | undefined;
  if (!account) {
    const admin = DEMO.users[0];
    const provisioned = await provisionAccount(store, {
      ...DEMO.account,
      admin: { email: admin.email, name: admin.name },
      keyName: 'demo',
    });
    account = provisioned.account;
    apiKey = provisioned.apiKey;
    count('accounts', true);
  } else count('accounts', false);
  const scope = store.forAccount(account.id);

  const owners: Record<string, string> = {};
  for (const u of DEMO.users) {
    let user = await scope.users.getByEmail(u.email);
    count('users', !user && (user = await addUser(scope, u)) !== undefined);
    owners[u.email.split('@')[0]] = String(user.id);
    for (const alias of u.aliases) {
      const had = await scope.users.findByAddress(alias);
      if (!had) await scope.users.addAddress(user.id, alias, 'alias');
      count('aliases', !had);
    }
  }

  const records = new CrmRecords(scope);
  const ensure = async (
    type: ObjectType,
    kind: string,
    find: () => Promise<number | undefined>,
    properties: PropertiesInput,
    associations: InlineAssociation[] = [],
  ) => {
    const found = await find();
    count(kind, found === undefined);
    return found ?? (await records.create(type, { properties, associations })).id;
  };
  const assoc = (id: number, typeId: number): InlineAssociation => ({
    to: { id: String(id) },
    types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }],
  });
  const byProperty = async (type: ObjectType, propertyName: string, value: string) =>
    (
      await scope.search.run(
        type,
        { filterGroups: [{ filters: [{ propertyName, operator: 'EQ', value }] }], sorts: [], limit: 1 },
        0,
      )
    ).records[0]?.id;

  const companies: Record<string, number> = {};
  for (const c of DEMO.companies) {
    companies[c.domain] = await ensure(
      'companies',
      'companies',
      async () => (await scope.objects.getByUniqueProperty('companies', 'domain', [c.domain]))[0]?.id,
      { ...c, hubspot_owner_id: owners.ada },
    );
  }

  const contacts: Record<string, number> = {};
  for (const [first, last, domain, jobtitle, owner, legalBasis] of DEMO.contacts) {
    const email = emailOf(first, last, domain);
    contacts[email] = await ensure(
      'contacts',
      'contacts',
      async () => (await scope.objects.getByUniqueProperty('contacts', 'email', [email]))[0]?.id,
      {
        email,
        firstname: first,
        lastname: last,
        jobtitle,
        company: DEMO.companies.find((c) => c.domain === domain)!.name,
        hubspot_owner_id: owners[owner],
        hs_legal_basis: legalBasis || null,
        lifecyclestage: 'salesqualifiedlead',
      },
      [assoc(companies[domain], ASSOCIATION_TYPE_IDS.contactToCompanyPrimary)],
    );
  }

  const day = 86_400_000;
  const deals: Record<string, number> = {};
  for (const [dealname, domain, contact, dealstage, amount, closeIn, owner] of DEMO.deals) {
    deals[dealname] = await ensure(
      'deals',
      'deals',
      () => byProperty('deals', 'dealname', dealname),
      {
        dealname,
        dealstage,
        amount,
        pipeline: 'default',
        closedate: new Date(Date.now() + closeIn * day).toISOString(),
        hubspot_owner_id: owners[owner],
      },
      [assoc(companies[domain], ASSOCIATION_TYPE_IDS.dealToCompany), assoc(contacts[contact], 3)],
    );
  }

  for (const [subject, owner, to, dealname, daysAgo, direction] of DEMO.emails) {
    const messageId = `<demo-${subject.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@acme.test>`;
    const ownerEmail = DEMO.users.find((u) => u.email.startsWith(`${owner}@`))!;
    const contact = DEMO.contacts.find(([f, l, d]) => emailOf(f, l, d) === to)!;
    const [from, recipient] =
      direction === 'EMAIL'
        ? [
            {
              email: ownerEmail.email,
              firstName: ownerEmail.name.split(' ')[0],
              lastName: ownerEmail.name.split(' ')[1],
            },
            { email: to, firstName: contact[0], lastName: contact[1] },
          ]
        : [
            { email: to, firstName: contact[0], lastName: contact[1] },
            {
              email: ownerEmail.email,
              firstName: ownerEmail.name.split(' ')[0],
              lastName: ownerEmail.name.split(' ')[1],
            },
          ];
    const text =
      direction === 'EMAIL'
        ? `Hi ${contact[0]},\n\nFollowing up on our call: ${subject.toLowerCase()}.\n\nBest,\n${ownerEmail.name}`
        : `Thanks ${ownerEmail.name.split(' ')[0]}, looks good. Let's talk Thursday.\n\n${contact[0]}`;
    await ensure(
      'emails',
      'emails',
      () => byProperty('emails', 'hs_email_message_id', messageId),
      {
        hs_timestamp: new Date(Date.now() - daysAgo * day).toISOString(),
        hs_email_direction: direction,
        hs_email_status: 'SENT',
        hs_email_subject: subject,
        hs_email_text: text,
        hs_email_html: `<div>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, '<br>')}</div>`,
        hs_email_headers: JSON.stringify({ from, to: [recipient], cc: [], bcc: [] }),
        hs_email_message_id: messageId,
        hubspot_owner_id: owners[owner],
      },
      [
        assoc(contacts[to], ASSOCIATION_TYPE_IDS.emailToContact),
        assoc(companies[contact[2]], ASSOCIATION_TYPE_IDS.emailToCompany),
        assoc(deals[dealname], ASSOCIATION_TYPE_IDS.emailToDeal),
      ],
    );
  }
  return { accountId: account.id, apiKey, created, existing };
}
