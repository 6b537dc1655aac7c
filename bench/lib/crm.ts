// The synthetic CRM at scale (contacts, companies, deals) that the compose and memory benches read.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { step } from '../../src/cli/progress';
import { cli, type BenchDb } from './mailtrail';

export type Scale = { contacts: number; companies: number; deals: number };

/** Seeds once per scale and database; a later run reuses the data (delete bench/.data to start afresh). */
export function seededCrm(bench: string, dataDir: string, db: BenchDb, scale: Scale): void {
  const marker = join(dataDir, `seeded-${db.name}-${scale.contacts}-${scale.companies}-${scale.deals}`);
  if (existsSync(marker)) {
    step(`${bench}: reusing the ${db.name} data in ${dataDir}`);
    return;
  }
  mkdirSync(dataDir, { recursive: true });
  step(
    `${bench}: seeding ${scale.contacts.toLocaleString('en-US')} contacts, ${scale.companies.toLocaleString('en-US')} companies, ${scale.deals.toLocaleString('en-US')} deals on ${db.name}`,
  );
  cli([
    'seed',
    '--contacts',
    String(scale.contacts),
    '--companies',
    String(scale.companies),
    '--deals',
    String(scale.deals),
    '--data-dir',
    dataDir,
    ...db.args,
  ]);
  writeFileSync(marker, new Date().toISOString());
}

/** Five real recipients spread over the whole contacts table, each with a company and usually deals. */
export async function spreadRecipients(serverUrl: string, apiKey: string, total: number): Promise<string[]> {
  const recipients: string[] = [];
  for (const n of [0.11, 0.33, 0.52, 0.77, 0.94]) {
    const page = await fetch(
      `${serverUrl}/crm/v3/objects/contacts?limit=1&after=${Math.floor(n * total)}&properties=email`,
      { headers: { authorization: `Bearer ${apiKey}` } },
    );
    const body = (await page.json()) as { results: { properties: { email: string } }[] };
    recipients.push(body.results[0].properties.email);
  }
  return recipients;
}
