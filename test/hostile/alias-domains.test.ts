// Finding 4 of the hardening review: an account admin added `newhire@b.test`, in another account's domain, as an
// alias; that address then signed in to the add-on as a user of the wrong account, and the rightful account could
// no longer add it. An alias is only in a domain the account owns: its own, or one an admin proved with a DNS TXT
// record (checked here against a DNS server of the test's own, through the operator's `--dns-server`).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as aliasCli } from '../../src/cli/alias';
import { run as domainCli } from '../../src/cli/domain';
import type { DbTarget } from '../../src/server/store';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startDnsServer } from '../helpers/dns-server';
import { startServer, type InProcessServer } from '../helpers/server';
import { webSession } from '../helpers/web-session';

const dbArg = (t: DbTarget) => (t.kind === 'sqlite' ? `sqlite:${t.path}` : t.url);

/** Runs a CLI command in this process; its JSON output, or the error it stopped with. */
async function cli(run: (args: string[]) => Promise<number>, args: string[]): Promise<{ out: any; error?: string }> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const errWrite = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await run(args);
    return { out: out ? JSON.parse(out) : undefined };
  } catch (err) {
    return { out: undefined, error: (err as Error).message };
  } finally {
    write.mockRestore();
    errWrite.mockRestore();
  }
}

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('Aliases only in domains the account owns', db), () => {
    let server: InProcessServer;
    let target: Awaited<ReturnType<typeof db.create>>;
    let dns: Awaited<ReturnType<typeof startDnsServer>>;
    const txt = new Map<string, string[]>();
    let a: TestAccount;
    let b: TestAccount;
    let cookieA: string;
    let cookieB: string;

    beforeAll(async () => {
      target = await db.create();
      dns = await startDnsServer(txt);
      server = await startServer({ db: target.target, dataDir: target.dataDir, config: { dnsServers: [dns.address] } });
      a = await createTestAccount(server.store, { domain: 'a.test', users: [{ email: 'sam@a.test', name: 'Sam' }] });
      b = await createTestAccount(server.store, { name: 'Beta', domain: 'b.test' });
      cookieA = await webSession(server.url, a.admin.id);
      cookieB = await webSession(server.url, b.admin.id);
    });
    afterAll(async () => {
      await server?.close();
      await dns?.close();
      await target?.drop();
    });

    const post = (cookie: string, path: string, body?: unknown) =>
      fetch(`${server.url}/web/v1${path}`, {
        method: 'POST',
        headers: { cookie, origin: server.url, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json().catch(() => undefined)) as any }));
    const addresses = async () =>
      (await server.store.db.selectFrom('user_addresses').select(['account_id', 'address']).execute()).map((r) => ({
        account: Number(r.account_id),
        address: r.address,
      }));
    const sam = () => a.users['sam@a.test'].id;

    it("refuses an alias or inbox in another account's domain, from the web admin and the CLI", async () => {
      for (const kind of ['alias', 'inbox']) {
        const answer = await post(cookieA, `/admin/users/${sam()}/aliases`, { email: 'newhire@b.test', kind });
        expect(answer.status, kind).toBe(409);
        expect(answer.body.message).toMatch(/b\.test/);
      }
      const viaCli = await cli(aliasCli, [
        'add',
        '--account',
        String(a.accountId),
        '--user',
        'sam@a.test',
        '--alias',
        'newhire@b.test',
        '--db',
        dbArg(target.target),
      ]);
      expect(viaCli.error).toMatch(/newhire@b\.test is in b\.test, a domain of another mailtrail account/);
      expect(await addresses()).toEqual([]);

      // The rightful account can still add it, and a claim of b.test by A is refused outright.
      expect(
        (await post(cookieB, `/admin/users/${b.admin.id}/aliases`, { email: 'newhire@b.test', kind: 'alias' })).status,
      ).toBe(204);
      expect((await post(cookieA, '/admin/domains', { domain: 'b.test' })).status).toBe(409);
    });

    it('takes an alias in a domain only once an admin has proved it with a DNS TXT record', async () => {
      const early = await post(cookieA, `/admin/users/${sam()}/aliases`, { email: 'sam@a-sales.test', kind: 'alias' });
      expect(early.status).toBe(400);
      expect(early.body.message).toMatch(/Verify a-sales\.test first/);

      const claim = await post(cookieA, '/admin/domains', { domain: 'A-Sales.test' });
      expect(claim.status).toBe(200);
      expect(claim.body).toMatchObject({ domain: 'a-sales.test', verified: false, primary: false });
      expect(claim.body.txtRecord).toMatch(/^mailtrail-verification=[A-Za-z0-9_-]{24}$/);

      const unproved = await post(cookieA, '/admin/domains/a-sales.test/verify', {});
      expect(unproved.status).toBe(400);
      expect(unproved.body.message).toMatch(/has no TXT record "mailtrail-verification=/);
      txt.set('a-sales.test', ['v=spf1 -all', 'mailtrail-verification=not-the-secret']);
      expect((await post(cookieA, '/admin/domains/a-sales.test/verify', {})).status).toBe(400);

      txt.set('a-sales.test', ['v=spf1 -all', claim.body.txtRecord]);
      const proved = await post(cookieA, '/admin/domains/a-sales.test/verify', {});
      expect(proved.status).toBe(200);
      expect(proved.body).toMatchObject({ domain: 'a-sales.test', verified: true });
      expect(
        (await post(cookieA, `/admin/users/${sam()}/aliases`, { email: 'sam@a-sales.test', kind: 'alias' })).status,
      ).toBe(204);

      // Another account cannot claim it now, nor use the same record.
      const taken = await post(cookieB, '/admin/domains', { domain: 'a-sales.test' });
      expect(taken.status).toBe(409);
      expect(taken.body.message).toMatch(/belongs to another mailtrail account/);
    });

    it('claims and verifies a domain from the CLI through the given DNS server', async () => {
      const args = ['--account', String(a.accountId), '--domain', 'a-support.test', '--db', dbArg(target.target)];
      const added = await cli(domainCli, ['add', ...args]);
      expect(added.out).toMatchObject({ domain: 'a-support.test', verified: false });
      const missing = await cli(domainCli, ['verify', ...args, '--dns-server', dns.address]);
      expect(missing.error).toMatch(/has no TXT record/);
      txt.set('a-support.test', [added.out.txtRecord]);
      const verified = await cli(domainCli, ['verify', ...args, '--dns-server', dns.address]);
      expect(verified.out).toEqual({ domain: 'a-support.test', verified: true });
      const alias = await cli(aliasCli, [
        'add',
        '--account',
        String(a.accountId),
        '--user',
        'sam@a.test',
        '--alias',
        'sam@a-support.test',
        '--db',
        dbArg(target.target),
      ]);
      expect(alias.out).toMatchObject({ address: 'sam@a-support.test', kind: 'alias' });
    });

    it('still takes a connected inbox at a personal address, but not one another account already has', async () => {
      expect(
        (await post(cookieA, `/admin/users/${sam()}/aliases`, { email: 'sam.home@mail.test', kind: 'inbox' })).status,
      ).toBe(204);
      const taken = await post(cookieB, `/admin/users/${b.admin.id}/aliases`, {
        email: 'sam.home@mail.test',
        kind: 'inbox',
      });
      expect(taken.status).toBe(409);
      expect(taken.body.message).toMatch(/another mailtrail account/);
    });
  });
}
