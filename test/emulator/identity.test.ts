// ScriptApp.getIdentityToken: a Google-style ID token that verifies against the dev public key.
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER, DEV_PUBLIC_JWK } from '../../src/emulator/dev-identity';
import { hostRealm } from '../../src/emulator/realm';
import { createScriptApp } from '../../src/emulator/script-app';

const jwks = createLocalJWKSet({ keys: [DEV_PUBLIC_JWK] });

describe('ScriptApp.getIdentityToken', () => {
  it('is an RS256 JWT with Google claims that verifies with jose against DEV_PUBLIC_JWK', async () => {
    const now = Date.now();
    const token = createScriptApp({ realm: hostRealm, user: 'ada@acme.test', clock: () => now }).getIdentityToken();
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: DEV_PUBLIC_JWK.kid, typ: 'JWT' });
    const { payload } = await jwtVerify(token, jwks, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE });
    expect(payload).toMatchObject({ email: 'ada@acme.test', email_verified: true, hd: 'acme.test', azp: DEV_AUDIENCE });
    expect(payload.sub).toMatch(/^\d{21}$/);
    expect(payload.iat).toBe(Math.floor(now / 1000));
    expect(payload.exp).toBe(Math.floor(now / 1000) + 3600);
  });

  it('the subject is stable per user; consumer Gmail accounts have no hd', async () => {
    const app = (user: string) => createScriptApp({ realm: hostRealm, user, clock: Date.now });
    const claims = async (user: string) => (await jwtVerify(app(user).getIdentityToken(), jwks)).payload;
    const [a1, a2, b, consumer] = await Promise.all([
      claims('ada@acme.test'),
      claims('ada@acme.test'),
      claims('bob@acme.test'),
      claims('someone@gmail.com'),
    ]);
    expect(a1.sub).toBe(a2.sub);
    expect(a1.sub).not.toBe(b.sub);
    expect(consumer.hd).toBeUndefined();
  });

  it('is refused by a verifier once expired (the clock drives iat and exp)', async () => {
    const twoHoursAgo = Date.now() - 2 * 3600_000;
    const token = createScriptApp({
      realm: hostRealm,
      user: 'ada@acme.test',
      clock: () => twoHoursAgo,
    }).getIdentityToken();
    await expect(jwtVerify(token, jwks)).rejects.toThrow(/"exp" claim timestamp check failed/);
  });

  it('needs the openid scope; carries the email only with userinfo.email', async () => {
    const without = createScriptApp({ realm: hostRealm, user: 'ada@acme.test', clock: Date.now, scopes: [] });
    expect(() => without.getIdentityToken()).toThrow(/needs the "openid" scope/);
    const noEmail = createScriptApp({ realm: hostRealm, user: 'ada@acme.test', clock: Date.now, scopes: ['openid'] });
    const { payload } = await jwtVerify(noEmail.getIdentityToken(), jwks);
    expect(payload.email).toBeUndefined();
  });

  it('getOAuthToken is stable within an execution', () => {
    const app = createScriptApp({ realm: hostRealm, user: 'ada@acme.test', clock: Date.now });
    expect(app.getOAuthToken()).toBe(app.getOAuthToken());
    expect(app.getOAuthToken()).toMatch(/^ya29\./);
  });
});
