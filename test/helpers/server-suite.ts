import { afterAll, beforeAll } from 'vitest';
import { createTestAccount, type TestAccount } from './accounts';
import type { TestDatabase } from './databases';
import { startServer, type InProcessServer } from './server';

/**
 * A suite's one in-process server on a fresh database of `db`, with Sam's account at acme.test: started before
 * the suite's tests, removed with its database after them. Call inside `describe`; read its fields in tests.
 */
export function serverWithSam(db: TestDatabase): { server: InProcessServer; account: TestAccount } {
  const suite = {} as { server: InProcessServer; account: TestAccount };
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const fresh = await db.create();
    drop = fresh.drop;
    suite.server = await startServer({ db: fresh.target, dataDir: fresh.dataDir });
    suite.account = await createTestAccount(suite.server.store, { users: [{ email: 'sam@acme.test', name: 'Sam' }] });
  });
  afterAll(async () => {
    await suite.server?.close();
    await drop?.();
  });
  return suite;
}
