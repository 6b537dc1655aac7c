import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { isAddress } from '../../../contract/addresses';
import { ObjectPathParams } from '../../../contract/crm';
import { GdprDeleteInput } from '../../../contract/crm-gdpr';
import { accountScope } from '../../auth';
import { notFound, validationError } from '../../core/api-error';
import { errorResponses } from './errors';
import { gdprDeleteContact } from '../../crm/erase';

/** `/crm/v3/objects/contacts/gdpr-delete`: erase a contact for good (archiving keeps it restorable). */
export const gdprRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/:objectType/gdpr-delete',
    {
      schema: {
        tags: ['CRM objects'],
        summary:
          "Delete a contact for good and erase who they were from tracking (counts stay, anonymous); by id, or by address with idProperty 'email'",
        params: ObjectPathParams,
        body: GdprDeleteInput,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      if (request.params.objectType !== 'contacts')
        throw validationError(
          `GDPR delete is for contacts only; archive ${request.params.objectType} with DELETE instead. Nothing was deleted.`,
        );
      const { objectId, idProperty } = request.body;
      const scope = accountScope(request);
      if (idProperty === 'email') {
        if (!isAddress(objectId))
          throw validationError(`${JSON.stringify(objectId)} is not an email address. Nothing was deleted.`);
        await gdprDeleteContact(scope, { email: objectId });
      } else {
        if (!/^\d{1,18}$/.test(objectId))
          throw validationError(
            `${JSON.stringify(objectId)} is not a contact id: to name the contact by address, add "idProperty": "email". Nothing was deleted.`,
          );
        if (!(await gdprDeleteContact(scope, { id: Number(objectId) }))) {
          throw notFound(
            `No contact ${objectId} in this account. To erase an address that is no contact's from tracking, send it with "idProperty": "email".`,
          );
        }
      }
      return reply.code(204).send(null);
    },
  );
};
