import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbTarget } from '../../src/server/store';
import { suiteTitle, tempDir, testDatabases } from '../helpers/databases';
import { client } from '../helpers/http';
import { spawnServer, type SpawnedServer } from '../helpers/server';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** Runs `mailtrail …` as a user would (through tsx, so no build is needed); never throws on a failing exit. */
async function mailtrail(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, MAILTRAIL_PUBLIC_URL: '' } },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const dbArgs = (target: DbTarget) => ['--db', target.kind === 'sqlite' ? `sqlite:${target.path}` : target.url];

describe('mailtrail account create', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('prints JSON with the account id, a working API key and the BCC domain', async () => {
    const result = await mailtrail([
      'account',
      'create',
      '--data-dir',
      dir.path,
      '--name',
      'Acme',
      '--domain',
      'acme.test',
      '--admin',
      'Ada@Acme.test',
      '--admin-name',
      'Ada Lovelace',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed).toMatchObject({
      accountId: expect.any(Number),
      apiKey: expect.stringMatching(/^mt_[A-Za-z0-9_-]{43}$/),
      bccDomain: 'bcc.acme.test',
      admin: { email: 'ada@acme.test', role: 'super_admin' },
    });

    const viaPublicUrl = JSON.parse(
      (
        await mailtrail([
          'account',
          'create',
          '--data-dir',
          dir.path,
          '--name',
          'Beta',
          '--domain',
          'beta.test',
          '--admin',
          'b@beta.test',
          '--public-url',
          'https://crm.beta.test',
        ])
      ).stdout,
    );
    expect(viaPublicUrl.bccDomain).toBe('crm.beta.test');
    const explicit = JSON.parse(
      (
        await mailtrail([
          'account',
          'create',
          '--data-dir',
          dir.path,
          '--name',
          'Gamma',
          '--domain',
          'gamma.test',
          '--admin',
          'g@gamma.test',
          '--bcc-domain',
          'log.gamma.test',
        ])
      ).stdout,
    );
    expect(explicit.bccDomain).toBe('log.gamma.test');
  });

  it('says what is wrong with bad options and creates nothing', async () => {
    const bad = await mailtrail([
      'account',
      'create',
      '--data-dir',
      dir.path,
      '--name',
      'Bad',
      '--domain',
      'bad.test',
      '--admin',
      'not-an-address',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--admin must be an email address/);
    const missing = await mailtrail([
      'account',
      'create',
      '--data-dir',
      dir.path,
      '--domain',
      'bad.test',
      '--admin',
      'a@bad.test',
    ]);
    expect(missing.stderr).toMatch(/--name is required/);
    const list = JSON.parse((await mailtrail(['account', 'list', '--data-dir', dir.path])).stdout);
    expect(list.map((a: { domain: string }) => a.domain)).not.toContain('bad.test');
  });
});

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('admin commands beside a running server', db), () => {
    let server: SpawnedServer;
    let target: DbTarget;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const fresh = await db.create();
      target = fresh.target;
      drop = fresh.drop;
      server = await spawnServer({ db: target, dataDir: fresh.dataDir });
    });
    afterAll(async () => {
      await server?.stop();
      await drop?.();
    });

    it('creates accounts, users, aliases and keys that the running server uses at once', async () => {
      const account = JSON.parse(
        (
          await mailtrail([
            'account',
            'create',
            ...dbArgs(target),
            '--name',
            'Live',
            '--domain',
            'live.test',
            '--admin',
            'ada@live.test',
          ])
        ).stdout,
      );
      const crm = client(server.url, account.apiKey);
      expect((await crm.get('/crm/v3/owners')).body.results.map((o: { email: string }) => o.email)).toEqual([
        'ada@live.test',
      ]);

      const user = await mailtrail([
        'user',
        'add',
        ...dbArgs(target),
        '--account',
        String(account.accountId),
        '--email',
        'Bob@Live.test',
        '--name',
        'Bob Martin',
      ]);
      expect(user.code, user.stderr).toBe(0);
      expect(JSON.parse(user.stdout)).toMatchObject({
        email: 'bob@live.test',
        role: 'user',
        ownerId: expect.any(String),
      });
      const alias = await mailtrail([
        'alias',
        'add',
        ...dbArgs(target),
        '--account',
        String(account.accountId),
        '--user',
        'bob@live.test',
        '--alias',
        'sales@live.test',
        '--kind',
        'inbox',
      ]);
      expect(JSON.parse(alias.stdout)).toMatchObject({
        address: 'sales@live.test',
        kind: 'inbox',
        user: 'bob@live.test',
      });
      const key = JSON.parse(
        (
          await mailtrail([
            'apikey',
            'create',
            ...dbArgs(target),
            '--account',
            String(account.accountId),
            '--name',
            'zapier',
          ])
        ).stdout,
      );

      const owners = await client(server.url, key.apiKey).get('/crm/v3/owners');
      expect(owners.body.results.map((o: { email: string }) => o.email)).toEqual(['ada@live.test', 'bob@live.test']);

      const revoked = await mailtrail([
        'apikey',
        'revoke',
        ...dbArgs(target),
        '--account',
        String(account.accountId),
        '--id',
        String(key.apiKeyId),
      ]);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect((await client(server.url, key.apiKey).get('/crm/v3/owners')).status).toBe(401);

      const dup = await mailtrail([
        'user',
        'add',
        ...dbArgs(target),
        '--account',
        String(account.accountId),
        '--email',
        'sales@live.test',
      ]);
      expect(dup.code).toBe(1);
      expect(dup.stderr).toMatch(/already an alias or inbox/);
    });

    it('seeds the demo CRM once, however often it runs', async () => {
      const first = JSON.parse((await mailtrail(['seed', '--demo', ...dbArgs(target)])).stdout);
      expect(first.demo.created).toMatchObject({ companies: 5, contacts: 20, deals: 8, emails: 5 });
      const second = JSON.parse((await mailtrail(['seed', '--demo', ...dbArgs(target)])).stdout);
      expect(second.demo.created).toEqual({
        accounts: 0,
        users: 0,
        aliases: 0,
        companies: 0,
        contacts: 0,
        deals: 0,
        emails: 0,
      });
      const crm = client(server.url, first.demo.apiKey);
      const deals = await crm.post('/crm/v3/objects/deals/search', {
        filterGroups: [{ filters: [{ propertyName: 'hs_is_closed', operator: 'EQ', value: 'false' }] }],
        limit: 100,
      });
      expect(deals.body.total).toBe(5);
      const legal = await crm.post('/crm/v3/objects/contacts/search', {
        filterGroups: [{ filters: [{ propertyName: 'hs_legal_basis', operator: 'HAS_PROPERTY' }] }],
      });
      expect(legal.body.total).toBeGreaterThan(0);

      const synthetic = await mailtrail([
        'seed',
        ...dbArgs(target),
        '--contacts',
        '300',
        '--companies',
        '20',
        '--deals',
        '30',
        '--account',
        String(first.demo.accountId),
      ]);
      expect(synthetic.code, synthetic.stderr).toBe(0);
      expect(JSON.parse(synthetic.stdout).synthetic).toMatchObject({ contacts: 300, companies: 20, deals: 30 });
      expect(synthetic.stderr).toMatch(/contacts.*300\/300/);
      const total = await crm.post('/crm/v3/objects/contacts/search', { limit: 1 });
      expect(total.body.total).toBe(320);
    });

    it('stops cleanly on SIGTERM', async () => {
      const dir = tempDir();
      const stopping = await spawnServer({ db: target, dataDir: dir.path });
      expect((await client(stopping.url).get('/healthz')).status).toBe(200);
      expect(await stopping.stop()).toBe(0);
      dir.remove();
    });
  });
}

describe('mailtrail serve and migrate', () => {
  it('prints where it listens and migrates an empty data dir first', async () => {
    const dir = tempDir();
    const migrated = await mailtrail(['migrate', '--data-dir', dir.path]);
    expect(migrated.stdout).toMatch(/schema up to date; applied 0001_core/);
    expect((await mailtrail(['migrate', '--data-dir', dir.path])).stdout).toMatch(/schema up to date\n$/);
    const server = await spawnServer({ dataDir: dir.path });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await client(server.url).get('/healthz')).body).toEqual({ status: 'ok', database: 'sqlite' });
    await server.stop();
    dir.remove();
  });

  it('refuses a malformed --db', async () => {
    const result = await mailtrail(['migrate', '--db', 'mysql://nope']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/neither sqlite:PATH nor a postgres:\/\/ URL/);
  });
});

describe('mailtrail logging addresses (L11)', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  const json = async (args: string[]) => {
    const result = await mailtrail([...args, '--data-dir', dir.path]);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout);
  };

  it('prints the routing address on account create and the personal address on user add; each rotates', async () => {
    const created = await json([
      'account',
      'create',
      '--name',
      'Acme',
      '--domain',
      'acme.test',
      '--admin',
      'ada@acme.test',
    ]);
    expect(created.routingAddress).toMatch(/^route\+[A-Za-z0-9_-]{24}@bcc\.acme\.test$/);
    const account = String(created.accountId);
    expect(await json(['account', 'routing-address', '--account', account])).toMatchObject({
      routingAddress: created.routingAddress,
      rotated: false,
    });
    const newRouting = await json(['account', 'routing-address', '--account', account, '--rotate']);
    expect(newRouting.routingAddress).toMatch(/^route\+[A-Za-z0-9_-]{24}@bcc\.acme\.test$/);
    expect(newRouting.routingAddress).not.toBe(created.routingAddress);

    const user = await json(['user', 'add', '--account', account, '--email', 'Bob@Acme.test']);
    expect(user.bccAddress).toMatch(/^bcc\+[A-Za-z0-9_-]{24}@bcc\.acme\.test$/);
    expect(await json(['user', 'bcc-address', '--email', 'bob@acme.test'])).toMatchObject({
      email: 'bob@acme.test',
      bccAddress: user.bccAddress,
    });
    const rotated = await json(['user', 'bcc-address', '--email', 'bob@acme.test', '--rotate']);
    expect(rotated.bccAddress).not.toBe(user.bccAddress);
    expect((await json(['user', 'bcc-address', '--email', 'bob@acme.test'])).bccAddress).toBe(rotated.bccAddress);

    const unknown = await mailtrail(['user', 'bcc-address', '--email', 'nobody@acme.test', '--data-dir', dir.path]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('nobody@acme.test is no mailtrail user');
  });
});
