import type { FastifyReply, FastifyRequest } from 'fastify';
import { EventHub } from '../notify/hub';
import { streamEvents } from '../notify/sse';
import type { ActivitySource } from './feed-routes';
import { validationError } from './errors';

/**
 * The activity source while no tracking module is wired into the app: an empty feed, a live stream on a hub of its
 * own (so the page shows it is connected), and no Web Push. The server's tracking wiring replaces it.
 */
export function idleActivity(): ActivitySource {
  const hub = new EventHub();
  return {
    feed: async () => ({ items: [], next: null }),
    stream: async (request: FastifyRequest, reply: FastifyReply, accountId: number, userId: number) => {
      reply.hijack();
      await streamEvents(reply.raw, {
        hub,
        userId: `${accountId}:${userId}`,
        lastEventId: request.headers['last-event-id'],
      });
    },
    dashboard: async (_accountId, _userId, days) =>
      lastDays(days).map((day) => ({ day, humanOpens: 0, machineOpens: 0, humanClicks: 0, machineClicks: 0 })),
    vapidPublicKey: () => {
      throw validationError('Web Push is not set up on this server yet (no VAPID keys).');
    },
    subscribe: async () => {
      throw validationError('Web Push is not set up on this server yet (no VAPID keys).');
    },
    unsubscribe: async () => {},
  };
}

/** The last `days` calendar days (UTC), oldest first, as YYYY-MM-DD. */
export function lastDays(days: number, now = Date.now()): string[] {
  const today = Math.floor(now / 86_400_000);
  return Array.from({ length: days }, (_, i) =>
    new Date((today - days + 1 + i) * 86_400_000).toISOString().slice(0, 10),
  );
}
