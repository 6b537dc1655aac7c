import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { GmailEmulator } from '../http/gmail-emulator';
import { webApi } from '../http/web-api';
import type { Activity } from '../tracking/notify/activity';

/** The repository root, from this module's place in src/ (run by tsx) or dist/ (bundled). */
function repoRoot(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  return import.meta.url.endsWith('.ts') ? resolve(here, '../../..') : resolve(here, '..');
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The emulated Gmail, in dev mode only. */
    gmailEmulator?: GmailEmulator;
  }
}

/**
 * The web app and, in dev mode, the emulated Gmail, assembled from the server's context and tracking's activity.
 * Registered by app.ts in one line.
 */
export async function webApp(app: FastifyInstance, opts: { activity: Activity }) {
  const { config, store, attachments } = app.mailtrail;
  const root = repoRoot();
  let gmail: GmailEmulator | undefined;
  if (config.dev) {
    gmail = new GmailEmulator({
      store,
      dataDir: config.dataDir,
      backendUrl: () => app.mailtrail.publicUrl(),
      bundlePath: join(root, 'addon', 'Code.js'),
      backendSmtp: { host: '127.0.0.1', port: () => app.mailtrail.smtpPort() },
      mxPort: config.gmailMxPort,
    });
    await gmail.start();
    app.decorate('gmailEmulator', gmail);
    app.addHook('onClose', async () => gmail?.close());
  }
  await app.register(webApi, {
    store,
    dev: config.dev,
    bodyLimit: config.bodyLimit.web,
    publicUrl: app.mailtrail.publicUrl(),
    googleClientId: config.google.webClientId ?? null,
    verifyGoogleSignIn: app.mailtrail.auth.verifyWebSignIn ?? null,
    webRoot: join(root, 'dist', 'web'),
    activity: opts.activity,
    attachmentFile: async (sha256) =>
      (await attachments.has(sha256).catch(() => false)) ? { path: attachments.pathOf(sha256) } : null,
    extraRoutes: gmail?.routes,
  });
}

// Not encapsulated: the server's owner (e.g. `mailtrail start`) reads `app.gmailEmulator`.
(webApp as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
