import type { FastifyInstance } from 'fastify';

/** Gives every route of a group the group's body limit unless the route sets its own. Call inside the group plugin. */
export function bodyLimit(app: FastifyInstance, bytes: number): void {
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= bytes;
  });
}
