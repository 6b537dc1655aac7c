import { afterEach, describe, expect, it } from 'vitest';
import { parseServeArgs } from '../../src/server/core/serve-options';
import { createTestAccount } from '../helpers/accounts';
import { startServer, type InProcessServer } from '../helpers/server';
import { UA, trackedEmail } from '../tracking/fixtures';

// Behind a load balancer every hit comes from the balancer's address; `--trust-proxy` says whose X-Forwarded-For
// to believe. What a user sees: an open from one of Apple's relays counts as a machine open on the dashboard,
// one from anywhere else as a person's. The test's requests come from 127.0.0.1.
const APPLE_RELAY = '172.224.226.5'; // in Apple's egress list (London)
const ELSEWHERE = '203.0.113.9';

const servers: InProcessServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

/** Starts a server configured as `mailtrail serve <args>` with this environment, opens one tracked email through it. */
async function openThrough(
  args: string[],
  env: NodeJS.ProcessEnv,
  forwardedFor: string,
): Promise<{ humanOpens: number; machineOpens: number }> {
  const server = await startServer({ config: { trustProxy: parseServeArgs(args, env).trustProxy } });
  servers.push(server);
  const acme = await createTestAccount(server.store);
  const { intent } = await trackedEmail(server.store, acme.accountId, {
    userId: acme.admin.id,
    mode: 'identified',
    to: ['grace@client.test'],
  });
  const pixel = await fetch(`${server.url}/t/o/${intent.token}.gif`, {
    headers: { 'user-agent': UA.chrome, 'x-forwarded-for': forwardedFor },
  });
  expect(pixel.status).toBe(200);

  const signIn = await fetch(`${server.url}/web/v1/auth/dev`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ userId: String(acme.admin.id) }),
  });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
  const { days } = (await (await fetch(`${server.url}/web/v1/dashboard?days=1`, { headers: { cookie } })).json()) as {
    days: { humanOpens: number; machineOpens: number }[];
  };
  return { humanOpens: days[0].humanOpens, machineOpens: days[0].machineOpens };
}

const person = { humanOpens: 1, machineOpens: 0 };
const machine = { humanOpens: 0, machineOpens: 1 };

describe('--trust-proxy', () => {
  it('is off by default: a forged X-Forwarded-For is ignored and the peer is the client', async () => {
    expect(await openThrough([], {}, APPLE_RELAY)).toEqual(person);
  });

  it("with the balancer's address, the client address comes from X-Forwarded-For", async () => {
    expect(await openThrough(['--trust-proxy', '127.0.0.1'], {}, APPLE_RELAY)).toEqual(machine);
    expect(await openThrough([], { MAILTRAIL_TRUST_PROXY: '10.0.0.0/8, 127.0.0.0/8' }, APPLE_RELAY)).toEqual(machine);
  });

  it('ignores X-Forwarded-For from a peer that is not one of the trusted addresses', async () => {
    expect(await openThrough([], { MAILTRAIL_TRUST_PROXY: '10.0.0.0/8' }, APPLE_RELAY)).toEqual(person);
  });

  it('with a hop count, takes the address the nearest proxies saw, not what the client wrote before them', async () => {
    expect(await openThrough(['--trust-proxy', '1'], {}, APPLE_RELAY)).toEqual(machine);
    // The client wrote the relay's address itself; the one balancer appended the address it saw.
    expect(await openThrough(['--trust-proxy', '1'], {}, `${APPLE_RELAY}, ${ELSEWHERE}`)).toEqual(person);
    expect(await openThrough(['--trust-proxy', '2'], {}, `${APPLE_RELAY}, ${ELSEWHERE}`)).toEqual(machine);
  });

  it('takes true, a hop count or addresses, the flag over the environment, and refuses anything else', () => {
    const trust = (args: string[], env: NodeJS.ProcessEnv = {}) => parseServeArgs(args, env).trustProxy;
    expect(trust([])).toBe(false);
    expect(trust(['--trust-proxy', 'true'])).toBe(true);
    expect(trust(['--trust-proxy', 'false'])).toBe(false);
    expect(trust(['--trust-proxy', '0'])).toBe(false);
    expect(trust(['--trust-proxy', '2'])).toBe(2);
    expect(trust(['--trust-proxy', 'loopback, 10.1.0.0/16,2001:db8::/32'])).toEqual([
      'loopback',
      '10.1.0.0/16',
      '2001:db8::/32',
    ]);
    expect(trust(['--trust-proxy', '192.0.2.1'], { MAILTRAIL_TRUST_PROXY: 'true' })).toEqual(['192.0.2.1']);
    expect(trust([], { MAILTRAIL_TRUST_PROXY: 'true' })).toBe(true);
    expect(() => trust(['--trust-proxy', 'lb.internal'])).toThrow(
      '--trust-proxy: "lb.internal" is not an IP address, a CIDR network (10.0.0.0/8)',
    );
    expect(() => trust(['--trust-proxy', '10.0.0.0/33'])).toThrow(/"10\.0\.0\.0\/33" is not/);
    expect(() => trust(['--trust-proxy', '10.0.0.1,'])).toThrow(/"" is not/);
    expect(() => trust(['--trust-proxy', '99'])).toThrow('a hop count counts the proxies in front of mailtrail');
  });
});
