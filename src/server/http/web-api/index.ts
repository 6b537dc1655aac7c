import type { FastifyInstance } from 'fastify';
import { bodyLimit } from '../route-group';
import type { Store } from '../../store';
import { adminRoutes } from './admin-routes';
import { authRoutes, type VerifyGoogleSignIn } from './auth-routes';
import { emailsRoutes, type AttachmentFiles } from './emails-routes';
import { erasureRoutes } from './erasure-routes';
import type { Activity } from '../../tracking/notify/activity';
import { feedRoutes } from './feed-routes';
import { loggingAddressRoutes } from './logging-address-routes';
import { recordsRoutes } from './records-routes';
import { staticApp } from './static-app';
import { templatesRoutes } from './templates-routes';

export type { AttachmentFiles } from './emails-routes';

export type WebApiOptions = {
  store: Store;
  dev: boolean;
  /** The web app sends settings, lists of ids and short texts. */
  bodyLimit: number;
  publicUrl: string;
  googleClientId: string | null;
  verifyGoogleSignIn: VerifyGoogleSignIn | null;
  /** dist/web, the built app. */
  webRoot: string;
  activity: Activity;
  attachmentFile: AttachmentFiles;
  /** Extra route groups under /web/v1 (the Gmail emulator's, in dev mode). */
  extraRoutes?: (app: FastifyInstance) => Promise<void>;
};

/** The web app: its JSON API under /web/v1 (cookie session) and its files under /app/. */
export async function webApi(app: FastifyInstance, opts: WebApiOptions) {
  const { store } = opts;
  app.decorateRequest('web', null);
  await app.register(
    async (api) => {
      bodyLimit(api, opts.bodyLimit);
      await api.register(authRoutes, {
        store,
        dev: opts.dev,
        googleClientId: opts.googleClientId,
        verifyGoogleSignIn: opts.verifyGoogleSignIn,
        secureCookies: opts.publicUrl.startsWith('https:'),
      });
      await api.register(recordsRoutes, { store });
      await api.register(emailsRoutes, { store, attachmentFile: opts.attachmentFile });
      await api.register(adminRoutes, { store });
      await api.register(erasureRoutes, { store });
      await api.register(feedRoutes, { store, activity: opts.activity });
      await api.register(loggingAddressRoutes, { store });
      await api.register(templatesRoutes, { store });
      if (opts.extraRoutes) await api.register(opts.extraRoutes);
    },
    { prefix: '/web/v1' },
  );
  await app.register(staticApp, { webRoot: opts.webRoot });
  // Expired sessions are useless rows; clear them at start and then daily.
  await store.sessions.purgeExpired();
  const purge = setInterval(() => void store.sessions.purgeExpired().catch(() => {}), 24 * 3600 * 1000);
  purge.unref();
  app.addHook('onClose', async () => clearInterval(purge));
}
