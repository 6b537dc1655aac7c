import type { FastifyBaseLogger } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { TrackedEvent } from '../../../contract/addon';
import type { Language } from '../../../contract/language';
import type { Dashboard, FeedItem } from '../../../contract/web';
import { conflict, validationError } from '../../core/api-error';
import type { EventHub } from './hub';
import type { LiveFeed } from './live-feed';
import { streamKey } from './notifier';
import { streamEvents } from './sse';
import type { VapidKeys } from './vapid';
import { isAllowedPushEndpoint } from './web-push';
import type { Store } from '../../store';
import { emailEvents, feedPage, loggedItems } from '../feed';

/**
 * Tracking as the web app and the add-on read it, per user: the HTTP surfaces add the session or the ID token,
 * nothing else.
 */
export type Activity = {
  feed(
    accountId: number,
    userId: number,
    page: { after?: string; limit: number },
    /** The reader's: why a label was given is said in it. */
    language: Language,
  ): Promise<{ items: FeedItem[]; next: string | null }>;
  /** Opens and clicks of the email sent for this intent, newest first. */
  events(
    accountId: number,
    intentId: number,
    language: Language,
  ): Promise<{ opens: TrackedEvent[]; clicks: TrackedEvent[] }>;
  /** Streams the user's feed items as SSE `feed` events on a response the caller gave up, resuming after Last-Event-ID. */
  stream(
    response: ServerResponse,
    lastEventId: string | string[] | undefined,
    accountId: number,
    userId: number,
  ): Promise<void>;
  dashboard(accountId: number, userId: number, days: number): Promise<Dashboard['days']>;
  vapidPublicKey(): string;
  subscribe(
    accountId: number,
    userId: number,
    subscription: { endpoint: string; keys: { p256dh: string; auth: string } },
  ): Promise<void>;
  unsubscribe(accountId: number, userId: number, endpoint: string): Promise<void>;
  /**
   * Emails the user just logged: their *Logged* items reach their open feeds now (stored, so a stream that
   * reconnects gets them too). Never fails the logging: a problem is logged and the items wait for a reload.
   */
  logged(accountId: number, userId: number, emailIds: number[]): Promise<void>;
};

/** The last `days` calendar days (UTC), oldest first, as YYYY-MM-DD. */
function lastDays(days: number, now = Date.now()): string[] {
  const today = Math.floor(now / 86_400_000);
  return Array.from({ length: days }, (_, i) =>
    new Date((today - days + 1 + i) * 86_400_000).toISOString().slice(0, 10),
  );
}

/** The one Activity of the server: the web app and the add-on read the same thing. */
export function trackingActivity(o: {
  store: Store;
  hub: EventHub;
  live: LiveFeed;
  vapid: VapidKeys;
  publicUrl: () => string;
  streams: AbortSignal;
  /** Origins push endpoints may point at (the `--push-service` setting). */
  pushServices: readonly string[];
  logger: FastifyBaseLogger;
}): Activity {
  return {
    feed: (accountId, userId, page, language) =>
      feedPage(o.store.forAccount(accountId), userId, page, o.publicUrl(), language),
    events: (accountId, intentId, language) => emailEvents(o.store.forAccount(accountId), intentId, language),

    stream: (response, lastEventId, accountId, userId) =>
      streamEvents(response, { hub: o.hub, userId: streamKey(accountId, userId), lastEventId, signal: o.streams }),

    async dashboard(accountId, userId, days) {
      const dayList = lastDays(days);
      const rows = new Map(
        (await o.store.forAccount(accountId).tracking.daily(userId, dayList[0])).map((r) => [r.day, r]),
      );
      return dayList.map((day) => {
        const r = rows.get(day);
        return {
          day,
          humanOpens: r?.person_opens ?? 0,
          machineOpens: r?.machine_opens ?? 0,
          humanClicks: r?.person_clicks ?? 0,
          machineClicks: r?.machine_clicks ?? 0,
        };
      });
    },

    vapidPublicKey: () => o.vapid.publicKey,
    subscribe: async (accountId, userId, subscription) => {
      if (!isAllowedPushEndpoint(subscription.endpoint, o.pushServices))
        throw validationError(
          `A push subscription endpoint must be at one of the browsers' push services (${o.pushServices.join(', ')}); this server posts nowhere else.`,
        );
      if (!(await o.store.forAccount(accountId).push.subscribe(userId, subscription)))
        throw conflict(
          'This push endpoint is already registered to someone else. Turn notifications off and on again in this browser for an endpoint of your own.',
        );
    },
    unsubscribe: (accountId, userId, endpoint) => o.store.forAccount(accountId).push.unsubscribe(userId, endpoint),

    async logged(accountId, userId, emailIds) {
      if (!emailIds.length) return;
      try {
        const scope = o.store.forAccount(accountId);
        const items = await loggedItems(scope, userId, emailIds, o.publicUrl());
        for (const [emailId, item] of items)
          await scope.notifications.add({ userId, intentId: null, eventId: null, emailId, item, at: Date.now() });
        if (items.size) o.live.stored();
      } catch (err) {
        o.logger.error({ err, accountId, emailIds }, 'Logged items did not reach the live feed; they show on reload');
      }
    },
  };
}
