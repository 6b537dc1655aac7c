import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { gdprDeleteContact } from '../../crm/erase';
import type { Store } from '../../store';
import { forbidden, notFound } from '../../core/api-error';
import { guard } from './session';
import { refusals } from './refusals';

const Id = z.string().check(z.regex(/^[1-9][0-9]{0,17}$/, 'must be a record id'));

/** A contact deleted for good from its page (GDPR, B3): super admins only, as HubSpot has it. */
export async function erasureRoutes(app: FastifyInstance, opts: { store: Store }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.addHook('preHandler', async (request) => {
    await guard(opts.store, request, false);
    if (request.web!.user.role !== 'super_admin') throw forbidden(refusals(request).adminsOnlyErase);
  });

  r.post('/records/contacts/:id/gdpr-delete', { schema: { params: z.object({ id: Id }) } }, async (request, reply) => {
    if (!(await gdprDeleteContact(request.web!.scope, { id: Number(request.params.id) }))) {
      throw notFound(refusals(request).noContact(request.params.id));
    }
    return reply.code(204).send();
  });
}
