// Google's signing keys and forged Google tokens, as an outsider would try them against a production server (no
// --dev): the web app's "Sign in with Google" and the add-on API check the same keys (served here by a local HTTP
// server with keys made in the test, at --google-jwks-url), and refuse every forgery. When the key server is down,
// hangs or answers garbage, every token is refused and the operator reads why in the log at error.
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer as startRealServer } from '../../src/server/app/server';
import { defaultConfig } from '../../src/server/core/config';
import { createTestAccount } from '../helpers/accounts';
import { tempDir } from '../helpers/databases';
import { client } from '../helpers/http';

const WEB_CLIENT = 'web-1.apps.googleusercontent.com';
const ADDON_CLIENT = 'addon-1.apps.googleusercontent.com';
const GOOGLE = 'https://accounts.google.com';

type KeyPair = { privateKey: CryptoKey; publicJwk: JWK };
async function keyPair(kid: string): Promise<KeyPair> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

/** A local stand-in for https://www.googleapis.com/oauth2/v3/certs whose answer each test chooses. */
function keyServer() {
  let answer: (res: ServerResponse) => void = () => {};
  const server: Server = createServer((_req, res) => answer(res));
  return {
    server,
    set(next: typeof answer) {
      answer = next;
    },
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/v3/certs`;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function sign(
  key: KeyPair,
  claims: Record<string, unknown> = {},
  opts: { aud?: string; iss?: string; exp?: number; kid?: string } = {},
) {
  return new SignJWT({ email: 'bob@acme.test', email_verified: true, hd: 'acme.test', sub: '42', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? key.publicJwk.kid })
    .setIssuer(opts.iss ?? GOOGLE)
    .setAudience(opts.aud ?? WEB_CLIENT)
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '5m')
    .sign(key.privateKey);
}

/** A server as production runs it: no --dev, both client ids, the domain, the keys at `jwksUrl`. */
function productionConfig(dataDir: string, jwksUrl: string) {
  return defaultConfig({
    dataDir,
    db: { kind: 'sqlite', path: join(dataDir, 'mailtrail.db') },
    port: 0,
    smtpPort: 0,
    google: { clientIds: [ADDON_CLIENT], webClientId: WEB_CLIENT, hostedDomain: 'acme.test', jwksUrl },
    rateLimit: { per10Seconds: 0, searchPerSecond: 0 },
  });
}

/** Log lines, parsed, as pino writes them. */
function capturedLog() {
  const lines: { level: number; msg: string; [k: string]: unknown }[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

describe('Google tokens against a production server', () => {
  const dir = tempDir();
  const keys = keyServer();
  const log = capturedLog();
  let google: KeyPair;
  let attacker: KeyPair;
  let server: Awaited<ReturnType<typeof startRealServer>>;

  const signIn = (credential: string) =>
    client(server.url).call('POST', '/web/v1/auth/google', { credential }, { origin: server.url });

  beforeAll(async () => {
    google = await keyPair('google-1');
    attacker = await keyPair('attacker-1');
    const jwksUrl = await keys.listen();
    keys.set((res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [google.publicJwk] })),
    );
    server = await startRealServer(productionConfig(dir.path, jwksUrl), { logger: log.logger });
    await createTestAccount(server.store, { users: [{ email: 'bob@acme.test' }] });
  });
  afterAll(async () => {
    await server?.close();
    await keys.close();
    dir.remove();
  });

  it('signs in to the web app with a token of the configured key URL, audience and domain', async () => {
    const answer = await signIn(await sign(google));
    expect(answer.status).toBe(204);
    expect(answer.headers.get('set-cookie')).toMatch(/mailtrail_session=/);
  });

  it('refuses forged web sign-ins: wrong key, wrong audience, wrong issuer, expired, wrong domain', async () => {
    const forgeries = {
      'signed by another key under Google’s key id': await sign(attacker, {}, { kid: 'google-1' }),
      'signed by a key Google does not publish': await sign(attacker),
      'for the add-on’s audience, not the web app’s': await sign(google, {}, { aud: ADDON_CLIENT }),
      'for another app': await sign(google, {}, { aud: 'someone-else.apps.googleusercontent.com' }),
      'issued by someone else': await sign(google, {}, { iss: 'https://evil.test' }),
      expired: await sign(google, {}, { exp: Math.floor(Date.now() / 1000) - 120 }),
      'of another Workspace domain': await sign(google, { hd: 'evil.test' }),
      'of a consumer account (no domain)': await sign(google, { hd: undefined }),
      'with an unverified email': await sign(google, { email_verified: false }),
    };
    for (const [what, token] of Object.entries(forgeries)) {
      const answer = await signIn(token);
      expect([401, 403], what).toContain(answer.status);
      expect(answer.headers.get('set-cookie'), what).toBeNull();
    }
  });

  it('logs a refused token with the audience and issuer it carried and what to configure', async () => {
    log.lines.length = 0;
    const wrong = await client(server.url, await sign(google, {}, { aud: 'copied-from-elsewhere' })).get(
      '/addon/v1/me',
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toContain('copied-from-elsewhere');
    const line = log.lines.find((l) => l.msg.startsWith('ID token refused'));
    expect(line).toMatchObject({ level: 40, aud: 'copied-from-elsewhere', iss: GOOGLE });
    expect(line!.msg).toContain('--google-client-id');
  });
});

describe("Google's signing keys unreachable, hanging or garbage", () => {
  const failures = {
    'is not listening': null,
    'answers 500': (res: ServerResponse) => res.writeHead(500).end('oops'),
    'answers garbage': (res: ServerResponse) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys": "not a list"'),
    hangs: () => {},
  };
  for (const [failure, answer] of Object.entries(failures)) {
    it(`refuses every Google token (503) and logs at error naming the key URL when the key server ${failure}`, async () => {
      const dir = tempDir();
      const keys = keyServer();
      const log = capturedLog();
      const jwksUrl = await keys.listen();
      if (answer) keys.set(answer);
      else await keys.close(); // the port is now closed: connections are refused
      const google = await keyPair('google-1');
      const server = await startRealServer(productionConfig(dir.path, jwksUrl), { logger: log.logger });
      try {
        await createTestAccount(server.store, { users: [{ email: 'bob@acme.test' }] });
        const web = await client(server.url).call(
          'POST',
          '/web/v1/auth/google',
          { credential: await sign(google) },
          { origin: server.url },
        );
        const addon = await client(server.url, await sign(google, {}, { aud: ADDON_CLIENT })).get('/addon/v1/me');
        expect(web.status).toBe(503);
        expect(web.headers.get('set-cookie')).toBeNull();
        expect(addon.status).toBe(503);
        expect(addon.body.message).toMatch(/Google's signing keys/);
        const errors = log.lines.filter((l) => l.level >= 50);
        expect(errors.length).toBeGreaterThanOrEqual(1);
        expect(errors[0].msg).toContain(jwksUrl);
      } finally {
        await server.close();
        if (answer) await keys.close();
        dir.remove();
      }
    });
  }
});
