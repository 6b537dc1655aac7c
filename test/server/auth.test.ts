import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER, DEV_PRIVATE_JWK } from '../../src/emulator/dev-identity';
import { buildApp } from '../../src/server/app/app';
import { RollingLimit } from '../../src/server/auth/rate-limit';
import { defaultConfig, type ServerConfig } from '../../src/server/core/config';
import { Store } from '../../src/server/store';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { tempDir } from '../helpers/databases';
import { client } from '../helpers/http';
import { startServer, type InProcessServer } from '../helpers/server';

type Claims = Record<string, unknown>;

async function token(
  key: JWK,
  claims: Claims,
  opts: { kid: string; issuer?: string; audience?: string; expiresIn?: string | number },
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: opts.kid })
    .setIssuer(opts.issuer ?? DEV_ISSUER)
    .setAudience(opts.audience ?? DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '5m')
    .sign(await importJWK(key, 'RS256'));
}

/** An app with one extra route behind the add-on's auth hook, the way the /addon/v1 plugin uses it. */
async function appWith(store: Store, config: ServerConfig) {
  const app = await buildApp({ config, store, logger: pino({ level: 'silent' }) });
  app.get('/test/whoami', { onRequest: app.mailtrail.auth.requireAddonUser }, async (request) => {
    const p = request.principal!;
    return p.kind === 'user'
      ? { accountId: p.accountId, userId: p.user.id, email: p.user.email, tokenEmail: p.claims.email }
      : {};
  });
  await app.ready();
  return app;
}

describe('Google ID tokens for the add-on API', () => {
  const dir = tempDir();
  let store: Store;
  let account: TestAccount;
  let other: TestAccount;
  let jwks: Server;
  let jwksUrl: string;
  let google: { privateJwk: JWK; kid: string };

  beforeAll(async () => {
    store = await Store.open({ kind: 'sqlite', path: join(dir.path, 'mailtrail.db') });
    account = await createTestAccount(store, { users: [{ email: 'bob@acme.test', aliases: ['sales@acme.test'] }] });
    other = await createTestAccount(store, { name: 'Other', domain: 'other.test' });

    // Google's JWKS endpoint, played by a local server with a key pair of our own.
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    google = { privateJwk: await exportJWK(privateKey), kid: 'google-test-1' };
    const publicJwk = { ...(await exportJWK(publicKey)), kid: google.kid, alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] })),
    );
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/certs`;
  });
  afterAll(async () => {
    await store?.close();
    if (jwks) {
      jwks.closeAllConnections();
      await new Promise((resolve) => jwks.close(resolve));
    }
    dir.remove();
  });

  const whoami = async (app: Awaited<ReturnType<typeof appWith>>, bearer?: string) => {
    const res = await app.inject({
      method: 'GET',
      url: '/test/whoami',
      headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
    });
    return { status: res.statusCode, body: res.json() };
  };

  it("with --dev, trusts the emulator's key and finds the user by address or alias", async () => {
    const app = await appWith(store, defaultConfig({ dev: true }));
    const dev = (email: string, extra: Claims = {}) =>
      token(DEV_PRIVATE_JWK, { email, email_verified: true, sub: '1', ...extra }, { kid: DEV_PRIVATE_JWK.kid! });
    expect((await whoami(app, await dev('Ada@Acme.test'))).body).toMatchObject({
      accountId: account.accountId,
      email: 'ada@acme.test',
    });
    expect((await whoami(app, await dev('sales@acme.test'))).body).toMatchObject({
      accountId: account.accountId,
      email: 'bob@acme.test',
      tokenEmail: 'sales@acme.test',
    });
    expect(await whoami(app, await dev('stranger@elsewhere.test'))).toMatchObject({
      status: 403,
      body: { category: 'MISSING_SCOPES', message: expect.stringMatching(/not a user/) },
    });
    // An address is one account's, so sign-in never has to guess between accounts.
    await expect(store.forAccount(other.accountId).users.add({ email: 'bob@acme.test' })).rejects.toThrow(
      /another mailtrail account/,
    );
    await expect(
      store.forAccount(other.accountId).users.addAddress(other.admin.id, 'sales@acme.test', 'alias'),
    ).rejects.toThrow(/another mailtrail account/);
    expect(await whoami(app, await dev('ada@acme.test', { email_verified: false }))).toMatchObject({
      status: 401,
      body: { category: 'INVALID_AUTHENTICATION' },
    });
    expect(
      await whoami(
        app,
        await token(
          DEV_PRIVATE_JWK,
          { email: 'ada@acme.test', email_verified: true },
          { kid: DEV_PRIVATE_JWK.kid!, expiresIn: Math.floor(Date.now() / 1000) - 60 },
        ),
      ),
    ).toMatchObject({
      status: 401,
      body: { message: expect.stringMatching(/expired/) },
    });
    expect(
      await whoami(
        app,
        await token(
          DEV_PRIVATE_JWK,
          { email: 'ada@acme.test', email_verified: true },
          { kid: DEV_PRIVATE_JWK.kid!, audience: 'someone-else' },
        ),
      ),
    ).toMatchObject({ status: 401 });
    expect(await whoami(app)).toMatchObject({ status: 401 });
    expect(await whoami(app, 'not.a.jwt')).toMatchObject({ status: 401 });
    await app.close();
  });

  it("without --dev, refuses the emulator's tokens", async () => {
    const app = await appWith(
      store,
      defaultConfig({ dev: false, google: { clientIds: ['client-1.apps.googleusercontent.com'], jwksUrl } }),
    );
    const dev = await token(
      DEV_PRIVATE_JWK,
      { email: 'ada@acme.test', email_verified: true },
      { kid: DEV_PRIVATE_JWK.kid! },
    );
    expect(await whoami(app, dev)).toMatchObject({ status: 401, body: { category: 'INVALID_AUTHENTICATION' } });
    await app.close();
  });

  it('accepts a token again until it expires, and refuses it from then on', async () => {
    const app = await appWith(store, defaultConfig({ dev: true }));
    const expiresAt = Math.floor(Date.now() / 1000) + 3;
    const shortLived = await token(
      DEV_PRIVATE_JWK,
      { email: 'ada@acme.test', email_verified: true, sub: '1' },
      { kid: DEV_PRIVATE_JWK.kid!, expiresIn: expiresAt },
    );
    for (let i = 0; i < 3; i++)
      expect(await whoami(app, shortLived)).toMatchObject({ status: 200, body: { email: 'ada@acme.test' } });
    await new Promise((resolve) => setTimeout(resolve, expiresAt * 1000 - Date.now() + 50));
    expect(await whoami(app, shortLived)).toMatchObject({
      status: 401,
      body: { message: expect.stringMatching(/expired/) },
    });
    await app.close();
  });

  it('verifies Google-signed tokens against the JWKS, the audience and the Workspace domain', async () => {
    const clientId = 'client-1.apps.googleusercontent.com';
    const app = await appWith(
      store,
      defaultConfig({ google: { clientIds: [clientId], hostedDomain: 'acme.test', jwksUrl } }),
    );
    const signed = (claims: Claims, audience = clientId) =>
      token(
        google.privateJwk,
        { email_verified: true, sub: '42', ...claims },
        { kid: google.kid, issuer: 'https://accounts.google.com', audience },
      );
    expect((await whoami(app, await signed({ email: 'bob@acme.test', hd: 'acme.test' }))).body).toMatchObject({
      accountId: account.accountId,
      email: 'bob@acme.test',
    });
    expect(await whoami(app, await signed({ email: 'bob@acme.test', hd: 'other.test' }))).toMatchObject({
      status: 403,
      body: { message: expect.stringMatching(/acme\.test Google Workspace/) },
    });
    expect(await whoami(app, await signed({ email: 'bob@acme.test' }))).toMatchObject({ status: 403 });
    expect(
      await whoami(app, await signed({ email: 'bob@acme.test', hd: 'acme.test' }, 'another-client')),
    ).toMatchObject({ status: 401, body: { message: expect.stringMatching(/aud/) } });
    // Signed by someone else's key with Google's key id: the signature check fails.
    const forged = await token(
      DEV_PRIVATE_JWK,
      { email: 'bob@acme.test', email_verified: true, hd: 'acme.test' },
      { kid: google.kid, issuer: 'https://accounts.google.com', audience: clientId },
    );
    expect(await whoami(app, forged)).toMatchObject({ status: 401 });
    await app.close();
  });
});

describe('per-key rate limits', () => {
  let server: InProcessServer;
  let account: TestAccount;

  beforeAll(async () => {
    server = await startServer({ config: { rateLimit: { per10Seconds: 3, searchPerSecond: 0 } } });
    account = await createTestAccount(server.store);
  });
  afterAll(async () => server?.close());

  it("answers 429 with HubSpot's policy after the ten-second budget, per key", async () => {
    const crm = client(server.url, account.apiKey);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await crm.get('/crm/v3/objects/contacts'));
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[0].headers.get('x-hubspot-ratelimit-max')).toBe('3');
    expect(answers[2].headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    expect(answers[3].status).toBe(429);
    expect(answers[3].body).toMatchObject({
      status: 'error',
      category: 'RATE_LIMITS',
      policyName: 'TEN_SECONDLY_ROLLING',
      message: 'You have reached your ten_secondly_rolling limit.',
    });
    expect(answers[3].headers.get('retry-after')).toBe('10');
    // Another key of the same account has its own budget.
    const { key } = await server.store.forAccount(account.accountId).apiKeys.create('second');
    expect((await client(server.url, key).get('/crm/v3/objects/contacts')).status).toBe(200);
  });

  it('counts a rolling window', () => {
    const limit = new RollingLimit(2, 1_000);
    expect(limit.take('k', 10_000).allowed).toBe(true);
    expect(limit.take('k', 10_500).allowed).toBe(true);
    expect(limit.take('k', 10_900).allowed).toBe(false);
    expect(limit.take('other', 10_900).allowed).toBe(true);
    // The first request has left the window; the second has not.
    expect(limit.take('k', 11_050)).toEqual({ allowed: true, remaining: 0 });
    expect(limit.take('k', 11_100).allowed).toBe(false);
    expect(new RollingLimit(0, 1_000).take('k').allowed).toBe(true);
  });
});
