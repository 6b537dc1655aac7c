import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { IdTokenClaims } from '../../auth/id-token';
import { DevSignIn, GoogleSignIn, LanguageChoice, type AuthConfig, type SessionUser } from '../../../contract/web';
import type { Store } from '../../store';
import { forbidden, notFound } from '../../core/api-error';
import { clearedSessionCookie, guard, readCookie, SESSION_COOKIE, SESSION_TTL_MS, sessionCookie } from './session';
import { sameOrigin } from '../same-origin';
import { refusals } from './refusals';

export type VerifyGoogleSignIn = (credential: string) => Promise<IdTokenClaims>;

export type AuthOptions = {
  store: Store;
  /** Dev mode: anyone reaching the server may pick a user. Never on a server others can reach. */
  dev: boolean;
  /** The OAuth client id of the web app for Google sign-in (production); null turns Google sign-in off. */
  googleClientId: string | null;
  /** Checks a sign-in credential as the add-on's tokens are checked (keys, domain); null when sign-in is off. */
  verifyGoogleSignIn: VerifyGoogleSignIn | null;
  secureCookies: boolean;
};

/** Sign-in (dev pick or Google), sign-out, and who is signed in. */
export async function authRoutes(app: FastifyInstance, opts: AuthOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store } = opts;
  const verifyGoogle = opts.verifyGoogleSignIn;

  const startSession = async (reply: FastifyReply, accountId: number, userId: number) => {
    const { token, expiresAt } = await store.sessions.create(accountId, userId, SESSION_TTL_MS);
    return reply
      .header('set-cookie', sessionCookie(token, expiresAt, opts.secureCookies))
      .code(204)
      .send();
  };

  r.get('/auth/config', async (): Promise<AuthConfig> => {
    const devUsers: AuthConfig['devUsers'] = [];
    if (opts.dev) {
      for (const account of await store.accounts.list()) {
        for (const u of await store.forAccount(account.id).users.list({ limit: 100 })) {
          devUsers.push({ id: String(u.id), email: u.email, name: u.name, accountName: account.name });
        }
      }
    }
    return { dev: opts.dev, googleClientId: opts.googleClientId, devUsers };
  });

  r.post('/auth/dev', { schema: { body: DevSignIn } }, async (request, reply) => {
    if (!opts.dev) throw forbidden(refusals(request).devSignInOff);
    if (!sameOrigin(request)) throw forbidden(refusals(request).signInHere);
    for (const account of await store.accounts.list()) {
      const user = await store.forAccount(account.id).users.get(Number(request.body.userId));
      if (user && user.accountId === account.id) return startSession(reply, account.id, user.id);
    }
    throw notFound(refusals(request).noDevUser(request.body.userId));
  });

  r.post('/auth/google', { schema: { body: GoogleSignIn } }, async (request, reply) => {
    if (!verifyGoogle) throw forbidden(refusals(request).googleOff);
    if (!sameOrigin(request)) throw forbidden(refusals(request).signInHere);
    const { email } = await verifyGoogle(request.body.credential);
    const [user] = await store.identity.usersByAddress(email);
    if (!user) throw forbidden(refusals(request).notAUser(email));
    return startSession(reply, user.accountId, user.id);
  });

  r.post('/auth/logout', async (request, reply) => {
    if (!sameOrigin(request)) throw forbidden(refusals(request).signOutHere);
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (token) await store.sessions.delete(token);
    return reply.header('set-cookie', clearedSessionCookie(opts.secureCookies)).code(204).send();
  });

  r.get(
    '/session',
    { preHandler: (request) => guard(store, request, false) },
    async (request): Promise<SessionUser> => {
      const { user, account } = request.web!;
      return {
        id: String(user.id),
        email: user.email,
        name: user.name,
        role: user.role,
        accountId: String(account.id),
        accountName: account.name,
        language: user.language,
      };
    },
  );

  r.put(
    '/session/language',
    { schema: { body: LanguageChoice }, preHandler: (request) => guard(store, request, false) },
    async (request, reply) => {
      const { scope, user } = request.web!;
      await scope.users.update(user.id, { language: request.body.language });
      return reply.code(204).send();
    },
  );
}
