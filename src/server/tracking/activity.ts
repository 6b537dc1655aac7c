import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AddonActivity } from '../addon-api';
import type { EventHub } from '../notify/hub';
import { streamKey } from '../notify/notifier';
import { streamEvents } from '../notify/sse';
import type { VapidKeys } from '../notify/vapid';
import type { Store } from '../store';
import { TrackingRepo } from '../store/tracking';
import type { ActivitySource } from '../web-api';
import { lastDays } from '../web-api/activity';
import { validationError } from '../web-api/errors';
import { emailEvents, feedPage } from './feed';

/**
 * Tracking as the web app and the add-on read it: the feed, one email's events, the live stream, the dashboard
 * numbers and Web Push subscriptions. One object serves both, so both show the same thing.
 */
export function trackingActivity(o: {
  store: Store;
  hub: EventHub;
  vapid: VapidKeys;
  publicUrl: () => string;
  streams: AbortSignal;
  dev: boolean;
}): ActivitySource & AddonActivity {
  const repo = (accountId: number) => new TrackingRepo(o.store.forAccount(accountId));
  return {
    feed: (accountId, userId, page) => feedPage(o.store.forAccount(accountId), userId, page, o.publicUrl()),
    events: (accountId, intentId) => emailEvents(o.store.forAccount(accountId), intentId),

    async stream(request: FastifyRequest, reply: FastifyReply, accountId: number, userId: number) {
      reply.hijack();
      await streamEvents(reply.raw, {
        hub: o.hub,
        userId: streamKey(accountId, userId),
        lastEventId: request.headers['last-event-id'],
        signal: o.streams,
      });
    },

    async dashboard(accountId, userId, days) {
      const dayList = lastDays(days);
      const rows = new Map((await repo(accountId).daily(userId, dayList[0])).map((r) => [r.day, r]));
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
      // Browsers' push services are all https; anything else would have the server post to a place of the user's choosing.
      if (!o.dev && new URL(subscription.endpoint).protocol !== 'https:')
        throw validationError('A push subscription endpoint must be an https URL, as browsers give them.');
      await repo(accountId).addPushSubscription(userId, subscription);
    },
    unsubscribe: (accountId, userId, endpoint) => repo(accountId).removePushSubscription(userId, endpoint),
  };
}
