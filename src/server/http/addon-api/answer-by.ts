import type { FastifyInstance } from 'fastify';
import { STILL_WORKING } from '../../../contract/addon';
import { ApiError } from '../../core/api-error';

/**
 * Answers every route of the group within `ms`, whatever the work waits for (a locked table, a slow disk): past it
 * the caller gets a 503 that says to try again, and the work goes on and commits. Gmail would otherwise end the
 * add-on's callback at 30 s with its own generic error. Safe because every add-on write is idempotent: the retry
 * finds what the late work stored. Call inside the group plugin, before its routes.
 */
export function answerBy(app: FastifyInstance, ms: number): void {
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function (request, reply) {
      const work = Promise.resolve(handler.call(this, request, reply));
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          work.then(
            () => request.log.warn({ route: route.url }, `add-on call finished after its ${ms} ms answer`),
            (err: unknown) =>
              request.log.error({ err, route: route.url }, `add-on call failed after its ${ms} ms answer`),
          );
          reject(
            new ApiError(
              503,
              STILL_WORKING,
              `mailtrail is still working on this after ${ms / 1000} s (the database is slow or busy). Try again in a moment: what was asked is done once, never twice.`,
              {},
              { 'retry-after': '5' },
            ),
          );
        }, ms);
      });
      return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
    };
  });
}
