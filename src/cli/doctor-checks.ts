import { readFile } from 'node:fs/promises';
import type { LookupFunction } from 'node:net';
import type { ServerConfig } from '../server/core/config';
import { GOOGLE_JWKS_URL } from '../server/auth/id-token';
import {
  addressesOf,
  httpGet,
  lookupVia,
  peerCertificate,
  smtpGreeting,
  type DoctorResolver,
  type HttpAnswer,
} from './doctor-net';

export type CheckResult = { name: string; ok: boolean; detail: string; fix?: string };

/** What doctor reads the world through: the real network on a server, local stand-ins in a test. */
export type DoctorDeps = {
  resolver: DoctorResolver;
  /** Extra trusted CA (PEM) for the public URL's certificate; unset: the system's. */
  ca?: string;
  now(): number;
  /** This machine's own addresses: an MX pointing at one of them points here. */
  localAddresses(): string[];
};

export type DoctorInput = {
  config: ServerConfig;
  /** The BCC domains whose MX must point here. */
  bccDomains: string[];
  /** The port other mail servers connect to (25; a test listens elsewhere). */
  mxPort: number;
  /** The built add-on manifest (addon/appsscript.json). */
  manifestPath: string;
};

/** Gmail's ID tokens are checked against this clock with no tolerance: a skew this large refuses fresh tokens. */
export const MAX_CLOCK_SKEW_MS = 30_000;

const pass = (name: string, detail: string): CheckResult => ({ name, ok: true, detail });
const failed = (name: string, detail: string, fix: string): CheckResult => ({ name, ok: false, detail, fix });
const reason = (err: unknown) =>
  err instanceof Error ? `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`.trim() : String(err);

/** Every check, in the order a deployment is built; each says what to do when it fails. */
export async function runChecks(input: DoctorInput, deps: DoctorDeps): Promise<CheckResult[]> {
  const { config } = input;
  const lookup = lookupVia(deps.resolver);
  const results: CheckResult[] = [];
  const publicUrl = config.publicUrl ? new URL(config.publicUrl) : undefined;

  if (!publicUrl)
    results.push(
      failed('public URL', 'not set', 'set --public-url (MAILTRAIL_PUBLIC_URL) to the https address Gmail reaches'),
    );
  else if (publicUrl.protocol !== 'https:')
    results.push(
      failed(
        'public URL is https',
        publicUrl.href,
        'Apps Script only fetches https: put TLS in front of the server (docs/operations.md) and set --public-url https://…',
      ),
    );
  else {
    results.push(pass('public URL is https', publicUrl.href));
    results.push(await certificateCheck(publicUrl, lookup, deps));
    results.push(await healthCheck(publicUrl, lookup, deps));
  }

  const publicAddresses = publicUrl ? await addressesOf(deps.resolver, publicUrl.hostname) : [];
  const here = new Set([...publicAddresses, ...deps.localAddresses()]);
  if (!input.bccDomains.length)
    results.push(
      failed('BCC domain', 'none known', 'create an account (`mailtrail account create`) or pass --bcc-domain'),
    );
  for (const domain of input.bccDomains) results.push(...(await mxChecks(domain, here, input.mxPort, deps, publicUrl)));

  const keys = await keysCheck(config.google.jwksUrl ?? GOOGLE_JWKS_URL);
  results.push(keys.result);
  results.push(clockCheck(keys.answer, deps.now()));

  results.push(
    config.google.clientIds.length
      ? pass('Google client id', config.google.clientIds.join(', '))
      : failed(
          'Google client id',
          'not set',
          "set --google-client-id to the `aud` of the add-on's ScriptApp.getIdentityToken() (docs/deploy.md, step 4)",
        ),
  );
  results.push(
    config.google.hostedDomain
      ? pass('Workspace domain', config.google.hostedDomain)
      : config.google.anyDomain
        ? pass('Workspace domain', 'any (--google-any-domain)')
        : failed('Workspace domain', 'not set', 'set --google-hd to your domain, or --google-any-domain'),
  );
  results.push(await manifestCheck(input.manifestPath, publicUrl));
  return results;
}

async function certificateCheck(url: URL, lookup: LookupFunction, deps: DoctorDeps): Promise<CheckResult> {
  const name = `certificate valid for ${url.hostname}`;
  try {
    const cert = await peerCertificate(url.hostname, Number(url.port || 443), { lookup, ca: deps.ca });
    return pass(name, `valid until ${new Date(cert.valid_to).toISOString().slice(0, 10)}`);
  } catch (err) {
    return failed(
      name,
      reason(err),
      'serve a certificate for this exact name from a public CA (e.g. Let’s Encrypt), with its full chain',
    );
  }
}

async function healthCheck(url: URL, lookup: LookupFunction, deps: DoctorDeps): Promise<CheckResult> {
  const name = `${url.origin}/healthz answers`;
  try {
    const answer = await httpGet(new URL('/healthz', url).href, { lookup, ca: deps.ca });
    if (answer.status === 200) return pass(name, answer.body.slice(0, 200));
    return failed(
      name,
      `${answer.status} ${answer.body.slice(0, 200)}`,
      'a 503 means the database does not answer; anything else: check the proxy forwards to `mailtrail serve`',
    );
  } catch (err) {
    return failed(name, reason(err), 'start `mailtrail serve` and check the proxy and firewall in front of it');
  }
}

async function mxChecks(
  domain: string,
  here: Set<string>,
  port: number,
  deps: DoctorDeps,
  publicUrl: URL | undefined,
): Promise<CheckResult[]> {
  const name = `MX of ${domain} points here`;
  const host = publicUrl?.hostname ?? 'this-server.example.com';
  const records = await deps.resolver.resolveMx(domain).catch(() => []);
  if (!records.length)
    return [failed(name, 'no MX record', `add \`${domain}. MX 10 ${host}.\` to DNS (docs/operations.md)`)];
  const sorted = records.slice().sort((a, b) => a.priority - b.priority);
  const targets = await Promise.all(
    sorted.map(async (r) => ({ exchange: r.exchange, addresses: await addressesOf(deps.resolver, r.exchange) })),
  );
  const ours = targets.find((t) => t.addresses.some((a) => here.has(a)));
  if (!ours)
    return [
      failed(
        name,
        `MX ${targets.map((t) => `${t.exchange} (${t.addresses.join(', ') || 'no address'})`).join(', ')}, this server is ${[...here].join(', ') || 'unknown'}`,
        `point the MX of ${domain} at ${host}, which reaches this server`,
      ),
    ];
  const address = ours.addresses.find((a) => here.has(a))!;
  const results = [pass(name, `${ours.exchange} → ${address}`)];
  const smtpName = `SMTP answers at ${ours.exchange}:${port}`;
  try {
    const greeting = await smtpGreeting(address, port);
    results.push(
      greeting.startsWith('220')
        ? pass(smtpName, greeting)
        : failed(smtpName, greeting, 'the listener refuses connections: read the server log (tagged smtp:)'),
    );
  } catch (err) {
    results.push(
      failed(
        smtpName,
        reason(err),
        `open port ${port} to the BCC listener (--smtp-port; forward 25 to it, docs/operations.md "Port 25")`,
      ),
    );
  }
  return results;
}

async function keysCheck(url: string): Promise<{ result: CheckResult; answer?: HttpAnswer }> {
  const name = "Google's signing keys reachable";
  const fix = `allow outbound HTTPS to ${new URL(url).host}: without the keys nobody can sign in`;
  try {
    const answer = await httpGet(url);
    let count = 0;
    try {
      const keys = (JSON.parse(answer.body) as { keys?: unknown }).keys;
      count = Array.isArray(keys) ? keys.length : 0;
    } catch {
      count = 0;
    }
    if (answer.status === 200 && count > 0) return { result: pass(name, `${count} keys at ${url}`), answer };
    return { result: failed(name, `${url} answered ${answer.status} without a key set`, fix), answer };
  } catch (err) {
    return { result: failed(name, `${url}: ${reason(err)}`, fix) };
  }
}

function clockCheck(answer: HttpAnswer | undefined, now: number): CheckResult {
  const name = 'clock right';
  const date = answer?.headers.date ? Date.parse(answer.headers.date) : NaN;
  if (Number.isNaN(date))
    return failed(name, 'no Date header to compare with', "reach Google's key server first (the check above)");
  const skew = now - date;
  const seconds = Math.round(Math.abs(skew) / 1000);
  if (Math.abs(skew) <= MAX_CLOCK_SKEW_MS) return pass(name, `within ${seconds} s of Google's`);
  return failed(
    name,
    `${seconds} s ${skew > 0 ? 'ahead of' : 'behind'} Google's`,
    'turn on time synchronisation (e.g. `timedatectl set-ntp true`): ID tokens are checked against this clock',
  );
}

async function manifestCheck(path: string, publicUrl: URL | undefined): Promise<CheckResult> {
  const name = "add-on manifest's allowlists";
  const rebuild = `rebuild and push it: MAILTRAIL_PUBLIC_URL=${publicUrl?.origin ?? 'https://…'} npm run deploy`;
  let manifest: { urlFetchWhitelist?: string[]; addOns?: { common?: { openLinkUrlPrefixes?: string[] } } };
  try {
    manifest = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    return failed(name, `${path}: ${reason(err)}`, rebuild);
  }
  if (!publicUrl) return failed(name, 'nothing to compare with: the public URL is not set', 'set --public-url');
  const base = `${publicUrl.origin}${publicUrl.pathname.replace(/\/?$/, '/')}`;
  const lists = {
    urlFetchWhitelist: manifest.urlFetchWhitelist ?? [],
    openLinkUrlPrefixes: manifest.addOns?.common?.openLinkUrlPrefixes ?? [],
  };
  const missing = Object.entries(lists)
    .filter(([, prefixes]) => !prefixes.some((p) => p.startsWith('https://') && base.startsWith(p)))
    .map(([list, prefixes]) => `${list} is ${JSON.stringify(prefixes)}`);
  if (missing.length) return failed(name, `${missing.join('; ')}, not ${base}`, rebuild);
  return pass(name, `both allow ${base}`);
}
