import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import type { Dashboard, Feed } from '../../../contract/web';
import type { Store } from '../../store';
import type { Activity } from '../../tracking/notify/activity';
import { validationError } from '../../core/api-error';
import { guard } from './session';
import { REFERRER_POLICY, securityHeaders } from '../security-headers';
import { refusals } from './refusals';
import { requestLanguage } from '../language';

const PushSubscription = z.object({
  endpoint: z.url({ protocol: /^https?$/ }),
  expirationTime: z.optional(z.nullable(z.number())),
  keys: z.object({
    p256dh: z.string().check(z.minLength(1), z.maxLength(200)),
    auth: z.string().check(z.minLength(1), z.maxLength(100)),
  }),
});

/** The activity feed (T3), its live stream (T4), Web Push subscriptions and the dashboard chart's numbers. */
export async function feedRoutes(app: FastifyInstance, opts: { store: Store; activity: Activity }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { activity } = opts;
  r.addHook('preHandler', (request) => guard(opts.store, request, false));

  r.get(
    '/feed',
    { schema: { querystring: z.object({ after: z.optional(z.string().check(z.maxLength(200))) }) } },
    async (request): Promise<Feed> => {
      const { account, user } = request.web!;
      const page = await activity.feed(
        account.id,
        user.id,
        { after: request.query.after, limit: 50 },
        requestLanguage(request, user),
      );
      return { results: page.items, next: page.next };
    },
  );

  r.get('/feed/stream', async (request, reply) => {
    const { account, user } = request.web!;
    // A hijacked answer passes no hook: the stream carries the security headers itself.
    reply.raw.setHeaders(
      new Map(Object.entries({ ...securityHeaders(request.url), 'referrer-policy': REFERRER_POLICY })),
    );
    reply.hijack();
    await activity.stream(reply.raw, request.headers['last-event-id'], account.id, user.id);
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
      if (!request.body.endpoint) throw validationError(refusals(request).noEndpoint);
      await activity.unsubscribe(account.id, user.id, request.body.endpoint);
      return reply.code(204).send();
    },
  );
}
