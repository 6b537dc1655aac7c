// ScriptApp: the identity token the add-on sends to its backend (an RS256 JWT with Google's claims, signed with
// the local dev key that only a server started with --dev trusts) and an OAuth token.
import { createHash, createPrivateKey, randomBytes, sign } from 'node:crypto';
import { domainOf } from '../contract/addresses';
import { Check } from './check';
import { DEV_AUDIENCE, DEV_ISSUER, DEV_PRIVATE_JWK } from './dev-identity';
import type { Realm } from './realm';
import { Grants, SCOPE } from './scopes';

export const SCRIPT_ID = '1mailtrail-emulated-script-id';
const TOKEN_SECONDS = 3600;
const CONSUMER_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

const privateKey = createPrivateKey({ key: DEV_PRIVATE_JWK as import('node:crypto').JsonWebKey, format: 'jwk' });

/** Google's `sub`: a stable decimal id of up to 21 digits; here derived from the address. */
export function subjectOf(email: string): string {
  const n = BigInt('0x' + createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 16));
  return '1' + (n % 10n ** 20n).toString().padStart(20, '0');
}

export function signIdentityToken(claims: {
  email: string;
  now: number;
  withEmail: boolean;
  audience?: string;
}): string {
  const iat = Math.floor(claims.now / 1000);
  const audience = claims.audience ?? DEV_AUDIENCE;
  const payload: Record<string, unknown> = {
    iss: DEV_ISSUER,
    azp: audience,
    aud: audience,
    sub: subjectOf(claims.email),
    iat,
    exp: iat + TOKEN_SECONDS,
  };
  if (claims.withEmail) {
    payload.email = claims.email;
    payload.email_verified = true;
    const domain = domainOf(claims.email);
    // Google sets hd only for Workspace accounts, never for consumer Gmail addresses.
    if (!CONSUMER_DOMAINS.has(domain)) payload.hd = domain;
  }
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${b64({ alg: 'RS256', kid: DEV_PRIVATE_JWK.kid, typ: 'JWT' })}.${b64(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

export function createScriptApp(deps: {
  realm: Realm;
  user: string;
  clock: () => number;
  scopes?: readonly string[];
  audience?: string;
}) {
  const c: Check = new Check(deps.realm);
  const oauthToken = `ya29.emulated-${randomBytes(24).toString('base64url')}`;
  const has = (scope: string) => new Grants(deps.scopes).has(scope);
  return {
    AuthMode: Object.freeze({ NONE: 'NONE', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION', LIMITED: 'LIMITED', FULL: 'FULL' }),
    getIdentityToken(): string {
      if (!has(SCOPE.openid))
        c.fail('ScriptApp.getIdentityToken needs the "openid" scope in appsscript.json oauthScopes');
      return signIdentityToken({
        email: deps.user,
        now: deps.clock(),
        withEmail: has(SCOPE.email),
        audience: deps.audience,
      });
    },
    getOAuthToken(): string {
      return oauthToken;
    },
    getScriptId(): string {
      return SCRIPT_ID;
    },
  };
}
