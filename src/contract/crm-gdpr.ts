import * as z from 'zod/mini';

/**
 * `POST /crm/v3/objects/contacts/gdpr-delete`, HubSpot's `PublicGdprDeleteInput`: the contact by id, or by address
 * with `idProperty: "email"`.
 */
export const GdprDeleteInput = z.object({
  objectId: z.string().check(z.minLength(1), z.maxLength(254)),
  idProperty: z.optional(z.enum(['hs_object_id', 'email'])),
});
export type GdprDeleteInput = z.infer<typeof GdprDeleteInput>;
