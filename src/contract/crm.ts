import * as z from 'zod/mini';

/**
 * The CRM objects mailtrail keeps, in HubSpot's CRM v3 wire dialect. Paths use the plural name; HubSpot also
 * accepts the singular and the object type id ("0-1"), and so do we.
 */
export const OBJECT_TYPES = ['contacts', 'companies', 'deals', 'emails', 'notes', 'tickets', 'tasks'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

export const OBJECT_TYPE_IDS: Record<ObjectType, string> = {
  contacts: '0-1',
  companies: '0-2',
  deals: '0-3',
  emails: '0-49',
  notes: '0-46',
  tickets: '0-5',
  tasks: '0-27',
};
export const OBJECT_SINGULAR: Record<ObjectType, string> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  emails: 'email',
  notes: 'note',
  tickets: 'ticket',
  tasks: 'task',
};

/** The types with pipelines: the property naming the pipeline and the one naming the stage. */
export const PIPELINE_PROPERTIES = {
  deals: { pipeline: 'pipeline', stage: 'dealstage' },
  tickets: { pipeline: 'hs_pipeline', stage: 'hs_pipeline_stage' },
} as const;
export type PipelineObjectType = keyof typeof PIPELINE_PROPERTIES;
export function hasPipelines(type: ObjectType): type is PipelineObjectType {
  return type in PIPELINE_PROPERTIES;
}

const OBJECT_TYPE_ALIASES: Record<string, ObjectType> = Object.fromEntries(
  OBJECT_TYPES.flatMap((t) => [
    [t, t],
    [OBJECT_SINGULAR[t], t],
    [OBJECT_TYPE_IDS[t], t],
  ]),
);

/** The canonical object type for a path segment, or undefined when it names no object mailtrail keeps. */
export function objectTypeOf(segment: string): ObjectType | undefined {
  const key = segment.toLowerCase();
  // Own keys only: `constructor` or `__proto__` must not find Object's.
  return Object.prototype.hasOwnProperty.call(OBJECT_TYPE_ALIASES, key) ? OBJECT_TYPE_ALIASES[key] : undefined;
}

/** A path segment naming an object type, canonicalised; the message is HubSpot's own wording for a bad one. */
export const ObjectTypeParam = z.pipe(
  z.string().check(
    z.refine((s) => objectTypeOf(s) !== undefined, {
      error: (i) => `Unable to infer object type from: ${String(i.input)}`,
    }),
  ),
  z.transform((s) => objectTypeOf(s) as ObjectType),
);

/** Record ids are numeric strings on the wire; clients may send numbers. */
export const ObjectId = z.pipe(
  z.union([
    z.string().check(z.regex(/^\d{1,18}$/, 'must be a numeric record id such as "512"')),
    z.int().check(z.nonnegative()),
  ]),
  z.transform((v) => String(v)),
);

// ---------------------------------------------------------------------------------------------------------------
// Property values: HubSpot answers every value as a string; clients may send numbers and booleans for typed ones.

export const PropertyValueInput = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const PropertiesInput = z.record(z.string().check(z.minLength(1), z.maxLength(100)), PropertyValueInput);
export type PropertiesInput = z.infer<typeof PropertiesInput>;
/** Values on reads: strings only; a property without a value is left out (docs/api.md, "Empty properties"). */
export const Properties = z.record(z.string(), z.string());
export type Properties = z.infer<typeof Properties>;

export const AssociationCategory = z.enum(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED']);
export const AssociationSpec = z.object({
  associationCategory: AssociationCategory,
  associationTypeId: z.int().check(z.positive()),
});
export type AssociationSpec = z.infer<typeof AssociationSpec>;

export const InlineAssociation = z.object({
  to: z.object({ id: ObjectId }),
  types: z.array(AssociationSpec).check(z.minLength(1), z.maxLength(10)),
});
export type InlineAssociation = z.infer<typeof InlineAssociation>;

export const ObjectCreateInput = z.object({
  properties: PropertiesInput,
  associations: z.optional(z.array(InlineAssociation).check(z.maxLength(100))),
});
export type ObjectCreateInput = z.infer<typeof ObjectCreateInput>;

export const ObjectUpdateInput = z.object({ properties: PropertiesInput });

// ---------------------------------------------------------------------------------------------------------------
// Records on the wire.

export const SimplePublicObject = z.object({
  id: z.string(),
  properties: Properties,
  createdAt: z.string(),
  updatedAt: z.string(),
  archived: z.boolean(),
  archivedAt: z.optional(z.string()),
});
export type SimplePublicObject = z.infer<typeof SimplePublicObject>;

export const NextPage = z.object({ after: z.string(), link: z.optional(z.string()) });
export const Paging = z.object({ next: z.optional(NextPage) });

/** v3 association summaries on a record read with `?associations=`: one entry per (record, type). */
export const V3AssociationList = z.object({
  results: z.array(z.object({ id: z.string(), type: z.string() })),
  paging: z.optional(Paging),
});

export const SimplePublicObjectWithAssociations = z.extend(SimplePublicObject, {
  associations: z.optional(z.record(z.string(), V3AssociationList)),
});
export type SimplePublicObjectWithAssociations = z.infer<typeof SimplePublicObjectWithAssociations>;

export const ObjectPage = z.object({
  results: z.array(SimplePublicObjectWithAssociations),
  paging: z.optional(Paging),
});

// ---------------------------------------------------------------------------------------------------------------
// Query strings. Lists arrive as `a,b` or as repeated parameters.

export const CsvList = z.pipe(
  z.union([z.string(), z.array(z.string())]),
  z.transform((v) =>
    (Array.isArray(v) ? v : [v])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean),
  ),
);

export const BooleanParam = z.pipe(
  z.enum(['true', 'false']),
  z.transform((v) => v === 'true'),
);

/** A whole number in a query string, between 1 and `max`, `fallback` when absent. */
export const LimitParam = (max: number, fallback: number) =>
  z._default(
    z.pipe(
      z.string().check(z.regex(/^\d{1,9}$/, 'must be a whole number')),
      z.pipe(
        z.transform((v: string) => Number(v)),
        z.int().check(z.minimum(1), z.maximum(max)),
      ),
    ),
    fallback,
  );

export const ListQuery = z.object({
  limit: LimitParam(100, 10),
  after: z.optional(
    z.string().check(z.regex(/^\d{1,18}$/, 'must be the paging.next.after value of the previous page')),
  ),
  properties: z.optional(CsvList),
  associations: z.optional(CsvList),
  archived: z.optional(BooleanParam),
});

export const ReadQuery = z.object({
  properties: z.optional(CsvList),
  associations: z.optional(CsvList),
  archived: z.optional(BooleanParam),
  idProperty: z.optional(z.string()),
});

export const ObjectPathParams = z.object({ objectType: ObjectTypeParam });
export const RecordPathParams = z.object({
  objectType: ObjectTypeParam,
  objectId: z.string().check(z.minLength(1), z.maxLength(254)),
});

// ---------------------------------------------------------------------------------------------------------------
// Batches. HubSpot caps batch inputs at 100.

export const BATCH_MAX = 100;

export const BatchReadInput = z.object({
  inputs: z
    .array(z.object({ id: z.union([z.string().check(z.minLength(1), z.maxLength(254)), z.number()]) }))
    .check(z.maxLength(BATCH_MAX)),
  properties: z.optional(z.array(z.string())),
  propertiesWithHistory: z.optional(z.array(z.string())),
  idProperty: z.optional(z.string()),
});

export const BatchCreateInput = z.object({ inputs: z.array(ObjectCreateInput).check(z.maxLength(BATCH_MAX)) });

export const BatchUpdateInput = z.object({
  inputs: z
    .array(
      z.object({
        id: z.union([z.string().check(z.minLength(1), z.maxLength(254)), z.number()]),
        idProperty: z.optional(z.string()),
        properties: PropertiesInput,
      }),
    )
    .check(z.maxLength(BATCH_MAX)),
});

/** `batch/upsert`: by `email` (contacts) or a custom property with unique values, or by record id. */
export const BatchUpsertInput = z.object({
  inputs: z
    .array(
      z.object({
        id: z.union([z.string().check(z.minLength(1), z.maxLength(254)), z.number()]),
        idProperty: z.optional(z.string()),
        objectWriteTraceId: z.optional(z.string()),
        properties: PropertiesInput,
      }),
    )
    .check(z.maxLength(BATCH_MAX)),
});

/** `POST /crm/v3/objects/{type}/merge`: the types HubSpot merges. */
export const MERGEABLE_TYPES: readonly ObjectType[] = ['contacts', 'companies', 'deals', 'tickets'];
export const MergeInput = z.object({ primaryObjectId: ObjectId, objectIdToMerge: ObjectId });

export const BatchArchiveInput = z.object({
  inputs: z.array(z.object({ id: ObjectId })).check(z.maxLength(BATCH_MAX)),
});

/**
 * One failed input of a 207. HubSpot's spec declares this `subCategory` an object while its `Error.subCategory` and
 * `ErrorDetail.subCategory` are strings; mailtrail leaves it out here and names the sub-category in `errors[]`, where
 * a string is what every reading of the spec expects (docs/api.md, "Where the spec contradicts itself").
 */
export const StandardError = z.object({
  status: z.literal('error'),
  category: z.string(),
  message: z.string(),
  context: z.record(z.string(), z.array(z.string())),
  errors: z.array(z.object({ message: z.string(), code: z.optional(z.string()), subCategory: z.optional(z.string()) })),
  links: z.record(z.string(), z.string()),
  id: z.optional(z.string()),
});
export type StandardError = z.infer<typeof StandardError>;

export const BatchStatus = z.enum(['PENDING', 'PROCESSING', 'CANCELED', 'COMPLETE']);

export const batchResponse = <T extends z.ZodMiniType>(result: T) =>
  z.object({
    status: BatchStatus,
    results: z.array(result),
    requestedAt: z.optional(z.string()),
    startedAt: z.string(),
    completedAt: z.string(),
    numErrors: z.optional(z.int()),
    errors: z.optional(z.array(StandardError)),
  });

export const ObjectBatchResponse = batchResponse(SimplePublicObject);
/** An upserted record says whether it was created (`new`). */
export const ObjectUpsertBatchResponse = batchResponse(z.extend(SimplePublicObject, { new: z.boolean() }));

// ---------------------------------------------------------------------------------------------------------------
// Errors: HubSpot's shape. `correlationId` also comes back in the X-HubSpot-Correlation-Id header.

export const ErrorCategory = z.enum([
  'VALIDATION_ERROR',
  'INVALID_AUTHENTICATION',
  'MISSING_SCOPES',
  'OBJECT_NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITS',
  'INTERNAL_ERROR',
  'TIMEOUT',
]);
export type ErrorCategory = z.infer<typeof ErrorCategory>;

export const ErrorBody = z.object({
  status: z.literal('error'),
  message: z.string(),
  correlationId: z.string(),
  category: z.string(),
  subCategory: z.optional(z.string()),
  context: z.optional(z.record(z.string(), z.array(z.string()))),
  errors: z.optional(
    z.array(z.object({ message: z.string(), code: z.optional(z.string()), in: z.optional(z.string()) })),
  ),
  policyName: z.optional(z.string()),
  errorType: z.optional(z.string()),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
