// `mailtrail doctor` against a deployment built in the test, without the network: DNS answered by a stand-in
// resolver, the public URL served over HTTPS with a certificate made here by openssl (in front of a real mailtrail
// server, whose SMTP listener is the MX), Google's keys served by a local HTTP server.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks, type CheckResult, type DoctorDeps, type DoctorInput } from '../../src/cli/doctor-checks';
import { report } from '../../src/cli/doctor';
import { defaultConfig } from '../../src/server/core/config';
import { tempDir } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';

const HOST = 'crm.acme.test';

/** A self-signed certificate for `name`, trusted by doctor as its own CA. */
function certificate(dir: string, name: string) {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      `subjectAltName=DNS:${name}`,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: Server | undefined) {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('mailtrail doctor', () => {
  const dir = tempDir();
  let mailtrail: InProcessServer;
  let https: Server;
  let wrongName: Server;
  let keys: Server;
  let keysAnswer = 200;
  let good: ReturnType<typeof certificate>;
  let input: DoctorInput;
  let deps: DoctorDeps;
  let httpsPort: number;
  let wrongNamePort: number;

  /** DNS as the test says: the public host and the MX host are this machine. */
  const dns: Record<string, { a?: string[]; mx?: { exchange: string; priority: number }[] }> = {
    [HOST]: { a: ['127.0.0.1'] },
    'mx.acme.test': { a: ['127.0.0.1'] },
    'elsewhere.test': { a: ['192.0.2.7'] },
    'bcc.acme.test': { mx: [{ exchange: 'mx.acme.test', priority: 10 }] },
  };
  const missing = () => Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }));

  beforeAll(async () => {
    mailtrail = await startServer();
    good = certificate(dir.path, HOST);
    const proxy = async (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      const answer = await fetch(`${mailtrail.url}${req.url}`);
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
      res.end(await answer.text());
    };
    https = createHttpsServer({ key: good.key, cert: good.cert }, proxy);
    httpsPort = await listen(https);
    const other = certificate(dir.path, 'other.test');
    wrongName = createHttpsServer({ key: other.key, cert: other.cert }, proxy);
    wrongNamePort = await listen(wrongName);
    keys = createHttpServer((_req, res) =>
      res
        .writeHead(keysAnswer, { 'content-type': 'application/json' })
        .end(keysAnswer === 200 ? JSON.stringify({ keys: [{ kid: 'k1', kty: 'RSA' }] }) : 'oops'),
    );
    const keysPort = await listen(keys);

    const manifestPath = join(dir.path, 'appsscript.json');
    const base = `https://${HOST}:${httpsPort}/`;
    writeFileSync(
      manifestPath,
      JSON.stringify({ urlFetchWhitelist: [base], addOns: { common: { openLinkUrlPrefixes: [base] } } }),
    );
    input = {
      config: defaultConfig({
        publicUrl: `https://${HOST}:${httpsPort}`,
        google: {
          clientIds: ['addon-1.apps.googleusercontent.com'],
          hostedDomain: 'acme.test',
          jwksUrl: `http://127.0.0.1:${keysPort}/oauth2/v3/certs`,
        },
      }),
      bccDomains: ['bcc.acme.test'],
      mxPort: mailtrail.smtpPort,
      manifestPath,
    };
    deps = {
      resolver: {
        resolveMx: async (name) => dns[name]?.mx ?? missing(),
        resolve4: async (name) => dns[name]?.a ?? missing(),
        resolve6: missing,
      },
      ca: `${good.cert}\n${other.cert}`,
      now: () => Date.now(),
      localAddresses: () => [],
    };
  });
  afterAll(async () => {
    await Promise.all([close(https), close(wrongName), close(keys)]);
    await mailtrail?.close();
    dir.remove();
  });

  const failedNames = (results: CheckResult[]) => results.filter((r) => !r.ok).map((r) => r.name);

  it('passes every check of a working deployment, one line each, and exits 0', async () => {
    const results = await runChecks(input, deps);
    expect(failedNames(results)).toEqual([]);
    expect(results.map((r) => r.name)).toEqual([
      'public URL is https',
      `certificate valid for ${HOST}`,
      `https://${HOST}:${httpsPort}/healthz answers`,
      'MX of bcc.acme.test points here',
      `SMTP answers at mx.acme.test:${mailtrail.smtpPort}`,
      "Google's signing keys reachable",
      'clock right',
      'Google client id',
      'Workspace domain',
      "add-on manifest's allowlists",
    ]);
    let printed = '';
    expect(report(results, (t) => (printed += t))).toBe(0);
    expect(printed.trim().split('\n')).toHaveLength(results.length + 2);
    expect(printed).toMatch(/^ok {4}SMTP answers at .*: 220 /m);
  });

  it('fails, with what to do, on each broken part of a deployment, and exits 1', async () => {
    const cases: [string, (i: DoctorInput, d: DoctorDeps) => [DoctorInput, DoctorDeps], string[], RegExp][] = [
      [
        'a certificate for another name',
        (i, d) => [{ ...i, config: { ...i.config, publicUrl: `https://${HOST}:${wrongNamePort}` } }, d],
        [
          `certificate valid for ${HOST}`,
          `https://${HOST}:${wrongNamePort}/healthz answers`,
          "add-on manifest's allowlists",
        ],
        /ERR_TLS_CERT_ALTNAME_INVALID/,
      ],
      [
        'an MX pointing elsewhere',
        (i, d) => [{ ...i, bccDomains: ['elsewhere-bcc.test'] }, withMx(d, 'elsewhere-bcc.test', 'elsewhere.test')],
        ['MX of elsewhere-bcc.test points here'],
        /point the MX of elsewhere-bcc\.test at crm\.acme\.test/,
      ],
      [
        'no MX at all',
        (i, d) => [{ ...i, bccDomains: ['nomx.test'] }, d],
        ['MX of nomx.test points here'],
        /no MX record/,
      ],
      [
        'an SMTP port nobody listens on',
        (i, d) => [{ ...i, mxPort: closedPort }, d],
        [`SMTP answers at mx.acme.test:${closedPort}`],
        /ECONNREFUSED/,
      ],
      [
        'a skewed clock',
        (i, d) => [i, { ...d, now: () => Date.now() + 5 * 60_000 }],
        ['clock right'],
        /\d+ s ahead of Google's/,
      ],
      [
        'no client id and no domain',
        (i, d) => [
          { ...i, config: { ...i.config, google: { ...i.config.google, clientIds: [], hostedDomain: undefined } } },
          d,
        ],
        ['Google client id', 'Workspace domain'],
        /--google-client-id/,
      ],
      [
        'a manifest built for another backend',
        (i, d) => [{ ...i, manifestPath: oldManifest() }, d],
        ["add-on manifest's allowlists"],
        /urlFetchWhitelist is \["https:\/\/old\.acme\.test\/"\].*npm run deploy/s,
      ],
      [
        'an http public URL',
        (i, d) => [{ ...i, config: { ...i.config, publicUrl: `http://${HOST}:${httpsPort}` } }, d],
        ['public URL is https', "add-on manifest's allowlists"],
        /put TLS in front/,
      ],
    ];
    for (const [what, broken, expected, fix] of cases) {
      const [i, d] = broken(input, deps);
      const results = await runChecks(i, d);
      expect(failedNames(results), what).toEqual(expected);
      let printed = '';
      expect(
        report(results, (t) => (printed += t)),
        what,
      ).toBe(1);
      expect(printed, what).toMatch(fix);
      expect(printed).toMatch(/^FAIL {2}/m);
    }
  });

  it("fails when Google's keys cannot be read", async () => {
    keysAnswer = 500;
    try {
      const results = await runChecks(input, deps);
      expect(failedNames(results)).toEqual(["Google's signing keys reachable"]);
      expect(results.find((r) => !r.ok)!.fix).toMatch(/allow outbound HTTPS/);
    } finally {
      keysAnswer = 200;
    }
  });

  let closedPort = 0;
  beforeAll(async () => {
    const probe = createHttpServer();
    closedPort = await listen(probe);
    await close(probe);
  });

  function oldManifest(): string {
    const path = join(dir.path, 'old-appsscript.json');
    const old = 'https://old.acme.test/';
    writeFileSync(
      path,
      JSON.stringify({ urlFetchWhitelist: [old], addOns: { common: { openLinkUrlPrefixes: [old] } } }),
    );
    return path;
  }

  function withMx(d: DoctorDeps, domain: string, exchange: string): DoctorDeps {
    return {
      ...d,
      resolver: {
        ...d.resolver,
        resolveMx: async (name) => (name === domain ? [{ exchange, priority: 10 }] : d.resolver.resolveMx(name)),
      },
    };
  }
});
