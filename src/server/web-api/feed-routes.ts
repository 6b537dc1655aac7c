import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import type { Dashboard, Feed, FeedItem } from '../../contract/web';
import type { Store } from '../store';
import { validationError } from './errors';
import { guard } from './session';

/**
 * What the tracking side offers the web app, per signed-in user. The web API only adds the session; reading
 * events, the SSE stream and Web Push are the tracking module's (one source for the add-on and the web app).
 */
export type ActivitySource = {
  feed(
    accountId: number,
    userId: number,
    page: { after?: string; limit: number },
  ): Promise<{ items: FeedItem[]; next: string | null }>;
  /** Takes over the reply and streams the user's feed items as SSE `feed` events, resuming after Last-Event-ID. */
  stream(request: FastifyRequest, reply: FastifyReply, accountId: number, userId: number): Promise<void> | void;
  dashboard(accountId: number, userId: number, days: number): Promise<Dashboard['days']>;
  vapidPublicKey(): string;
  subscribe(
    accountId: number,
    userId: number,
    subscription: { endpoint: string; keys: { p256dh: string; auth: string } },
  ): Promise<void>;
  unsubscribe(accountId: number, userId: number, endpoint: string): Promise<void>;
};

const PushSubscription = z.object({
  endpoint: z.url({ protocol: /^https?$/ }),
  expirationTime: z.optional(z.nullable(z.number())),
  keys: z.object({
    p256dh: z.string().check(z.minLength(1), z.maxLength(200)),
    auth: z.string().check(z.minLength(1), z.maxLength(100)),
  }),
});

/** The activity feed (T3), its live stream (T4), Web Push subscriptions and the dashboard chart's numbers. */
export async function feedRoutes(app: FastifyInstance, opts: { store: Store; activity: ActivitySource }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { activity } = opts;
  r.addHook('preHandler', (request) => guard(opts.store, request, false));

  r.get(
    '/feed',
    { schema: { querystring: z.object({ after: z.optional(z.string().check(z.maxLength(200))) }) } },
    async (request): Promise<Feed> => {
      const { account, user } = request.web!;
      const page = await activity.feed(account.id, user.id, { after: request.query.after, limit: 50 });
      return { results: page.items, next: page.next };
    },
  );

  r.get('/feed/stream', async (request, reply) => {
    const { account, user } = request.web!;
    await activity.stream(request, reply, account.id, user.id);
  });

  r.get(
    '/dashboard',
    {
      schema: {
        querystring: z.object({
          days: z.optional(
            z.string().check(z.regex(/^([1-9]|[1-9][0-9]|[1-2][0-9][0-9]|3[0-6][0-5])$/, 'must be 1 to 365')),
          ),
        }),
      },
    },
    async (request): Promise<Dashboard> => {
      const { account, user } = request.web!;
      return { days: await activity.dashboard(account.id, user.id, Number(request.query.days ?? 30)) };
    },
  );

  r.get('/push/key', async () => ({ publicKey: activity.vapidPublicKey() }));

  r.post('/push/subscriptions', { schema: { body: PushSubscription } }, async (request, reply) => {
    const { account, user } = request.web!;
    await activity.subscribe(account.id, user.id, request.body);
    return reply.code(204).send();
  });

  r.delete(
    '/push/subscriptions',
    { schema: { body: z.object({ endpoint: z.string().check(z.maxLength(2048)) }) } },
    async (request, reply) => {
      const { account, user } = request.web!;
      if (!request.body.endpoint) throw validationError('Say which subscription to remove (its endpoint).');
      await activity.unsubscribe(account.id, user.id, request.body.endpoint);
      return reply.code(204).send();
    },
  );
}
