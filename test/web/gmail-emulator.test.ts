// The emulated Gmail shows the add-on only to the people who installed it: the users of a mailtrail account. A
// recipient's mailbox (a CRM contact) is Gmail without mailtrail, as theirs would be (issue 14, item 2).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GmailMailbox } from '../../src/contract/web';
import { Mailboxes } from '../../src/server/http/gmail-emulator';
import { createTestAccount } from '../helpers/accounts';
import { startServer, type InProcessServer } from '../helpers/server';

let server: InProcessServer;
beforeAll(async () => {
  server = await startServer();
  await createTestAccount(server.store, { users: [{ email: 'bob@acme.test', name: 'Bob' }] });
  const mailboxes = new Mailboxes(join(server.config.dataDir, 'gmail'));
  mailboxes.ensure('bob@acme.test', 'Bob');
  mailboxes.ensure('hank.scorpio@globex.test', 'Hank Scorpio');
});
afterAll(() => server?.close());

const post = (path: string, body: unknown) =>
  fetch(`${server.url}/web/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify(body),
  });

describe('the emulated Gmail and the add-on', () => {
  it("lists which mailboxes have mailtrail installed: the account's users, not the recipients", async () => {
    const list = (await (await fetch(`${server.url}/web/v1/gmail/mailboxes`)).json()) as GmailMailbox[];
    expect(list).toEqual([
      { address: 'bob@acme.test', name: 'Bob', addon: true },
      { address: 'hank.scorpio@globex.test', name: 'Hank Scorpio', addon: false },
    ]);
  });

  it("does not run the add-on in a recipient's Gmail, and runs it in a user's", async () => {
    const hank = await post('/gmail/addon', { user: 'hank.scorpio@globex.test', trigger: 'homepage' });
    expect(hank.status).toBe(403);
    expect(((await hank.json()) as { message: string }).message).toBe(
      'mailtrail is not installed in the Gmail of hank.scorpio@globex.test: the add-on runs only for users of a mailtrail account.',
    );
    // Bob's call goes through to the add-on (run in a worker; web-app.test.ts drives it in the browser).
    const bob = await post('/gmail/addon', { user: 'bob@acme.test', trigger: 'homepage' });
    expect(bob.status).toBe(200);
  });
});
