import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/server/store';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { tempDir } from '../helpers/databases';
import { trackedEmail } from './fixtures';

// `mailtrail tracking …` as an operator runs it, against a real SQLite file.
const run = promisify(execFile);
const MAIN = join(import.meta.dirname, '../../src/cli/main.ts');

describe('mailtrail tracking', () => {
  const dir = tempDir();
  const db = ['--db', `sqlite:${join(dir.path, 'mailtrail.db')}`];
  let acme: TestAccount;
  let intentId: number;
  const mailtrail = (...args: string[]) => run(process.execPath, ['--import', 'tsx', MAIN, 'tracking', ...args, ...db]);

  beforeAll(async () => {
    const store = await Store.open({ kind: 'sqlite', path: join(dir.path, 'mailtrail.db') });
    acme = await createTestAccount(store);
    intentId = (
      await trackedEmail(store, acme.accountId, { userId: acme.admin.id, mode: 'identified', to: ['gone@client.test'] })
    ).intent.id;
    await store.close();
  });
  afterAll(() => dir.remove());

  it('adds, lists and removes a webhook, printing the signing secret once', async () => {
    const added = JSON.parse(
      (
        await mailtrail(
          'webhook-add',
          '--account',
          String(acme.accountId),
          '--user',
          'ada@acme.test',
          '--url',
          'https://hooks.example/mailtrail',
        )
      ).stdout,
    );
    expect(added).toMatchObject({ kind: 'webhook', user: 'ada@acme.test', secret: expect.stringMatching(/^whsec_/) });
    const chat = JSON.parse(
      (
        await mailtrail(
          'webhook-add',
          '--account',
          String(acme.accountId),
          '--user',
          'ada@acme.test',
          '--google-chat',
          '--url',
          'https://chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=secret',
        )
      ).stdout,
    );
    expect(chat.secret).toBeUndefined();
    const listed = JSON.parse((await mailtrail('webhook-list', '--account', String(acme.accountId))).stdout);
    expect(listed.map((e: { url: string }) => e.url)).toEqual([
      'https://hooks.example/mailtrail',
      'https://chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=…',
    ]);
    expect(
      (await mailtrail('webhook-remove', '--account', String(acme.accountId), '--id', String(added.id))).stdout,
    ).toContain(`webhook ${added.id} removed`);
  });

  it('refuses bad input, saying what to do, and changes nothing', async () => {
    const notChat = await mailtrail(
      'webhook-add',
      '--account',
      String(acme.accountId),
      '--user',
      'ada@acme.test',
      '--google-chat',
      '--url',
      'https://example.com/hook',
    ).catch((e) => e);
    expect(notChat.code).toBe(1);
    expect(notChat.stderr).toContain('not a Google Chat incoming-webhook URL');
    const stranger = await mailtrail(
      'webhook-add',
      '--account',
      String(acme.accountId),
      '--user',
      'nobody@acme.test',
      '--url',
      'https://hooks.example/x',
    ).catch((e) => e);
    expect(stranger.stderr).toContain('nobody@acme.test is not a user of account');
    const days = await mailtrail('purge', '--days', 'soon').catch((e) => e);
    expect(days.stderr).toContain('--days must be a whole number of days');
    const store = await Store.open({ kind: 'sqlite', path: join(dir.path, 'mailtrail.db') });
    expect(await store.forAccount(acme.accountId).webhooks.endpoints()).toHaveLength(1);
    await store.close();
  });

  it('erases a contact and purges old events', async () => {
    const erased = await mailtrail('erase-contact', '--account', String(acme.accountId), '--email', 'Gone@Client.test');
    expect(erased.stdout).toBe(
      'gone@client.test: 1 tracked emails no longer attributed (their tokens revoked), 0 events anonymised, 0 notifications deleted\n',
    );
    const store = await Store.open({ kind: 'sqlite', path: join(dir.path, 'mailtrail.db') });
    expect(
      (
        await store.db
          .selectFrom('intents')
          .select(['attributed_address', 'revoked_at'])
          .where('id', '=', intentId)
          .executeTakeFirstOrThrow()
      ).attributed_address,
    ).toBeNull();
    await store.close();
    expect((await mailtrail('purge', '--days', '30')).stdout).toMatch(
      /^removed 0 events, 0 notifications and 0 finished webhook deliveries older than 30 days; counts are kept\n$/,
    );
  });
});
