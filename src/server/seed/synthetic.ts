import { ASSOCIATION_TYPE_IDS } from '../../contract/crm-associations';
import { DEAL_STAGES } from '../../contract/crm-properties';
import type { AccountScope } from '../store';
import type { NewObject } from '../store/objects';

export type SyntheticCounts = { contacts: number; companies: number; deals: number };
export type Progress = (kind: keyof SyntheticCounts, done: number) => void;

const FIRST = [
  'Ada',
  'Alan',
  'Grace',
  'Linus',
  'Margaret',
  'Dennis',
  'Barbara',
  'Ken',
  'Radia',
  'Edsger',
  'Frances',
  'Donald',
  'Hedy',
  'Tim',
  'Katherine',
  'Vint',
  'Joan',
  'John',
  'Sophie',
  'Niklaus',
];
const LAST = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Torvalds',
  'Hamilton',
  'Ritchie',
  'Liskov',
  'Thompson',
  'Perlman',
  'Dijkstra',
  'Allen',
  'Knuth',
  'Lamarr',
  'Berners-Lee',
  'Johnson',
  'Cerf',
  'Clarke',
  'McCarthy',
  'Wilson',
  'Wirth',
];
const WORDS = [
  'North',
  'Blue',
  'Quantum',
  'Summit',
  'Vertex',
  'Harbor',
  'Nimbus',
  'Atlas',
  'Cedar',
  'Orbit',
  'Pioneer',
  'Granite',
  'Lumen',
  'Falcon',
  'Meridian',
  'Beacon',
];
const SUFFIX = ['Labs', 'Systems', 'Group', 'Works', 'Partners', 'Industries', 'Logistics', 'Analytics'];

/** A small deterministic generator, so two runs with the same numbers make the same shapes. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHUNK = 5_000;

/**
 * Bulk synthetic records for benchmarks: companies with distinct domains, contacts at those domains (each
 * associated with its company), deals associated with a company and one of its contacts. Inserted in chunks, one
 * transaction each, through the store's bulk path (no per-record checks: the data is valid by construction).
 * Addresses and domains carry a run tag so that running it again adds records instead of clashing.
 */
export async function seedSynthetic(
  scope: AccountScope,
  counts: SyntheticCounts,
  progress: Progress = () => {},
): Promise<SyntheticCounts> {
  const run = Date.now().toString(36);
  const rand = random(counts.contacts * 31 + counts.companies * 7 + counts.deals);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const owners = (await scope.users.list()).map((u) => String(u.id));
  const now = Date.now();

  const companyIds: number[] = [];
  const companyDomains: string[] = [];
  for (let start = 0; start < counts.companies; start += CHUNK) {
    const batch: NewObject[] = [];
    for (let i = start; i < Math.min(counts.companies, start + CHUNK); i++) {
      const name = `${pick(WORDS)} ${pick(WORDS)} ${pick(SUFFIX)}`;
      const domain = `${name.toLowerCase().replace(/[^a-z]+/g, '')}-${run}-${i}.example`;
      companyDomains.push(domain);
      batch.push({
        properties: {
          name,
          domain,
          numberofemployees: String(Math.floor(rand() * 5000) + 5),
          hubspot_owner_id: pick(owners),
        },
        createdAt: now - Math.floor(rand() * 3e10),
      });
    }
    companyIds.push(...(await scope.transaction((tx) => tx.objects.insertBulk('companies', batch))));
    progress('companies', companyIds.length);
  }

  // Contacts of each company, remembered per company so that deals can name one of them.
  const contactsOf = new Map<number, number>();
  let contactsDone = 0;
  for (let start = 0; start < counts.contacts; start += CHUNK) {
    const batch: NewObject[] = [];
    const companyOf: number[] = [];
    for (let i = start; i < Math.min(counts.contacts, start + CHUNK); i++) {
      const first = pick(FIRST);
      const last = pick(LAST);
      const c = companyIds.length ? i % companyIds.length : -1;
      const domain = c >= 0 ? companyDomains[c] : `mail-${run}.example`;
      companyOf.push(c);
      batch.push({
        properties: {
          email: `${first}.${last}.${i}@${domain}`.toLowerCase(),
          firstname: first,
          lastname: last,
          hubspot_owner_id: pick(owners),
          hs_marketable_status: 'false',
          ...(rand() < 0.3 && { hs_legal_basis: 'Legitimate interest – prospect/lead' }),
        },
        createdAt: now - Math.floor(rand() * 3e10),
      });
    }
    await scope.transaction(async (tx) => {
      const ids = await tx.objects.insertBulk('contacts', batch);
      const pairs = ids.flatMap((id, k) =>
        companyOf[k] >= 0
          ? [
              {
                fromType: 'contacts' as const,
                fromId: id,
                toType: 'companies' as const,
                toId: companyIds[companyOf[k]],
                typeId: ASSOCIATION_TYPE_IDS.contactToCompany,
              },
            ]
          : [],
      );
      await tx.associations.insertMany(pairs);
      ids.forEach((id, k) => companyOf[k] >= 0 && contactsOf.set(companyIds[companyOf[k]], id));
    });
    contactsDone += batch.length;
    progress('contacts', contactsDone);
  }

  let dealsDone = 0;
  const stages = DEAL_STAGES.map((s) => s.value);
  for (let start = 0; start < counts.deals; start += CHUNK) {
    const batch: NewObject[] = [];
    const companyOf: number[] = [];
    for (let i = start; i < Math.min(counts.deals, start + CHUNK); i++) {
      const c = companyIds.length ? Math.floor(rand() * companyIds.length) : -1;
      companyOf.push(c);
      const stage = pick(stages);
      batch.push({
        properties: {
          dealname: `${c >= 0 ? companyDomains[c].split('-')[0] : 'deal'} #${i}`,
          dealstage: stage,
          pipeline: 'default',
          amount: String(Math.floor(rand() * 100_000) + 500),
          closedate: new Date(now + Math.floor((rand() - 0.5) * 1.5e10)).toISOString(),
          hubspot_owner_id: pick(owners),
          hs_is_closed: String(stage === 'closedwon' || stage === 'closedlost'),
          hs_is_closed_won: String(stage === 'closedwon'),
        },
        createdAt: now - Math.floor(rand() * 3e10),
      });
    }
    await scope.transaction(async (tx) => {
      const ids = await tx.objects.insertBulk('deals', batch);
      const pairs = ids.flatMap((id, k) => {
        if (companyOf[k] < 0) return [];
        const company = companyIds[companyOf[k]];
        const contact = contactsOf.get(company);
        return [
          {
            fromType: 'deals' as const,
            fromId: id,
            toType: 'companies' as const,
            toId: company,
            typeId: ASSOCIATION_TYPE_IDS.dealToCompany,
          },
          ...(contact === undefined
            ? []
            : [
                {
                  fromType: 'contacts' as const,
                  fromId: contact,
                  toType: 'deals' as const,
                  toId: id,
                  typeId: ASSOCIATION_TYPE_IDS.contactToDeal,
                },
              ]),
        ];
      });
      await tx.associations.insertMany(pairs);
    });
    dealsDone += batch.length;
    progress('deals', dealsDone);
  }
  return { companies: companyIds.length, contacts: contactsDone, deals: dealsDone };
}
