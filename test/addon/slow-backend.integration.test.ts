// A backend slower than Gmail's 30 s callback limit: the server answers by its deadline, the rep reads mailtrail's
// words instead of Gmail's generic error, and the retry finds the work the slow call finished (issue 13).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDON_ANSWER_BY_MS } from '../../src/contract/addon';
import { AddonRuntime } from '../../src/emulator';
import { Store } from '../../src/server/store';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { freshPostgresDatabase, postgresUnavailable } from '../helpers/pg';
import { spawnServer, type SpawnedServer } from '../helpers/server';
import { actionParameters, cardOf, draftUpdateOf, notificationOf } from './harness';

const pgSkip = await postgresUnavailable();

describe.skipIf(pgSkip)('Apply while the database holds the intents table locked', () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let store: Store;
  let account: TestAccount;
  let server: SpawnedServer;

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    store = await Store.open({ kind: 'postgres', url: database.url });
    account = await createTestAccount(store, { users: [{ email: 'sam@acme.test', name: 'Sam Seller' }] });
    server = await spawnServer({ db: { kind: 'postgres', url: database.url } });
  });
  afterAll(async () => {
    await server?.stop();
    await store?.close();
    await database?.drop();
  });

  it('answers "did not answer in time" at the deadline; Apply again adds the Bcc once, to the one intent', async () => {
    const addon = new AddonRuntime({ backendUrl: server.url, user: 'sam@acme.test' });
    const draft = { to: 'grace@engines.example' };
    const apply = actionParameters(cardOf(addon.compose(draft)), 'onApply');

    // Another session (a long migration, a stuck report) holds the table Apply writes to.
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    await locker.query('begin');
    await locker.query('lock table intents in access exclusive mode');
    let slow;
    const started = Date.now();
    try {
      slow = addon.action('onApply', { parameters: apply, formInputs: { track: 'on', log: 'on' } });
    } finally {
      await locker.query('commit');
      await locker.end();
    }
    const waited = Date.now() - started;
    // Gmail would have ended the callback at 30 s with its own error; the add-on got the server's answer first.
    expect(waited).toBeGreaterThanOrEqual(ADDON_ANSWER_BY_MS);
    expect(notificationOf(slow)).toBe('mailtrail did not answer in time. Try again in a moment. Nothing was added to your email.');
    expect(addon.draft?.bcc ?? []).toEqual([]);

    // The slow call finished once the lock went; Apply again answers at once with that intent.
    const again = draftUpdateOf(addon.action('onApply', { parameters: apply, formInputs: { track: 'on', log: 'on' } }));
    expect(again.bcc).toHaveLength(1);
    expect(again.inserted).toHaveLength(1);
    const secret = /^log\+(.+)@/.exec(again.bcc![0])![1];
    const intent = await store.forAccount(account.accountId).intents.byLogSecret(secret);
    expect(intent?.userId).toBe(account.users['sam@acme.test'].id);
    const reader = new pg.Client({ connectionString: database.url });
    await reader.connect();
    const { rows } = await reader.query('select count(*)::int as n from intents');
    await reader.end();
    expect(rows[0].n).toBe(1);
  }, 60_000);
});
