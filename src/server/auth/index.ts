import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../core/config';
import { ApiError } from '../core/api-error';
import type { AccountScope, Store } from '../store';
import type { User } from '../store/users';
import { createIdTokenVerifier, googleSigningKeys, type AuthLog, type IdTokenClaims } from './id-token';
import { RollingLimit } from './rate-limit';

export type ApiKeyPrincipal = { kind: 'api_key'; accountId: number; keyId: number };
/** A person signed in with a Google ID token, found among the account's users and their addresses. */
export type UserPrincipal = { kind: 'user'; accountId: number; user: User; claims: IdTokenClaims };
export type Principal = ApiKeyPrincipal | UserPrincipal;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by an auth hook (`requireApiKey`, `requireAddonUser`) before the handler runs. */
    principal?: Principal;
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Who is calling. Route groups add one of these hooks (`app.addHook('onRequest', auth.requireApiKey)`), then read
 * `request.principal` or take the caller's account with `accountScope(request)`.
 */
export class Auth {
  private readonly verifyIdToken: (token: string) => Promise<IdTokenClaims>;
  /**
   * The web app's "Sign in with Google" credential: the same keys, domain and logging as the add-on's tokens, for
   * the web client id. Undefined when no web client id is set (that sign-in is off).
   */
  readonly verifyWebSignIn?: (credential: string) => Promise<IdTokenClaims>;
  private readonly perKey: RollingLimit;
  private readonly searchPerKey: RollingLimit;
  private readonly lastTouched = new Map<number, number>();

  constructor(
    private readonly store: Store,
    config: ServerConfig,
    log: AuthLog,
  ) {
    const keys = googleSigningKeys(config.google.jwksUrl, log);
    const { hostedDomain, webClientId } = config.google;
    this.verifyIdToken = createIdTokenVerifier({
      clientIds: config.google.clientIds,
      clientIdOption: '--google-client-id',
      hostedDomain,
      dev: config.dev,
      keys,
      log,
    });
    if (webClientId)
      this.verifyWebSignIn = createIdTokenVerifier({
        clientIds: [webClientId],
        clientIdOption: '--google-web-client-id',
        hostedDomain,
        dev: false,
        keys,
        log,
      });
    this.perKey = new RollingLimit(config.rateLimit.per10Seconds, 10_000);
    this.searchPerKey = new RollingLimit(config.rateLimit.searchPerSecond, 1_000);
  }

  /** onRequest hook of the CRM API: `Authorization: Bearer <api key>`, rate-limited per key as HubSpot does. */
  requireApiKey = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const key = bearer(request);
    if (!key) {
      throw new ApiError(
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found: send Authorization: Bearer <api key> (create one with `mailtrail apikey create`)',
      );
    }
    const found = await this.store.identity.apiKey(key);
    if (!found)
      throw new ApiError(401, 'INVALID_AUTHENTICATION', 'The API key is not valid: it is mistyped or has been revoked');
    this.limit(request, reply, `key:${found.keyId}`);
    this.touch(found.keyId);
    request.principal = { kind: 'api_key', ...found };
  };

  /** onRequest hook of the add-on API: a Google ID token whose email is a user's address (own, alias or inbox). */
  requireAddonUser = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const token = bearer(request);
    if (!token)
      throw new ApiError(
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found: send Authorization: Bearer <Google ID token>',
      );
    const claims = await this.verifyIdToken(token);
    const principal = await this.userFor(claims);
    this.limit(request, reply, `user:${principal.user.id}`);
    request.principal = principal;
  };

  /** Finds the user an ID token speaks for. Exposed for routes that take a token another way (e.g. a form post). */
  async userFor(claims: IdTokenClaims): Promise<UserPrincipal> {
    const users = await this.store.identity.usersByAddress(claims.email);
    const accounts = new Set(users.map((u) => u.accountId));
    if (!users.length) {
      throw new ApiError(
        403,
        'MISSING_SCOPES',
        `${claims.email} is not a user of this mailtrail server: ask an admin to run \`mailtrail user add --email ${claims.email}\``,
      );
    }
    if (accounts.size > 1) {
      throw new ApiError(
        403,
        'MISSING_SCOPES',
        `${claims.email} belongs to several mailtrail accounts; an address may belong to one account only`,
      );
    }
    // Several users of one account cannot share an address (the store refuses it); take the one.
    return { kind: 'user', accountId: users[0].accountId, user: users[0], claims };
  }

  /** A stricter, HubSpot-like limit for search endpoints; call from their preHandler. */
  limitSearch = async (request: FastifyRequest): Promise<void> => {
    const principal = request.principal;
    if (!principal) return;
    const key = principal.kind === 'api_key' ? `key:${principal.keyId}` : `user:${principal.user.id}`;
    if (!this.searchPerKey.take(key).allowed) {
      throw new ApiError(
        429,
        'RATE_LIMITS',
        'You have reached your secondly limit.',
        { errorType: 'RATE_LIMIT', policyName: 'SECONDLY' },
        { 'retry-after': '1' },
      );
    }
  };

  private limit(request: FastifyRequest, reply: FastifyReply, key: string): void {
    const { allowed, remaining } = this.perKey.take(key);
    if (this.perKey.limit > 0) {
      reply.header('x-hubspot-ratelimit-max', String(this.perKey.limit));
      reply.header('x-hubspot-ratelimit-remaining', String(remaining));
      reply.header('x-hubspot-ratelimit-interval-milliseconds', String(this.perKey.windowMs));
    }
    if (!allowed) {
      throw new ApiError(
        429,
        'RATE_LIMITS',
        'You have reached your ten_secondly_rolling limit.',
        { errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' },
        { 'retry-after': '10' },
      );
    }
  }

  /** Records when a key was last used, at most once a minute per key: not a write per request. */
  private touch(keyId: number): void {
    const now = Date.now();
    if ((this.lastTouched.get(keyId) ?? 0) > now - 60_000) return;
    this.lastTouched.set(keyId, now);
    this.store.identity.touchApiKey(keyId, now).catch(() => this.lastTouched.delete(keyId));
  }
}

/** The account of the authenticated caller; every data access of a request goes through it. */
export function accountScope(request: FastifyRequest): AccountScope {
  const principal = request.principal;
  if (!principal) throw new Error(`route ${request.routeOptions.url} reads the account without an auth hook`);
  return request.server.mailtrail.store.forAccount(principal.accountId);
}
