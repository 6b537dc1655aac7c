// A real `mailtrail serve` in a child process (so it can be killed) on a store this process also opens, with one
// account, its rep, and helpers to register Track & Log intents and deliver their BCC copies over real SMTP.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { signIdentityToken } from '../../src/emulator';
import { AttachmentStore } from '../../src/server/core/attachments';
import { Store, type DbTarget } from '../../src/server/store';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { client } from '../helpers/http';
import { freePort } from '../helpers/ports';
import { spawnServer, type SpawnedServer } from '../helpers/server';
import { send, type SendResult } from '../smtp/harness';
import { intentRequest } from '../helpers/intents';

export const REP = 'sam@acme.test';

export type Served = SpawnedServer & { smtpPort: number };

/** `mailtrail serve` on the given store and data dir, with its BCC listener on a port known in advance. */
export async function serve(db: DbTarget, dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const smtpPort = await freePort();
  const server = await spawnServer({ db, dataDir, args: ['--smtp-port', String(smtpPort)], env });
  return Object.assign(server, { smtpPort });
}

export type Rig = {
  store: Store;
  account: TestAccount;
  /** Apply in the compose card (through the running server): the logging address of a new intent. */
  apply(serverUrl: string): Promise<string>;
  /** Gmail delivering the BCC copy of one email with one small attachment. */
  deliver(smtpPort: number, bccAddress: string, messageId: string): Promise<SendResult>;
  /** How many logged emails, email records and attachment rows carry this Message-ID. */
  logged(messageId: string): Promise<{ keys: number; emails: number; attachments: number; filesMissing: number }>;
  /** Email records without exactly one Message-ID key: duplicates or orphans. */
  strayEmails(): Promise<number>;
};

export async function rig(db: DbTarget, dataDir: string): Promise<Rig> {
  const store = await Store.open(db);
  const account = await createTestAccount(store, { users: [{ email: REP, name: 'Sam Seller' }] });
  const files = new AttachmentStore(join(dataDir, 'attachments'));
  const token = () => signIdentityToken({ email: REP, now: Date.now(), withEmail: true });
  return {
    store,
    account,
    async apply(serverUrl) {
      const res = await client(serverUrl, token()).post('/addon/v1/compose/intents', intentRequest());
      if (res.status !== 200) throw new Error(`Apply answered ${res.status}: ${res.text}`);
      return res.body.bccAddress as string;
    },
    deliver(smtpPort, bccAddress, messageId) {
      return send(smtpPort, {
        from: `Sam Seller <${REP}>`,
        to: 'Grace Hopper <grace@engines.example>',
        subject: `Proposal ${messageId}`,
        text: 'Hello Grace, the proposal is attached.',
        messageId,
        attachments: [{ filename: 'proposal.txt', content: `proposal for ${messageId}` }],
        envelope: { from: REP, to: [bccAddress] },
      });
    },
    async logged(messageId) {
      const keys = await store.db
        .selectFrom('logged_emails')
        .select('email_id')
        .where('account_id', '=', account.accountId)
        .where('message_id', '=', messageId)
        .execute();
      const ids = keys.map((k) => k.email_id);
      const emails = ids.length
        ? await store.db
            .selectFrom('crm_objects')
            .select('id')
            .where('id', 'in', ids)
            .where('archived_at', 'is', null)
            .execute()
        : [];
      const attachments = ids.length
        ? await store.db.selectFrom('email_attachments').select('sha256').where('email_id', 'in', ids).execute()
        : [];
      let filesMissing = 0;
      for (const a of attachments) if (!a.sha256 || !(await files.has(a.sha256))) filesMissing++;
      return { keys: keys.length, emails: emails.length, attachments: attachments.length, filesMissing };
    },
    async strayEmails() {
      const emails = await store.db
        .selectFrom('crm_objects')
        .select('id')
        .where('account_id', '=', account.accountId)
        .where('object_type', '=', 'emails')
        .execute();
      const keys = await store.db
        .selectFrom('logged_emails')
        .select('email_id')
        .where('account_id', '=', account.accountId)
        .execute();
      const keyed = new Map<number, number>();
      for (const k of keys) keyed.set(k.email_id, (keyed.get(k.email_id) ?? 0) + 1);
      return emails.filter((e) => keyed.get(e.id) !== 1).length;
    },
  };
}

/** Every file under a directory, recursively (empty when it does not exist). */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}
