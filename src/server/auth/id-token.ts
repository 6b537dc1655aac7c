import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER, DEV_PUBLIC_JWK } from '../../emulator/dev-identity';
import { ApiError } from '../core/api-error';

export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';
const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];

export type IdTokenClaims = { email: string; sub: string; hd?: string };

/** Where refusals an operator must act on are written (the server's logger). */
export type AuthLog = {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
};

/** Google's signing keys, fetched and cached once per server, shared by every verifier (add-on and web sign-in). */
export type GoogleKeys = { url: string; get: JWTVerifyGetKey };

/** Thrown by the key getter when the keys themselves could not be had: not the token's fault. */
class KeysUnavailable extends Error {}

/**
 * Google's key set (or the one `--google-jwks-url` names). A key server that is down, hangs (jose gives up after
 * 5 s) or answers something that is not a key set makes every Google token fail closed; each such failure is logged
 * at error, since no one can sign in until it is fixed.
 */
export function googleSigningKeys(jwksUrl: string | undefined, log: AuthLog): GoogleKeys {
  const url = jwksUrl ?? GOOGLE_JWKS_URL;
  const remote = createRemoteJWKSet(new URL(url));
  return {
    url,
    get: async (header, token) => {
      try {
        return await remote(header, token);
      } catch (err) {
        if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) throw err;
        log.error(
          { err, jwksUrl: url },
          `Google's signing keys could not be read from ${url}: every Google ID token is refused until they can (check this server's outbound HTTPS and --google-jwks-url)`,
        );
        throw new KeysUnavailable();
      }
    },
  };
}

export type IdTokenOptions = {
  /** The OAuth client ids the tokens are for; Google tokens for any other audience are refused. */
  clientIds: string[];
  /** The option that sets `clientIds`, named in refusals so the operator knows what to change. */
  clientIdOption: string;
  hostedDomain?: string;
  /** Also trust the emulator's local key (audience DEV_AUDIENCE). */
  dev: boolean;
  keys: GoogleKeys;
  log: AuthLog;
};

/** Verified tokens remembered per verifier: about a user each, a few hundred bytes apiece. */
const VERIFIED_TOKENS = 10_000;

const unauthorized = (message: string) => new ApiError(401, 'INVALID_AUTHENTICATION', message);

/** What a refused token said about itself, for the log: enough to tell a misconfiguration from an attack. */
function carried(token: string): { aud?: unknown; iss?: unknown; hd?: unknown } {
  try {
    const { aud, iss, hd } = decodeJwt(token);
    return { aud, iss, hd };
  } catch {
    return {};
  }
}

/**
 * Verifies a Google-issued OpenID Connect ID token (`ScriptApp.getIdentityToken()`, or the web app's "Sign in with
 * Google" credential): signature against Google's published keys, issuer, audience, expiry, a verified email, and
 * the Workspace domain when one is configured. With `dev`, tokens signed by the emulator's key are accepted as well.
 */
export function createIdTokenVerifier(options: IdTokenOptions): (token: string) => Promise<IdTokenClaims> {
  const google = options.clientIds.length ? options.keys.get : undefined;
  const local = options.dev ? createLocalJWKSet({ keys: [DEV_PUBLIC_JWK] }) : undefined;
  const refused = (token: string, reason: string) =>
    options.log.warn(
      {
        ...carried(token),
        expectedAudiences: options.clientIds,
        expectedIssuers: GOOGLE_ISSUERS,
        expectedHd: options.hostedDomain,
      },
      `ID token refused: ${reason}`,
    );

  const check = async (token: string): Promise<{ claims: IdTokenClaims; expiresAt?: number }> => {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw unauthorized('The bearer token is not a JWT: the add-on must send ScriptApp.getIdentityToken()');
    }
    const useLocal = local !== undefined && kid === DEV_PUBLIC_JWK.kid;
    if (!useLocal && !google) {
      throw unauthorized(
        `This server accepts no Google ID tokens: start it with ${options.clientIdOption} set to the OAuth client id`,
      );
    }
    let payload: JWTPayload;
    try {
      ({ payload } = useLocal
        ? await jwtVerify(token, local!, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: ['RS256'] })
        : await jwtVerify(token, google!, {
            issuer: GOOGLE_ISSUERS,
            audience: options.clientIds,
            algorithms: ['RS256'],
          }));
    } catch (err) {
      if (err instanceof KeysUnavailable)
        throw new ApiError(
          503,
          'INTERNAL_ERROR',
          "This server cannot read Google's signing keys right now, so it cannot check who you are: try again in a minute (the server log says why)",
        );
      if (err instanceof errors.JWTExpired)
        throw unauthorized('The ID token has expired: open the add-on again to get a fresh one');
      if (err instanceof errors.JWTClaimValidationFailed) {
        const { aud, iss } = carried(token);
        const what = err.claim === 'aud' ? `audience ${JSON.stringify(aud)}` : `${err.claim} ${JSON.stringify(iss)}`;
        refused(
          token,
          err.claim === 'aud'
            ? `its audience is not ${options.clientIdOption}; if it is your own OAuth client id, add it there`
            : `its ${err.claim} claim is not Google's`,
        );
        throw unauthorized(
          `The ID token was not issued for this server (its ${what}): check ${options.clientIdOption}`,
        );
      }
      if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWSSignatureVerificationFailed)
        refused(token, `it is not signed by a key published at ${options.keys.url}`);
      throw unauthorized('The ID token could not be verified');
    }
    const email = typeof payload.email === 'string' ? payload.email : undefined;
    if (!email || (payload.email_verified !== true && payload.email_verified !== 'true')) {
      throw unauthorized('The ID token carries no verified email: the add-on manifest needs the userinfo.email scope');
    }
    const hd = typeof payload.hd === 'string' ? payload.hd : undefined;
    if (options.hostedDomain && hd?.toLowerCase() !== options.hostedDomain.toLowerCase()) {
      refused(token, `its Workspace domain (hd) is not --google-hd ${options.hostedDomain}`);
      throw new ApiError(
        403,
        'MISSING_SCOPES',
        `Only accounts of the ${options.hostedDomain} Google Workspace may use this server`,
      );
    }
    return {
      claims: { email, sub: String(payload.sub ?? ''), hd },
      expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined,
    };
  };

  // A token verified once stays good until it expires: Google revokes no ID token and keeps a key published while
  // tokens it signed are valid, and every other check depends on the token and this server's options alone. The
  // sidebar sends the same token with every card for up to an hour, and an RSA check is a trip through libuv's
  // thread pool on each: remembering the answer takes it off the compose card's latency.
  const verified = new Map<string, { claims: IdTokenClaims; expiresAt: number }>();
  return async (token) => {
    const known = verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.claims;
    if (known) verified.delete(token);
    const { claims, expiresAt } = await check(token);
    if (expiresAt !== undefined) {
      if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value!);
      verified.set(token, { claims, expiresAt });
    }
    return claims;
  };
}
