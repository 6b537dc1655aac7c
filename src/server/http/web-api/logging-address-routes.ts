import type { FastifyInstance } from 'fastify';
import type { LoggingAddresses } from '../../../contract/web';
import { personalAddress, routingAddress } from '../../accounts/logging-addresses';
import { forbidden } from '../../core/api-error';
import type { Store } from '../../store';
import { guard } from './session';
import { refusals } from './refusals';

/**
 * The addresses that log without Apply (L11): the signed-in user's personal address, and for super admins the
 * account's routing address. Each shown only to who needs it, and replaceable (the old one is then refused).
 */
export async function loggingAddressRoutes(app: FastifyInstance, opts: { store: Store }) {
  app.addHook('preHandler', (request) => guard(opts.store, request, false));
  const answer = async (request: Parameters<typeof guard>[1], rotate: { personal?: boolean; routing?: boolean }) => {
    const { scope, user } = request.web!;
    const admin = user.role === 'super_admin';
    return {
      bccAddress: await personalAddress(scope, user.id, { rotate: rotate.personal }),
      routingAddress: admin ? await routingAddress(scope, { rotate: rotate.routing }) : null,
    } satisfies LoggingAddresses;
  };

  app.get('/logging-addresses', (request) => answer(request, {}));
  app.post('/logging-addresses/personal/rotate', (request) => answer(request, { personal: true }));
  app.post('/logging-addresses/routing/rotate', async (request) => {
    if (request.web!.user.role !== 'super_admin') throw forbidden(refusals(request).adminsOnlyRouting);
    return answer(request, { routing: true });
  });
}
