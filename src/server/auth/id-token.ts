import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER, DEV_PUBLIC_JWK } from '../../emulator/dev-identity';
import { ApiError } from '../core/api-error';

export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';
const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];

export type IdTokenClaims = { email: string; sub: string; hd?: string };

export type IdTokenOptions = {
  /** The add-on's OAuth client ids; Google tokens for any other audience are refused. */
  clientIds: string[];
  hostedDomain?: string;
  /** Also trust the emulator's local key (audience DEV_AUDIENCE). */
  dev: boolean;
  /** Google's JWKS unless a test points elsewhere. */
  jwksUrl?: string;
};

const unauthorized = (message: string) => new ApiError(401, 'INVALID_AUTHENTICATION', message);

/**
 * Verifies a Google-issued OpenID Connect ID token (`ScriptApp.getIdentityToken()`): signature against Google's
 * published keys (fetched and cached by jose), issuer, audience, expiry, a verified email, and the Workspace domain
 * when one is configured. With `dev`, tokens signed by the emulator's key are accepted as well.
 */
export function createIdTokenVerifier(options: IdTokenOptions): (token: string) => Promise<IdTokenClaims> {
  const google = options.clientIds.length ? createRemoteJWKSet(new URL(options.jwksUrl ?? GOOGLE_JWKS_URL)) : undefined;
  const local = options.dev ? createLocalJWKSet({ keys: [DEV_PUBLIC_JWK] }) : undefined;

  return async (token) => {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw unauthorized('The bearer token is not a JWT: the add-on must send ScriptApp.getIdentityToken()');
    }
    const useLocal = local !== undefined && kid === DEV_PUBLIC_JWK.kid;
    if (!useLocal && !google) {
      throw unauthorized(
        "This server accepts no Google ID tokens: start it with --google-client-id set to the add-on's OAuth client id",
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
      if (err instanceof errors.JWTExpired)
        throw unauthorized('The ID token has expired: open the add-on again to get a fresh one');
      if (err instanceof errors.JWTClaimValidationFailed)
        throw unauthorized(
          `The ID token was not issued for this server (${err.claim} claim): check --google-client-id`,
        );
      throw unauthorized('The ID token could not be verified');
    }
    const email = typeof payload.email === 'string' ? payload.email : undefined;
    if (!email || (payload.email_verified !== true && payload.email_verified !== 'true')) {
      throw unauthorized('The ID token carries no verified email: the add-on manifest needs the userinfo.email scope');
    }
    const hd = typeof payload.hd === 'string' ? payload.hd : undefined;
    if (options.hostedDomain && hd?.toLowerCase() !== options.hostedDomain.toLowerCase()) {
      throw new ApiError(
        403,
        'MISSING_SCOPES',
        `Only accounts of the ${options.hostedDomain} Google Workspace may use this server`,
      );
    }
    return { email, sub: String(payload.sub ?? ''), hd };
  };
}
