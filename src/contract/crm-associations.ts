import * as z from 'zod/mini';
import { AssociationSpec, LimitParam, ObjectId, ObjectTypeParam, batchResponse, type ObjectType } from './crm';

/**
 * HubSpot's HUBSPOT_DEFINED association types between the objects mailtrail keeps (the ids come from
 * `@hubspot/api-client` `AssociationTypes`). Each one has a reverse; writing one direction writes both.
 * The primary ones (a contact's or a deal's main company) always come with their unlabelled twin.
 */
export type AssociationTypeDef = {
  typeId: number;
  from: ObjectType;
  to: ObjectType;
  /** The v3 name a record read with `?associations=` shows. */
  name: string;
  label: string | null;
  reverse: number;
  /** The type a default (unlabelled) association between these two types uses. */
  isDefault: boolean;
  /** A primary type: at most one per record, and it implies the default type too. */
  primaryOf?: number;
  /** HubSpot's own types are HUBSPOT_DEFINED; an account's custom labels USER_DEFINED. */
  category?: 'HUBSPOT_DEFINED' | 'USER_DEFINED';
  /** A custom label comes with the default type between the two records, as in HubSpot. */
  withDefault?: number;
};

const def = (
  typeId: number,
  from: ObjectType,
  to: ObjectType,
  name: string,
  reverse: number,
  extra: Partial<AssociationTypeDef> = {},
): AssociationTypeDef => ({
  typeId,
  from,
  to,
  name,
  label: null,
  reverse,
  isDefault: true,
  ...extra,
});

export const ASSOCIATION_TYPES: AssociationTypeDef[] = [
  def(198, 'emails', 'contacts', 'email_to_contact', 197),
  def(197, 'contacts', 'emails', 'contact_to_email', 198),
  def(186, 'emails', 'companies', 'email_to_company', 185),
  def(185, 'companies', 'emails', 'company_to_email', 186),
  def(210, 'emails', 'deals', 'email_to_deal', 209),
  def(209, 'deals', 'emails', 'deal_to_email', 210),
  def(279, 'contacts', 'companies', 'contact_to_company_unlabeled', 280),
  def(280, 'companies', 'contacts', 'company_to_contact_unlabeled', 279),
  def(1, 'contacts', 'companies', 'contact_to_company', 2, { label: 'Primary', isDefault: false, primaryOf: 279 }),
  def(2, 'companies', 'contacts', 'company_to_contact', 1, { label: 'Primary', isDefault: false, primaryOf: 280 }),
  def(4, 'contacts', 'deals', 'contact_to_deal', 3),
  def(3, 'deals', 'contacts', 'deal_to_contact', 4),
  def(341, 'deals', 'companies', 'deal_to_company_unlabeled', 342),
  def(342, 'companies', 'deals', 'company_to_deal_unlabeled', 341),
  def(5, 'deals', 'companies', 'deal_to_company', 6, { label: 'Primary', isDefault: false, primaryOf: 341 }),
  def(6, 'companies', 'deals', 'company_to_deal', 5, { label: 'Primary', isDefault: false, primaryOf: 342 }),
  // Notes and tasks are engagements, associated like emails.
  def(202, 'notes', 'contacts', 'note_to_contact', 201),
  def(201, 'contacts', 'notes', 'contact_to_note', 202),
  def(190, 'notes', 'companies', 'note_to_company', 189),
  def(189, 'companies', 'notes', 'company_to_note', 190),
  def(214, 'notes', 'deals', 'note_to_deal', 213),
  def(213, 'deals', 'notes', 'deal_to_note', 214),
  def(228, 'notes', 'tickets', 'note_to_ticket', 227),
  def(227, 'tickets', 'notes', 'ticket_to_note', 228),
  def(204, 'tasks', 'contacts', 'task_to_contact', 203),
  def(203, 'contacts', 'tasks', 'contact_to_task', 204),
  def(192, 'tasks', 'companies', 'task_to_company', 191),
  def(191, 'companies', 'tasks', 'company_to_task', 192),
  def(216, 'tasks', 'deals', 'task_to_deal', 215),
  def(215, 'deals', 'tasks', 'deal_to_task', 216),
  def(230, 'tasks', 'tickets', 'task_to_ticket', 229),
  def(229, 'tickets', 'tasks', 'ticket_to_task', 230),
  def(224, 'emails', 'tickets', 'email_to_ticket', 223),
  def(223, 'tickets', 'emails', 'ticket_to_email', 224),
  def(16, 'tickets', 'contacts', 'ticket_to_contact', 15),
  def(15, 'contacts', 'tickets', 'contact_to_ticket', 16),
  def(339, 'tickets', 'companies', 'ticket_to_company_unlabeled', 340),
  def(340, 'companies', 'tickets', 'company_to_ticket_unlabeled', 339),
  def(26, 'tickets', 'companies', 'ticket_to_company', 25, { label: 'Primary', isDefault: false, primaryOf: 339 }),
  def(25, 'companies', 'tickets', 'company_to_ticket', 26, { label: 'Primary', isDefault: false, primaryOf: 340 }),
  def(28, 'tickets', 'deals', 'ticket_to_deal', 27),
  def(27, 'deals', 'tickets', 'deal_to_ticket', 28),
];

const BY_ID = new Map(ASSOCIATION_TYPES.map((t) => [t.typeId, t]));

export function associationType(typeId: number): AssociationTypeDef | undefined {
  return BY_ID.get(typeId);
}

/** The unlabelled type from one object type to another, or undefined when the two cannot be associated. */
export function defaultAssociationType(from: ObjectType, to: ObjectType): AssociationTypeDef | undefined {
  return ASSOCIATION_TYPES.find((t) => t.from === from && t.to === to && t.isDefault);
}

/** Which ones the add-on and BCC logging use, by name, so no one else hard-codes the numbers. */
export const ASSOCIATION_TYPE_IDS = {
  emailToContact: 198,
  emailToCompany: 186,
  emailToDeal: 210,
  contactToCompany: 279,
  contactToCompanyPrimary: 1,
  contactToDeal: 4,
  dealToCompany: 341,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// v4 wire shapes.

export const AssociationTypeOnWire = z.object({
  category: z.enum(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED']),
  typeId: z.int(),
  /** Left out for an unlabelled type: the spec has an optional string, not a nullable one. */
  label: z.optional(z.string()),
});

/** A string, as v3 ids: HubSpot's v4 spec moved `toObjectId` from integer to string in 2024-02. */
export const AssociatedObject = z.object({
  toObjectId: z.string(),
  associationTypes: z.array(AssociationTypeOnWire),
});
export type AssociatedObject = z.infer<typeof AssociatedObject>;

export const AssociationPage = z.object({
  results: z.array(AssociatedObject),
  paging: z.optional(z.object({ next: z.optional(z.object({ after: z.string(), link: z.optional(z.string()) })) })),
});

export const AssociationListParams = z.object({
  objectType: ObjectTypeParam,
  objectId: ObjectId,
  toObjectType: ObjectTypeParam,
});

export const AssociationListQuery = z.object({
  limit: LimitParam(500, 500),
  after: z.optional(
    z.string().check(z.regex(/^\d{1,18}$/, 'must be the paging.next.after value of the previous page')),
  ),
});

export const AssociationPairParams = z.object({
  fromObjectType: ObjectTypeParam,
  fromObjectId: ObjectId,
  toObjectType: ObjectTypeParam,
  toObjectId: ObjectId,
});

export const AssociationPairParamsV4 = z.object({
  objectType: ObjectTypeParam,
  objectId: ObjectId,
  toObjectType: ObjectTypeParam,
  toObjectId: ObjectId,
});

export const AssociationSpecList = z.array(AssociationSpec).check(z.minLength(1), z.maxLength(10));

/** A custom label: `name` is its internal name; `inverseLabel` names the other direction (the same label if absent). */
export const AssociationLabelCreate = z.object({
  label: z.string().check(z.minLength(1), z.maxLength(100)),
  name: z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^[A-Za-z0-9_]+$/, 'letters, digits and _ only')),
  inverseLabel: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
});
export const AssociationLabelUpdate = z.object({
  associationTypeId: z.int(),
  label: z.string().check(z.minLength(1), z.maxLength(100)),
  inverseLabel: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
});
export const AssociationLabelList = z.object({ results: z.array(AssociationTypeOnWire) });
export const AssociationLabelParams = z.object({
  fromObjectType: ObjectTypeParam,
  toObjectType: ObjectTypeParam,
  associationTypeId: z.pipe(
    z.string().check(z.regex(/^\d{1,9}$/, 'must be an association type id')),
    z.transform((v) => Number(v)),
  ),
});

export const BatchAssociationCreateInput = z.object({
  inputs: z
    .array(z.object({ from: z.object({ id: ObjectId }), to: z.object({ id: ObjectId }), types: AssociationSpecList }))
    .check(z.maxLength(100)),
});

export const LabelsBetweenObjectPair = z.object({
  fromObjectTypeId: z.string(),
  fromObjectId: z.string(),
  toObjectTypeId: z.string(),
  toObjectId: z.string(),
  labels: z.array(z.string()),
});

export const LabelsBetweenPairsResponse = batchResponse(LabelsBetweenObjectPair);

export const PublicDefaultAssociation = z.object({
  from: z.object({ id: z.string() }),
  to: z.object({ id: z.string() }),
  associationSpec: AssociationSpec,
});
export const DefaultAssociationResponse = batchResponse(PublicDefaultAssociation);

export const BatchAssociationParams = z.object({ fromObjectType: ObjectTypeParam, toObjectType: ObjectTypeParam });

export const BatchAssociationReadInput = z.object({
  inputs: z
    .array(z.object({ id: ObjectId, after: z.optional(z.string().check(z.regex(/^\d{1,18}$/))) }))
    .check(z.maxLength(1000)),
});

export const PublicAssociationMultiWithLabel = z.object({
  from: z.object({ id: z.string() }),
  to: z.array(AssociatedObject),
  paging: z.optional(z.object({ next: z.optional(z.object({ after: z.string(), link: z.optional(z.string()) })) })),
});
export const BatchAssociationReadResponse = batchResponse(PublicAssociationMultiWithLabel);

export const BatchDefaultAssociationInput = z.object({
  inputs: z
    .array(z.object({ from: z.object({ id: ObjectId }), to: z.object({ id: ObjectId }) }))
    .check(z.maxLength(100)),
});

export const BatchAssociationArchiveInput = z.object({
  inputs: z
    .array(
      z.object({ from: z.object({ id: ObjectId }), to: z.array(z.object({ id: ObjectId })).check(z.maxLength(100)) }),
    )
    .check(z.maxLength(100)),
});
