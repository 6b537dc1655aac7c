import type { Auth } from '../auth';
import type { AttachmentStore } from '../core/attachments';
import type { Clock } from '../core/clock';
import type { ServerConfig } from '../core/config';
import type { Store } from '../store';
import type { Activity } from '../tracking/notify/activity';

/**
 * What every route and service of this process shares, built once by the app. Read it as `app.mailtrail` /
 * `request.server.mailtrail`.
 */
export type ServerContext = {
  config: ServerConfig;
  store: Store;
  auth: Auth;
  attachments: AttachmentStore;
  /** `--public-url`, or the URL the server listens on once it does. */
  publicUrl(): string;
  /** The port the BCC listener took (with `--smtp-port 0`, known once it listens). */
  smtpPort(): number;
  /** What time it is for what the server schedules (reminders); a test's own clock in tests. */
  clock: Clock;
};

declare module 'fastify' {
  interface FastifyInstance {
    mailtrail: ServerContext;
    /** Tracking as the surfaces read it, and the live feed; set once tracking is wired (app.ts). */
    activity: Activity;
  }
}
