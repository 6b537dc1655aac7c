import type { FastifyRequest } from 'fastify';
import type { Store, AccountScope } from '../../store';
import type { Account } from '../../store/accounts';
import type { User } from '../../store/users';
import { forbidden, unauthenticated } from '../../core/api-error';
import { sameOrigin } from '../same-origin';
import { refusals } from './refusals';

export const SESSION_COOKIE = 'mailtrail_session';
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

export type WebContext = { scope: AccountScope; user: User; account: Account };

declare module 'fastify' {
  interface FastifyRequest {
    web: WebContext | null;
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** HttpOnly so scripts cannot read it; SameSite=Lax so other sites' forms and fetches do not carry it. */
export function sessionCookie(token: string, expiresAt: number, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt - Date.now()) / 1000));
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** Finds the signed-in user from the cookie, or null. Every route that reads data asks for this first. */
export async function loadSession(store: Store, request: FastifyRequest): Promise<WebContext | null> {
  const token = readCookie(request.headers.cookie, SESSION_COOKIE);
  if (!token) return null;
  const session = await store.sessions.find(token);
  if (!session) return null;
  const scope = store.forAccount(session.accountId);
  const [user, account] = await Promise.all([scope.users.get(session.userId), scope.account.get()]);
  return user && account ? { scope, user, account } : null;
}

/** The preHandler of every session route: Origin check on writes, then the session, then the role. */
export async function guard(store: Store, request: FastifyRequest, admin: boolean): Promise<void> {
  if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method) && !sameOrigin(request)) {
    throw forbidden(refusals(request).foreignOrigin);
  }
  request.web = await loadSession(store, request);
  if (!request.web) throw unauthenticated(refusals(request).signedOut);
  if (admin && request.web.user.role !== 'super_admin') throw forbidden(refusals(request).adminsOnly);
}
