import { expect } from 'vitest';
import type { ComposeIntentRequest } from '../../src/contract/addon';
import type { ReminderRequest } from '../../src/contract/reminders';
import { signIdentityToken } from '../../src/emulator';
import type { Clock } from '../../src/server/core/clock';
import { CrmRecords } from '../../src/server/crm/records';
import type { Store } from '../../src/server/store';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { client, type Client } from '../helpers/http';
import { intentRequest } from '../helpers/intents';
import { send } from '../smtp/harness';
import { webSession } from '../helpers/web-session';

// What the reminder tests share: a clock the test moves, Alice who applies and sends to her contact Carol, and the
// real paths to the server (the add-on API, the BCC listener over SMTP, the CRM API).

export const ALICE = 'alice@acme.test';
export const CAROL = 'carol@carol.example';
export const DAY = 86_400_000;

/** A clock only the test moves. */
export function testClock(start = Date.now()): Clock & { advance(ms: number): void; set(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms), set: (ms) => void (now = ms) };
}

let serial = 0;
export const messageId = (what: string) => `<${what}-${process.pid}-${++serial}@acme.test>`;

export type World = { account: TestAccount; carolId: number; addon: Client; crm: Client };

export async function world(store: Store, url: string): Promise<World> {
  const account = await createTestAccount(store, { users: [{ email: ALICE, name: 'Alice Archer' }] });
  const carol = await new CrmRecords(store.forAccount(account.accountId)).create('contacts', {
    properties: { email: CAROL, firstname: 'Carol', lastname: 'Cole' },
  });
  return {
    account,
    carolId: carol.id,
    addon: client(url, signIdentityToken({ email: ALICE, now: Date.now(), withEmail: true })),
    crm: client(url, account.apiKey),
  };
}

/** Apply from the compose card to Carol, tracked and logged, with the reminder asked for. */
export async function applyWithReminder(
  w: World,
  reminder: ReminderRequest,
  over: Partial<ComposeIntentRequest> = {},
): Promise<{ intentId: string; bccAddress: string; reminder: { taskId: string; dueAt: string } }> {
  const res = await w.addon.post(
    '/addon/v1/compose/intents',
    intentRequest({ recipients: { to: [CAROL], cc: [], bcc: [] }, reminder, ...over }),
  );
  expect(res.status, res.text).toBe(200);
  expect(res.body.reminder).toBeTruthy();
  return res.body;
}

/** Gmail delivering the sent email's Bcc copy to the listener, an hour after it was written (no doubt it was sent). */
export async function sendCopy(smtpPort: number, bccAddress: string, id: string): Promise<void> {
  const result = await send(smtpPort, {
    from: `Alice Archer <${ALICE}>`,
    to: `Carol Cole <${CAROL}>`,
    subject: 'Our offer',
    text: 'Hello Carol, here is our offer.',
    messageId: id,
    date: new Date(Date.now() - 3_600_000),
    envelope: { from: ALICE, to: [bccAddress] },
  });
  expect(result.ok, JSON.stringify(result)).toBe(true);
}

export async function task(w: World, id: string): Promise<{ status: string; due: string; contacts: string[] }> {
  const res = await w.crm.get(
    `/crm/v3/objects/tasks/${id}?properties=hs_task_status,hs_timestamp,hs_task_subject&associations=contacts`,
  );
  expect(res.status, res.text).toBe(200);
  return {
    status: res.body.properties.hs_task_status,
    due: res.body.properties.hs_timestamp,
    contacts: (res.body.associations?.contacts?.results ?? []).map((r: { id: string }) => r.id),
  };
}

/** The notifications stored for the live streams: what a desktop notification is made from. */
export async function reminderNotifications(store: Store, accountId: number): Promise<unknown[]> {
  const rows = await store.db
    .selectFrom('tracking_notifications')
    .select('item')
    .where('account_id', '=', accountId)
    .execute();
  return rows
    .map((r) => (typeof r.item === 'string' ? JSON.parse(r.item) : r.item) as { kind: string })
    .filter((i) => i.kind === 'reminder');
}

/** Alice's web app session cookie. */
export async function webCookie(url: string, w: World): Promise<string> {
  return webSession(url, w.account.users[ALICE].id);
}

/** The tasks on Carol's timeline in the web app, as Alice signed in reads them. */
export async function timelineTasks(url: string, w: World): Promise<Array<{ id: string; completed: boolean }>> {
  const cookie = await webCookie(url, w);
  const res = await fetch(`${url}/web/v1/records/contacts/${w.carolId}/timeline`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { tasks: Array<{ id: string; completed: boolean }> }).tasks;
}
