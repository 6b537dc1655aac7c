import proxyAddr from '@fastify/proxy-addr';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Which peers may tell the client's address in `X-Forwarded-For`: none (the default: anyone on the internet can
 * write that header), every peer, the n nearest hops, or peers at these addresses and networks. The tracking
 * classifier needs the real client address (Apple's relays, data-centre ranges).
 */
export type TrustProxy = boolean | number | string[];

// The names proxy-addr (Fastify's) knows for the reserved ranges.
const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrNetwork(entry: string): boolean {
  if (NAMED.has(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

/** `true`, `false`, a hop count, or a comma-separated list of addresses, CIDR networks and reserved-range names. */
export function parseTrustProxy(value: string, option: string): TrustProxy {
  const text = value.trim();
  if (text === '' || text === 'false' || text === '0') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) {
    if (Number(text) > 32)
      throw new Error(`${option} ${text}: a hop count counts the proxies in front of mailtrail, a handful at most`);
    return Number(text);
  }
  const entries = text.split(',').map((e) => e.trim());
  const bad = entries.find((e) => !isAddressOrNetwork(e));
  if (bad !== undefined) {
    throw new Error(
      `${option}: ${JSON.stringify(bad)} is not an IP address, a CIDR network (10.0.0.0/8) or one of loopback, linklocal, uniquelocal. ` +
        "Give the load balancer's addresses (comma-separated), a hop count, or true.",
    );
  }
  return entries;
}

/**
 * What Fastify's `trustProxy` gets. Fastify 5.12 turned a bare hop count into "trust nobody" (it cannot check the
 * peer); mailtrail keeps the count's usual meaning, the n nearest hops, for setups where nothing but the load
 * balancer can reach the server (docs/operations.md says so).
 */
export function fastifyTrustProxy(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/**
 * The client's address as Fastify's `request.ip` gives it with this setting (the same proxy-addr call on the same
 * trust function), for requests answered before Fastify sees them (http/tracking/fast-path.ts).
 */
export function clientAddressOf(trust: TrustProxy): (request: IncomingMessage) => string {
  const given = fastifyTrustProxy(trust);
  if (given === false) return (request) => request.socket.remoteAddress ?? '';
  const trusted = typeof given === 'function' ? given : given === true ? () => true : proxyAddr.compile(given);
  return (request) => {
    const addresses = proxyAddr.all(request, trusted);
    return addresses[addresses.length - 1] ?? '';
  };
}
