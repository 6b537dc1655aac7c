// The add-on as Gmail runs it (the built bundle in the emulator) against a real server in a child process on a
// temporary SQLite file: the emulator's UrlFetchApp blocks its thread, so the server must run in another process.
import { join } from 'node:path';
import { AddonRuntime, type AddonRuntimeOptions } from '../../src/emulator';
import { CrmRecords } from '../../src/server/crm/records';
import { Store, type AccountScope } from '../../src/server/store';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { freePort } from '../helpers/ports';
import { spawnServer, type SpawnedServer } from '../helpers/server';

export type Harness = {
  server: SpawnedServer;
  store: Store;
  account: TestAccount;
  scope: AccountScope;
  records: CrmRecords;
  /** The server's SMTP listener, where the logging Bcc copy goes. */
  smtpPort: number;
  addon(options?: AddonRuntimeOptions): AddonRuntime;
  close(): Promise<void>;
};

/** Sam sells for Acme (acme.test); the CRM knows Grace at Analytical Engines, with an open deal. */
export async function startHarness(): Promise<Harness> {
  const smtpPort = await freePort();
  const server = await spawnServer({ args: ['--smtp-port', String(smtpPort)] });
  const store = await Store.open({ kind: 'sqlite', path: join(server.dataDir, 'mailtrail.db') });
  const account = await createTestAccount(store, { users: [{ email: 'sam@acme.test', name: 'Sam Seller' }] });
  const scope = store.forAccount(account.accountId);
  return {
    server,
    store,
    account,
    scope,
    records: new CrmRecords(scope),
    smtpPort,
    addon: (options = {}) => new AddonRuntime({ backendUrl: server.url, user: 'sam@acme.test', ...options }),
    async close() {
      await store.close();
      await server.stop();
    },
  };
}

export type Crm = { grace: number; engines: number; deal: number; closedDeal: number };

export async function seedCrm(h: Harness): Promise<Crm> {
  const engines = await h.records.create('companies', { properties: { name: 'Analytical Engines', domain: 'engines.example' } });
  const grace = await h.records.create('contacts', {
    properties: { email: 'grace@engines.example', firstname: 'Grace', lastname: 'Hopper', hs_legal_basis: 'Legitimate interest – prospect/lead' },
    associations: [{ to: { id: String(engines.id) }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }] }],
  });
  const deal = await h.records.create('deals', {
    properties: { dealname: 'Compiler licence', dealstage: 'qualifiedtobuy', amount: '12000' },
    associations: [{ to: { id: String(grace.id) }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] }],
  });
  const closedDeal = await h.records.create('deals', {
    properties: { dealname: 'Old support contract', dealstage: 'closedlost' },
    associations: [{ to: { id: String(grace.id) }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] }],
  });
  return { grace: grace.id, engines: engines.id, deal: deal.id, closedDeal: closedDeal.id };
}

// Reading what Gmail would render.
// Card JSON is walked freely here; the emulator already checked it against the card v1 types.
type Json = any;

/** The card a trigger pushed or an action put in place of the current one. */
export function cardOf(response: Json): Json {
  const navigations = response.action?.navigations ?? response.renderActions?.action?.navigations ?? [];
  const nav = navigations[0] ?? {};
  return nav.pushCard ?? nav.updateCard;
}

export function notificationOf(response: Json): string | undefined {
  return response.renderActions?.action?.notification?.text;
}

/** What an UpdateDraftActionResponse does to the draft. */
export function draftUpdateOf(response: Json): { bcc?: string[]; inserted?: Array<{ content: string; contentType: string }>; type?: string } {
  const markup = response.renderActions?.hostAppAction?.gmailAction?.updateDraftActionMarkup ?? {};
  return {
    bcc: markup.updateBccRecipients?.bccRecipients?.map((r: { email: string }) => r.email),
    inserted: markup.updateBody?.insertContents,
    type: markup.updateBody?.type,
  };
}

/** The parameters of the first Action calling `fn` anywhere in the JSON. */
export function actionParameters(json: Json, fn: string): Record<string, string> {
  const found: Json[] = [];
  const walk = (v: Json) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (v.function === fn) found.push(v);
      Object.values(v).forEach(walk);
    }
  };
  walk(json);
  if (!found.length) throw new Error(`no action calls ${fn} in ${JSON.stringify(json).slice(0, 500)}`);
  return Object.fromEntries((found[0].parameters ?? []).map((p: { key: string; value: string }) => [p.key, p.value]));
}

/** Every widget of a card, flattened. */
export function widgetsOf(card: Json): Json[] {
  return (card.sections ?? []).flatMap((s: Json) => s.widgets ?? []);
}

/** The selection input called `name`, as item value → selected. */
export function selectionOf(card: Json, name: string): Record<string, boolean> | undefined {
  const input = widgetsOf(card).find((w) => w.selectionInput?.name === name)?.selectionInput;
  return input && Object.fromEntries(input.items.map((i: Json) => [i.value, Boolean(i.selected)]));
}

export function switchOf(card: Json, name: string): boolean | undefined {
  return widgetsOf(card).find((w) => w.decoratedText?.switchControl?.name === name)?.decoratedText.switchControl.selected;
}

/** The decorated text whose top label is `label`, e.g. the locked Track row. */
export function rowLabelled(card: Json, label: string): Json | undefined {
  return widgetsOf(card).find((w) => w.decoratedText?.topLabel === label)?.decoratedText;
}

/** The words a person reads as headings: section headers and input titles, in card order. */
export function headingsOf(card: Json): string[] {
  return (card.sections ?? []).flatMap((s: Json) => [
    ...(s.header ? [s.header] : []),
    ...(s.widgets ?? []).map((w: Json) => w.selectionInput?.label ?? w.textInput?.label).filter(Boolean),
  ]);
}
