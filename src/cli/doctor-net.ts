import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect, type LookupFunction } from 'node:net';
import { connect as tlsConnect, type PeerCertificate } from 'node:tls';

/** Every probe gives up after this long: a deployment that takes longer to answer is broken for Gmail anyway. */
const PROBE_MS = 10_000;

/** The DNS questions doctor asks, so that a test can answer them (node:dns's Resolver fits). */
export type DoctorResolver = {
  resolveMx(name: string): Promise<{ exchange: string; priority: number }[]>;
  resolve4(name: string): Promise<string[]>;
  resolve6(name: string): Promise<string[]>;
};

/** A host's addresses, v4 then v6; none when it has none. */
export async function addressesOf(resolver: DoctorResolver, host: string): Promise<string[]> {
  const [v4, v6] = await Promise.all([
    resolver.resolve4(host).catch(() => []),
    resolver.resolve6(host).catch(() => []),
  ]);
  return [...v4, ...v6];
}

/** net's `lookup` answered from the resolver, so HTTPS connects where doctor's DNS says. */
export function lookupVia(resolver: DoctorResolver): LookupFunction {
  return (hostname, options, callback) => {
    addressesOf(resolver, hostname).then(
      (found) => {
        if (!found.length) {
          const err = Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
          return callback(err, '', 4);
        }
        const entries = found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
        if (options.all) (callback as unknown as (e: null, all: typeof entries) => void)(null, entries);
        else callback(null, entries[0].address, entries[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 4),
    );
  };
}

export type HttpAnswer = { status: number; headers: IncomingHttpHeaders; body: string };

/** One GET, https verified against the system's CAs (or `ca`), at most 1 MB read. */
export function httpGet(url: string, opts: { lookup?: LookupFunction; ca?: string } = {}): Promise<HttpAnswer> {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(target, { method: 'GET', lookup: opts.lookup, ca: opts.ca, timeout: PROBE_MS }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (body.length > 1_000_000) res.destroy(new Error('answer larger than 1 MB'));
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${PROBE_MS / 1000} s`)));
    req.on('error', reject);
    req.end();
  });
}

/** The certificate a TLS server presents for `host`, verified (chain and name) the way a browser or Gmail would. */
export function peerCertificate(
  host: string,
  port: number,
  opts: { lookup?: LookupFunction; ca?: string } = {},
): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host, port, servername: host, lookup: opts.lookup, ca: opts.ca, timeout: PROBE_MS });
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      socket.end();
      resolve(cert);
    });
    socket.once('timeout', () => socket.destroy(new Error(`no TLS handshake within ${PROBE_MS / 1000} s`)));
    socket.once('error', reject);
  });
}

/** Connects to an SMTP server and reads its greeting (then says QUIT): what a sending mail server sees first. */
export function smtpGreeting(address: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: address, port, timeout: PROBE_MS });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      // The greeting may span lines ("220-…"); its last line has a space after the code.
      const last = /^(\d{3}) .*$/m.exec(text);
      if (last) {
        socket.end('QUIT\r\n');
        resolve(text.trim().split(/\r?\n/).pop()!);
      }
    });
    socket.once('timeout', () => socket.destroy(new Error(`no greeting within ${PROBE_MS / 1000} s`)));
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('closed before greeting')));
  });
}
