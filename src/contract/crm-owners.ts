import * as z from 'zod/mini';
import { LimitParam } from './crm';

/** `/crm/v3/owners`: an account's owners are its users; the owner id and the user id are the same number. */
export const PublicOwner = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  userId: z.int(),
  userIdIncludingInactive: z.int(),
  type: z.enum(['PERSON', 'QUEUE']),
  teams: z.array(z.object({ id: z.string(), name: z.string(), primary: z.boolean() })),
  archived: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PublicOwner = z.infer<typeof PublicOwner>;

export const OwnerPage = z.object({
  results: z.array(PublicOwner),
  paging: z.optional(z.object({ next: z.optional(z.object({ after: z.string(), link: z.optional(z.string()) })) })),
});

export const OwnerListQuery = z.object({
  email: z.optional(z.string().check(z.maxLength(254))),
  after: z.optional(
    z.string().check(z.regex(/^\d{1,18}$/, 'must be the paging.next.after value of the previous page')),
  ),
  limit: LimitParam(500, 100),
  archived: z.optional(z.enum(['true', 'false'])),
});

export const OwnerReadParams = z.object({
  ownerId: z.string().check(z.regex(/^\d{1,18}$/, 'must be a numeric owner id')),
});
export const OwnerReadQuery = z.object({
  idProperty: z._default(z.enum(['id', 'userId']), 'id'),
  archived: z.optional(z.enum(['true', 'false'])),
});
