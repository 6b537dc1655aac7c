import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { EventHub } from '../tracking/notify/hub';
import { type LiveFeed, StoredFeed } from '../tracking/notify/live-feed';
import { Notifier } from '../tracking/notify/notifier';
import { loadOrCreateVapidKeys } from '../tracking/notify/vapid';
import { WebhookWorker } from '../tracking/notify/webhook-worker';
import { type Activity, trackingActivity } from '../tracking/notify/activity';
import { classifyConfig } from '../tracking/config';
import { loadRanges } from '../tracking/ranges';
import { Recorder } from '../tracking/recording/recorder';
import { trackingRoutes } from '../http/tracking/routes';
import { trackingFastPath } from '../http/tracking/fast-path';
import { clientAddressOf } from '../core/trust-proxy';
import type { EarlyAnswer } from './http-server';
import { EventWriter } from '../tracking/recording/writer';
import type { TrackingEvent } from '../store/tracking-events';

const PURGE_EVERY_MS = 6 * 3_600_000;

/**
 * Tracking in the server: the pixel and link routes (and their fast path, handed to `answerEarly`), the event writer, notifications (live stream, Web Push,
 * webhooks) and the retention purge. Called once by buildApp; everything it starts stops with the app, the
 * queued events and waiting notifications first.
 */
export async function wireTracking(
  app: FastifyInstance,
  answerEarly: (answer: EarlyAnswer) => void,
  hooks: { onPersonOpen?: (event: TrackingEvent) => void } = {},
): Promise<{ activity: Activity; notifier: Notifier }> {
  const { config, store } = app.mailtrail;
  const options = config.tracking;
  const thresholds = classifyConfig(options.thresholds);
  const ranges = loadRanges(config.dataDir);
  const vapid = loadOrCreateVapidKeys(join(config.dataDir, 'push', 'vapid.json'));
  const log = app.log.child({ module: 'tracking' });

  const hub = new EventHub({
    lastId: await store.notifications.lastId(),
    backfill: async (key, afterId) => {
      const [accountId, userId] = key.split(':').map(Number);
      const rows = await store.forAccount(accountId).notifications.after(userId, afterId, 1000);
      return rows.map((n) => ({ id: n.id, type: 'feed', data: n.item }));
    },
    sync: () => live.catchUp(),
  });
  // With PostgreSQL there may be other instances storing notifications: every instance's streams hear them all.
  const live: LiveFeed = new StoredFeed({
    ...(store.target.kind === 'postgres' ? { url: store.target.url } : {}),
    notifications: store.notifications,
    hub,
    logger: log,
  });
  const webhooks = new WebhookWorker(store.webhookQueue, log);
  const notifier = new Notifier({
    store,
    live,
    ranges,
    config: thresholds,
    publicUrl: () => app.mailtrail.publicUrl(),
    push: {
      vapid,
      subject: options.vapidSubject ?? `mailto:postmaster@${new URL(app.mailtrail.publicUrl()).hostname}`,
    },
    coalesceWindowMs: options.coalesceWindowMs,
    ...(options.settleMs === null ? {} : { settleMs: () => options.settleMs! }),
    onQueued: () => webhooks.kick(),
    ...(hooks.onPersonOpen ? { onPersonOpen: hooks.onPersonOpen } : {}),
    logger: log,
  });
  const writer = new EventWriter(store.events, {
    onError: (err, count) => log.error({ err, count }, 'tracking events not committed'),
  });
  const recorder = new Recorder({ store, writer, notifier, ranges, config: thresholds });
  const fast = trackingFastPath({ recorder, clientAddress: clientAddressOf(config.trustProxy), log: app.log });
  const streams = new AbortController();

  const purge = async () => {
    if (options.retentionDays === 0) return;
    const removed = await store.retention.purgeBefore(Date.now() - options.retentionDays * 86_400_000);
    if (removed.events || removed.notifications) log.info(removed, 'tracking retention purge');
  };
  const purgeTimer = setInterval(
    () => void purge().catch((err: unknown) => log.error({ err }, 'tracking retention purge failed')),
    PURGE_EVERY_MS,
  );
  purgeTimer.unref();

  app.addHook('onReady', async () => {
    await live.start();
    webhooks.kick();
    await purge();
  });
  // Open event streams would keep the server from closing.
  app.addHook('preClose', async () => {
    streams.abort();
    fast.closing();
  });
  app.addHook('onClose', async () => {
    clearInterval(purgeTimer);
    await writer.close();
    await notifier.close();
    await webhooks.close();
    await live.close();
  });

  await app.register(trackingRoutes, { recorder });
  answerEarly(fast.answerEarly);
  const activity = trackingActivity({
    store,
    hub,
    live,
    vapid,
    publicUrl: () => app.mailtrail.publicUrl(),
    streams: streams.signal,
    pushServices: config.tracking.pushServices,
    logger: log,
  });
  return { activity, notifier };
}
