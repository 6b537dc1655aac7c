import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OwnerListQuery, OwnerPage, OwnerReadParams, OwnerReadQuery, PublicOwner } from '../../../contract/crm-owners';
import { accountScope } from '../../auth';
import { notFound } from '../../core/api-error';
import type { User } from '../../store/users';
import { errorResponses } from './errors';

/** A user as HubSpot shows an owner: the owner id is the user id; the name splits at its first space. */
export function toOwner(user: User): PublicOwner {
  const [firstName, ...rest] = user.name.trim().split(/\s+/);
  return {
    id: String(user.id),
    email: user.email,
    firstName: firstName ?? '',
    lastName: rest.join(' '),
    userId: user.id,
    userIdIncludingInactive: user.id,
    type: 'PERSON',
    teams: [],
    archived: false,
    createdAt: new Date(user.createdAt).toISOString(),
    updatedAt: new Date(user.updatedAt).toISOString(),
  };
}

/** `/crm/v3/owners`: the account's users, who own contacts, companies, deals and logged emails. */
export const ownerRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['CRM owners'];

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'List owners, or find one by email',
        querystring: OwnerListQuery,
        response: { 200: OwnerPage, ...errorResponses },
      },
    },
    async (request) => {
      const { email, after, limit, archived } = request.query;
      // Users are never archived in mailtrail, so the archived list is empty.
      if (archived === 'true') return { results: [] };
      const users = await accountScope(request).users.list({
        email,
        limit: limit + 1,
        after: after === undefined ? undefined : Number(after),
      });
      const page = users.slice(0, limit);
      return {
        results: page.map(toOwner),
        ...(users.length > limit && { paging: { next: { after: String(page[page.length - 1].id) } } }),
      };
    },
  );

  app.get(
    '/:ownerId',
    {
      schema: {
        tags,
        summary: 'Read an owner',
        params: OwnerReadParams,
        querystring: OwnerReadQuery,
        response: { 200: PublicOwner, ...errorResponses },
      },
    },
    async (request) => {
      const user =
        request.query.archived === 'true'
          ? undefined
          : await accountScope(request).users.get(Number(request.params.ownerId));
      if (!user) throw notFound(`No owner ${request.params.ownerId} in this account`);
      return toOwner(user);
    },
  );
};
