import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';

/** `GET /healthz`: 200 when the database answers, 503 when it does not (for load balancers and orchestrators). */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        hide: true,
        response: {
          200: z.object({ status: z.literal('ok'), database: z.string() }),
          503: z.object({ status: z.literal('unavailable'), message: z.string() }),
        },
      },
    },
    async (_request, reply) => {
      const { store } = app.mailtrail;
      try {
        await store.ping();
        return { status: 'ok' as const, database: store.dialect };
      } catch (err) {
        return reply.code(503).send({
          status: 'unavailable' as const,
          message: `the database does not answer: ${err instanceof Error ? err.message : String(err)}`,
        });
      }
    },
  );
};
