// HubSpot's CRM contract, as JSON Schemas of our own, for the contract test (hubspot-contract.test.ts).
//
// Written by reading HubSpot's OpenAPI files in github.com/HubSpot/HubSpot-public-api-spec-collection (snapshot
// 9989379, 2026-08-21). That repository has no LICENSE file; its README says the specifications "are proprietary to
// HubSpot and are not licensed for external use". So nothing of it is in this repository: no file, no excerpt, no
// description text. What is here is the wire contract a generated client relies on (field names, which are
// required, JSON types, string-vs-number, formats, enums, nullability, closed maps), restated in our own words and
// in our own structure. Descriptions, examples and fields no client-visible behaviour depends on are left out.
//
// Every definition names the spec schema it condenses, the file it was read in (under PublicApiSpecs/CRM/) and that
// file's version and last change in the snapshot. The v3 object files (Contacts, Companies, Deals, Emails, Notes,
// Tickets and Tasks, all `Rollouts/424/v3/*.json`, info.version "v3", last changed 2026-06-23) define the same
// component schemas byte for byte apart from descriptions; they are cited once as OBJECTS_V3. The date-versioned
// rollouts (2025-09, 2026-03, 2026-09) describe the `/crm/objects/<date>/…` paths, which mailtrail does not serve.
//
// Two spec facts these schemas hold that mailtrail's answers broke when this was written (see KNOWN_GAPS in the test):
//  - object property values are `string`, no longer nullable: the v3 object files dropped `nullable: true` from
//    `properties` (and `propertiesWithHistory`) on 2026-04-09 (commit a862161f870 for contacts);
//  - v4 association object ids are strings: `toObjectId`/`fromObjectId` went from integer to string on 2024-02-05
//    in Associations/Rollouts/130902/v4 (commit 9cbbb7c011d). The older rollout 50914/v4 (2024-01-05) still says
//    integer, and is superseded.

/** The snapshot read. */
export const SPEC_SNAPSHOT = {
  repository: 'HubSpot/HubSpot-public-api-spec-collection',
  commit: '99893791383254f52aa07662baeb98aad65cc710',
  date: '2026-08-21',
} as const;

/** The files read, with their info.version and the date of their last change in the snapshot. */
export const SPEC_FILES = {
  OBJECTS_V3: 'CRM/{Contacts,Companies,Deals,Emails,Notes,Tickets,Tasks}/Rollouts/424/v3/*.json (v3, 2026-06-23)',
  ASSOCIATIONS_V4: 'CRM/Associations/Rollouts/130902/v4/associations.json (v4, 2026-08-17)',
  ASSOCIATIONS_V3: 'CRM/Associations/Rollouts/120891/v3/associations.json (v3, 2026-08-14)',
  ASSOCIATION_LABELS_V4: 'CRM/Associations Schema/Rollouts/130902/v4/associationsSchema.json (v4, 2026-08-17)',
  ASSOCIATION_LABELS_V4_PATH: 'CRM/Associations Schema/Rollouts/50914/v4/associationsSchema.json (v4, 2024-01-05)',
  OWNERS_V3: 'CRM/Crm Owners/Rollouts/146888/v3/crmOwners.json (v3, 2026-08-20)',
  PROPERTIES_V3: 'CRM/Properties/Rollouts/145899/v3/properties.json (v3, 2026-08-17)',
  PIPELINES_V3: 'CRM/Pipelines/Rollouts/145896/v3/pipelines.json (v3, 2026-08-16)',
} as const;

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });
const str: Schema = { type: 'string' };
const dateTime: Schema = { type: 'string', format: 'date-time' };
const int32: Schema = { type: 'integer', format: 'int32' };
const bool: Schema = { type: 'boolean' };
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });
/** A map with string keys (the spec's `additionalProperties: {…}`): every value must match. */
const mapOf = (values: Schema): Schema => ({ type: 'object', additionalProperties: values });
const object = (required: string[], properties: Record<string, Schema>): Schema => ({
  type: 'object',
  required,
  properties,
});

const ASSOCIATION_CATEGORY: Schema = {
  type: 'string',
  enum: ['HUBSPOT_DEFINED', 'INTEGRATOR_DEFINED', 'USER_DEFINED', 'WORK'],
};
const BATCH_STATUS: Schema = { type: 'string', enum: ['CANCELED', 'COMPLETE', 'PENDING', 'PROCESSING'] };

/**
 * HubSpot's batch envelope around `item`s. Condenses the `BatchResponse<X>` and `BatchResponse<X>WithErrors` pairs:
 * both require completedAt, results, startedAt and status; only the WithErrors form (the 207 answer) has numErrors
 * and errors (`StandardError`). Same shape in every file below that has batch operations.
 */
function batchResponse(item: string, withErrors: boolean): Schema {
  return object(['completedAt', 'results', 'startedAt', 'status'], {
    status: BATCH_STATUS,
    results: arrayOf(ref(item)),
    requestedAt: dateTime,
    startedAt: dateTime,
    completedAt: dateTime,
    links: mapOf(str),
    ...(withErrors && { numErrors: int32, errors: arrayOf(ref('StandardError')) }),
  });
}

/** A list answer: `{results: X[]}`, with `paging` when the spec's name says ForwardPaging (next) or Paging (next, prev). */
const collection = (item: string, paging?: 'ForwardPaging' | 'Paging'): Schema =>
  object(['results'], { results: arrayOf(ref(item)), ...(paging && { paging: ref(paging) }) });

/** Response schemas, by the spec's component name. */
const RESPONSES: Record<string, Schema> = {
  // ---- Paging and errors. OBJECTS_V3, ASSOCIATIONS_V4, OWNERS_V3, PROPERTIES_V3 alike.
  // NextPage: after is required; link is optional (the v4 file says it is deprecated).
  NextPage: object(['after'], { after: str, link: str }),
  // PreviousPage.
  PreviousPage: object(['before'], { before: str, link: str }),
  // ForwardPaging (list answers of objects, owners, v4 associations).
  ForwardPaging: object([], { next: ref('NextPage') }),
  // Paging (search answers, v3 association lists).
  Paging: object([], { next: ref('NextPage'), prev: ref('PreviousPage') }),
  // ErrorDetail: one item of Error.errors and StandardError.errors.
  ErrorDetail: object(['message'], {
    message: str,
    code: str,
    in: str,
    subCategory: str,
    context: mapOf(arrayOf(str)),
  }),
  // Error: the body of every non-2xx answer (the `default` response of every operation). correlationId is a uuid;
  // subCategory a string here (unlike StandardError's, below); context values are string arrays.
  Error: object(['category', 'correlationId', 'message'], {
    category: str,
    correlationId: { type: 'string', format: 'uuid' },
    message: str,
    subCategory: str,
    context: mapOf(arrayOf(str)),
    links: mapOf(str),
    errors: arrayOf(ref('ErrorDetail')),
  }),
  // StandardError: one failed input of a 207 batch answer. status is a string; context, errors and links are
  // required; subCategory is declared `type: object` (with no properties) in every file read: OBJECTS_V3,
  // ASSOCIATIONS_V4 (and the older 50914/v4), ASSOCIATIONS_V3, PROPERTIES_V3. See the report on the spec's
  // contradictions: Error.subCategory and ErrorDetail.subCategory are strings.
  StandardError: object(['category', 'context', 'errors', 'links', 'message', 'status'], {
    status: str,
    id: str,
    category: str,
    subCategory: { type: 'object' },
    message: str,
    errors: arrayOf(ref('ErrorDetail')),
    context: mapOf(arrayOf(str)),
    links: mapOf(str),
  }),

  // ---- CRM objects, OBJECTS_V3.
  // ValueWithTimestamp (items of propertiesWithHistory).
  ValueWithTimestamp: object(['sourceType', 'timestamp', 'value'], {
    value: str,
    timestamp: dateTime,
    sourceType: str,
    sourceId: str,
    sourceLabel: str,
    updatedByUserId: int32,
  }),
  // PublicObjectWarning.
  PublicObjectWarning: object(['category', 'context', 'message'], { category: str, message: str, context: mapOf(str) }),
  // SimplePublicObject (create, update, batch and search answers). Property values: string, not nullable (since the
  // 2026-04-09 change).
  SimplePublicObject: object(['archived', 'createdAt', 'id', 'properties', 'updatedAt'], {
    id: str,
    properties: mapOf(str),
    propertiesWithHistory: mapOf(arrayOf(ref('ValueWithTimestamp'))),
    createdAt: dateTime,
    updatedAt: dateTime,
    archived: bool,
    archivedAt: dateTime,
    objectWriteTraceId: str,
    url: str,
    warnings: arrayOf(ref('PublicObjectWarning')),
  }),
  // AssociatedId and CollectionResponseAssociatedId: the v3-style `associations` of a read ({id, type}, both strings).
  AssociatedId: object(['id', 'type'], { id: str, type: str }),
  CollectionResponseAssociatedId: collection('AssociatedId', 'Paging'),
  // SimplePublicObjectWithAssociations (getById and getPage answers): SimplePublicObject plus associations by type.
  SimplePublicObjectWithAssociations: object(['archived', 'createdAt', 'id', 'properties', 'updatedAt'], {
    id: str,
    properties: mapOf(str),
    propertiesWithHistory: mapOf(arrayOf(ref('ValueWithTimestamp'))),
    associations: mapOf(ref('CollectionResponseAssociatedId')),
    createdAt: dateTime,
    updatedAt: dateTime,
    archived: bool,
    archivedAt: dateTime,
    objectWriteTraceId: str,
    url: str,
    warnings: arrayOf(ref('PublicObjectWarning')),
  }),
  // SimplePublicUpsertObject (batch/upsert answers): SimplePublicObject plus a required boolean `new`.
  SimplePublicUpsertObject: object(['archived', 'createdAt', 'id', 'new', 'properties', 'updatedAt'], {
    id: str,
    new: bool,
    properties: mapOf(str),
    propertiesWithHistory: mapOf(arrayOf(ref('ValueWithTimestamp'))),
    createdAt: dateTime,
    updatedAt: dateTime,
    archived: bool,
    archivedAt: dateTime,
    objectWriteTraceId: str,
    url: str,
    warnings: arrayOf(ref('PublicObjectWarning')),
  }),
  // CollectionResponseSimplePublicObjectWithAssociationsForwardPaging (getPage).
  CollectionResponseSimplePublicObjectWithAssociationsForwardPaging: collection(
    'SimplePublicObjectWithAssociations',
    'ForwardPaging',
  ),
  // CollectionResponseWithTotalSimplePublicObject (search): total is a required int32; paging is Paging (the older
  // Contacts/Rollouts/107729/v3 file, 2024-04-24, named it …ForwardPaging).
  CollectionResponseWithTotalSimplePublicObject: object(['results', 'total'], {
    total: int32,
    results: arrayOf(ref('SimplePublicObject')),
    paging: ref('Paging'),
  }),
  // BatchResponseSimplePublicObject / …WithErrors (batch read, create, update).
  BatchResponseSimplePublicObject: batchResponse('SimplePublicObject', false),
  BatchResponseSimplePublicObjectWithErrors: batchResponse('SimplePublicObject', true),
  // BatchResponseSimplePublicUpsertObject / …WithErrors (batch upsert).
  BatchResponseSimplePublicUpsertObject: batchResponse('SimplePublicUpsertObject', false),
  BatchResponseSimplePublicUpsertObjectWithErrors: batchResponse('SimplePublicUpsertObject', true),

  // ---- v4 associations, ASSOCIATIONS_V4 unless said otherwise.
  // PublicObjectId: {id: string}.
  PublicObjectId: object(['id'], { id: str }),
  // AssociationSpec: category enum and int32 type id.
  AssociationSpec: object(['associationCategory', 'associationTypeId'], {
    associationCategory: ASSOCIATION_CATEGORY,
    associationTypeId: int32,
  }),
  // AssociationSpecWithLabel: `label` is an optional string, not nullable: an unlabelled type has no label.
  AssociationSpecWithLabel: object(['category', 'typeId'], {
    category: ASSOCIATION_CATEGORY,
    typeId: int32,
    label: str,
    fromObjectTypeId: str,
    toObjectTypeId: str,
  }),
  // MultiAssociatedObjectWithLabel: toObjectId is a string (integer before 2024-02-05).
  MultiAssociatedObjectWithLabel: object(['associationTypes', 'toObjectId'], {
    toObjectId: str,
    associationTypes: arrayOf(ref('AssociationSpecWithLabel')),
  }),
  // CollectionResponseMultiAssociatedObjectWithLabelForwardPaging (GET …/associations/{toObjectType}).
  CollectionResponseMultiAssociatedObjectWithLabelForwardPaging: collection(
    'MultiAssociatedObjectWithLabel',
    'ForwardPaging',
  ),
  // LabelsBetweenObjectPair (PUT …/associations/{toObjectType}/{toObjectId}, 201): all four ids are strings
  // (fromObjectId/toObjectId integer before 2024-02-05), labels a string array.
  LabelsBetweenObjectPair: object(['fromObjectId', 'fromObjectTypeId', 'labels', 'toObjectId', 'toObjectTypeId'], {
    fromObjectId: str,
    fromObjectTypeId: str,
    toObjectId: str,
    toObjectTypeId: str,
    labels: arrayOf(str),
  }),
  // BatchResponseLabelsBetweenObjectPair / …WithErrors (batch/create).
  BatchResponseLabelsBetweenObjectPair: batchResponse('LabelsBetweenObjectPair', false),
  BatchResponseLabelsBetweenObjectPairWithErrors: batchResponse('LabelsBetweenObjectPair', true),
  // PublicDefaultAssociation and BatchResponsePublicDefaultAssociation (PUT …/default/…, batch/associate/default).
  // The spec gives this one response errors/numErrors although it is the 200 answer.
  PublicDefaultAssociation: object(['associationSpec', 'from', 'to'], {
    from: ref('PublicObjectId'),
    to: ref('PublicObjectId'),
    associationSpec: ref('AssociationSpec'),
  }),
  BatchResponsePublicDefaultAssociation: batchResponse('PublicDefaultAssociation', true),
  // PublicAssociationMultiWithLabel and BatchResponsePublicAssociationMultiWithLabel / …WithErrors (batch/read).
  PublicAssociationMultiWithLabel: object(['from', 'to'], {
    from: ref('PublicObjectId'),
    to: arrayOf(ref('MultiAssociatedObjectWithLabel')),
    paging: ref('Paging'),
  }),
  BatchResponsePublicAssociationMultiWithLabel: batchResponse('PublicAssociationMultiWithLabel', false),
  BatchResponsePublicAssociationMultiWithLabelWithErrors: batchResponse('PublicAssociationMultiWithLabel', true),
  // CollectionResponseAssociationSpecWithLabelNoPaging (association labels), ASSOCIATION_LABELS_V4.
  CollectionResponseAssociationSpecWithLabelNoPaging: collection('AssociationSpecWithLabel'),

  // ---- v3 associations, ASSOCIATIONS_V3.
  // PublicAssociationMulti and BatchResponsePublicAssociationMulti / …WithErrors (v3 batch/read): `to` holds
  // AssociatedId ({id, type} strings).
  PublicAssociationMulti: object(['from', 'to'], {
    from: ref('PublicObjectId'),
    to: arrayOf(ref('AssociatedId')),
    paging: ref('Paging'),
  }),
  BatchResponsePublicAssociationMulti: batchResponse('PublicAssociationMulti', false),
  BatchResponsePublicAssociationMultiWithErrors: batchResponse('PublicAssociationMulti', true),

  // ---- Owners, OWNERS_V3.
  // PublicTeam.
  PublicTeam: object(['id', 'name', 'primary'], { id: str, name: str, primary: bool }),
  // PublicOwner: id is a string, userId and userIdIncludingInactive int32, type PERSON or QUEUE.
  PublicOwner: object(['archived', 'createdAt', 'id', 'type', 'updatedAt'], {
    id: str,
    email: str,
    firstName: str,
    lastName: str,
    userId: int32,
    userIdIncludingInactive: int32,
    type: { type: 'string', enum: ['PERSON', 'QUEUE'] },
    teams: arrayOf(ref('PublicTeam')),
    archived: bool,
    createdAt: dateTime,
    updatedAt: dateTime,
  }),
  // CollectionResponsePublicOwnerForwardPaging.
  CollectionResponsePublicOwnerForwardPaging: collection('PublicOwner', 'ForwardPaging'),

  // ---- Properties, PROPERTIES_V3.
  // Option: hidden, label, value required.
  Option: object(['hidden', 'label', 'value'], {
    label: str,
    value: str,
    hidden: bool,
    displayOrder: int32,
    description: str,
  }),
  // PropertyModificationMetadata: readOnlyOptions is the optional one.
  PropertyModificationMetadata: object(['archivable', 'readOnlyDefinition', 'readOnlyValue'], {
    archivable: bool,
    readOnlyDefinition: bool,
    readOnlyOptions: bool,
    readOnlyValue: bool,
  }),
  // Property: description, fieldType, groupName, label, name, options, type required; the rest optional.
  Property: object(['description', 'fieldType', 'groupName', 'label', 'name', 'options', 'type'], {
    name: str,
    label: str,
    type: str,
    fieldType: str,
    groupName: str,
    description: str,
    options: arrayOf(ref('Option')),
    displayOrder: int32,
    hasUniqueValue: bool,
    hidden: bool,
    formField: bool,
    calculated: bool,
    externalOptions: bool,
    hubspotDefined: bool,
    archived: bool,
    archivedAt: dateTime,
    createdAt: dateTime,
    updatedAt: dateTime,
    createdUserId: str,
    updatedUserId: str,
    referencedObjectType: str,
    calculationFormula: str,
    currencyPropertyName: str,
    showCurrencySymbol: bool,
    sensitiveDataCategories: arrayOf(str),
    modificationMetadata: ref('PropertyModificationMetadata'),
    dataSensitivity: { type: 'string', enum: ['highly_sensitive', 'non_sensitive', 'sensitive'] },
    dateDisplayHint: { type: 'string', enum: ['absolute', 'absolute_with_relative', 'time_since', 'time_until'] },
    numberDisplayHint: {
      type: 'string',
      enum: ['currency', 'duration', 'formatted', 'percentage', 'probability', 'unformatted'],
    },
    textDisplayHint: {
      type: 'string',
      enum: [
        'domain_name',
        'email',
        'ip_address',
        'multi_line',
        'phone_number',
        'physical_address',
        'postal_code',
        'unformatted_single_line',
      ],
    },
  }),
  // CollectionResponsePropertyNoPaging (GET /crm/v3/properties/{objectType}).
  CollectionResponsePropertyNoPaging: collection('Property'),
  // BatchResponseProperty / …WithErrors (properties batch/read and batch/create).
  BatchResponseProperty: batchResponse('Property', false),
  BatchResponsePropertyWithErrors: batchResponse('Property', true),
  // PropertyGroup and CollectionResponsePropertyGroupNoPaging.
  PropertyGroup: object(['archived', 'displayOrder', 'label', 'name'], {
    name: str,
    label: str,
    displayOrder: int32,
    archived: bool,
  }),
  CollectionResponsePropertyGroupNoPaging: collection('PropertyGroup'),

  // ---- Pipelines, PIPELINES_V3.
  // PipelineStage: metadata is a string map (for deals it carries `probability`, a string).
  PipelineStage: object(['archived', 'createdAt', 'displayOrder', 'id', 'label', 'metadata', 'updatedAt'], {
    id: str,
    label: str,
    displayOrder: int32,
    metadata: mapOf(str),
    writePermissions: { type: 'string', enum: ['CRM_PERMISSIONS_ENFORCEMENT', 'INTERNAL_ONLY', 'READ_ONLY'] },
    archived: bool,
    archivedAt: dateTime,
    createdAt: dateTime,
    updatedAt: dateTime,
  }),
  // Pipeline: stages required.
  Pipeline: object(['archived', 'createdAt', 'displayOrder', 'id', 'label', 'stages', 'updatedAt'], {
    id: str,
    label: str,
    displayOrder: int32,
    stages: arrayOf(ref('PipelineStage')),
    archived: bool,
    archivedAt: dateTime,
    createdAt: dateTime,
    updatedAt: dateTime,
  }),
  // CollectionResponsePipelineNoPaging and CollectionResponsePipelineStageNoPaging.
  CollectionResponsePipelineNoPaging: collection('Pipeline'),
  CollectionResponsePipelineStageNoPaging: collection('PipelineStage'),
};

/**
 * Request schemas, by the spec's component name: the scenario checks that what it sends is what the spec (and so a
 * generated client) sends, so that an answer is judged for a request HubSpot would accept.
 */
const REQUESTS: Record<string, Schema> = {
  // OBJECTS_V3: PublicAssociationsForObject (an inline association on create).
  PublicAssociationsForObject: object(['to', 'types'], {
    to: ref('PublicObjectId'),
    types: arrayOf(ref('AssociationSpec')),
  }),
  // OBJECTS_V3: SimplePublicObjectInputForCreate: associations is required (an empty array when there are none);
  // property values are strings.
  SimplePublicObjectInputForCreate: object(['associations', 'properties'], {
    properties: mapOf(str),
    associations: arrayOf(ref('PublicAssociationsForObject')),
  }),
  // OBJECTS_V3: SimplePublicObjectInput (PATCH): values are strings, so "" clears a property; null is not allowed.
  SimplePublicObjectInput: object(['properties'], { properties: mapOf(str) }),
  // OBJECTS_V3: SimplePublicObjectId.
  SimplePublicObjectId: object(['id'], { id: str }),
  // OBJECTS_V3: BatchReadInputSimplePublicObjectId: properties and propertiesWithHistory are required.
  BatchReadInputSimplePublicObjectId: object(['inputs', 'properties', 'propertiesWithHistory'], {
    inputs: arrayOf(ref('SimplePublicObjectId')),
    properties: arrayOf(str),
    propertiesWithHistory: arrayOf(str),
    idProperty: str,
  }),
  // OBJECTS_V3: BatchInputSimplePublicObjectBatchInputForCreate (items: SimplePublicObjectBatchInputForCreate).
  BatchInputSimplePublicObjectBatchInputForCreate: object(['inputs'], {
    inputs: arrayOf(
      object(['associations', 'properties'], {
        properties: mapOf(str),
        associations: arrayOf(ref('PublicAssociationsForObject')),
        objectWriteTraceId: str,
      }),
    ),
  }),
  // OBJECTS_V3: BatchInputSimplePublicObjectBatchInput (items: SimplePublicObjectBatchInput, id and properties required).
  BatchInputSimplePublicObjectBatchInput: object(['inputs'], {
    inputs: arrayOf(
      object(['id', 'properties'], { id: str, idProperty: str, objectWriteTraceId: str, properties: mapOf(str) }),
    ),
  }),
  // OBJECTS_V3: BatchInputSimplePublicObjectBatchInputUpsert (items: SimplePublicObjectBatchInputUpsert).
  BatchInputSimplePublicObjectBatchInputUpsert: object(['inputs'], {
    inputs: arrayOf(
      object(['id', 'properties'], { id: str, idProperty: str, objectWriteTraceId: str, properties: mapOf(str) }),
    ),
  }),
  // OBJECTS_V3: BatchInputSimplePublicObjectId (batch/archive).
  BatchInputSimplePublicObjectId: object(['inputs'], { inputs: arrayOf(ref('SimplePublicObjectId')) }),
  // OBJECTS_V3: Filter and FilterGroup.
  Filter: object(['operator', 'propertyName'], {
    propertyName: str,
    operator: {
      type: 'string',
      enum: [
        'BETWEEN',
        'CONTAINS_TOKEN',
        'EQ',
        'GT',
        'GTE',
        'HAS_PROPERTY',
        'IN',
        'LT',
        'LTE',
        'NEQ',
        'NOT_CONTAINS_TOKEN',
        'NOT_HAS_PROPERTY',
        'NOT_IN',
      ],
    },
    value: str,
    values: arrayOf(str),
    highValue: str,
  }),
  FilterGroup: object(['filters'], { filters: arrayOf(ref('Filter')) }),
  // OBJECTS_V3: PublicObjectSearchRequest: after, filterGroups, limit, properties and sorts are all required; sorts
  // are strings.
  PublicObjectSearchRequest: object(['after', 'filterGroups', 'limit', 'properties', 'sorts'], {
    query: str,
    filterGroups: arrayOf(ref('FilterGroup')),
    sorts: arrayOf(str),
    properties: arrayOf(str),
    limit: int32,
    after: str,
  }),
  // OBJECTS_V3 (Contacts only): PublicGdprDeleteInput.
  PublicGdprDeleteInput: object(['objectId'], { objectId: str, idProperty: str }),
  // OBJECTS_V3 (Contacts, Companies, Deals, Tickets): PublicMergeInput.
  PublicMergeInput: object(['objectIdToMerge', 'primaryObjectId'], { primaryObjectId: str, objectIdToMerge: str }),
  // ASSOCIATIONS_V4: the PUT …/associations/{toObjectType}/{toObjectId} body, an array of AssociationSpec.
  AssociationSpecList: arrayOf(ref('AssociationSpec')),
  // ASSOCIATIONS_V4: BatchInputPublicFetchAssociationsBatchRequest (batch/read; items {id, after?}).
  BatchInputPublicFetchAssociationsBatchRequest: object(['inputs'], {
    inputs: arrayOf(object(['id'], { id: str, after: str })),
  }),
  // ASSOCIATIONS_V4: BatchInputPublicDefaultAssociationMultiPost (batch/associate/default).
  BatchInputPublicDefaultAssociationMultiPost: object(['inputs'], {
    inputs: arrayOf(object(['from', 'to'], { from: ref('PublicObjectId'), to: ref('PublicObjectId') })),
  }),
  // ASSOCIATIONS_V4: BatchInputPublicAssociationMultiArchive (batch/archive; `to` is an array).
  BatchInputPublicAssociationMultiArchive: object(['inputs'], {
    inputs: arrayOf(object(['from', 'to'], { from: ref('PublicObjectId'), to: arrayOf(ref('PublicObjectId')) })),
  }),
  // ASSOCIATIONS_V4: BatchInputPublicAssociationMultiPost (batch/create, batch/labels/archive).
  BatchInputPublicAssociationMultiPost: object(['inputs'], {
    inputs: arrayOf(
      object(['from', 'to', 'types'], {
        from: ref('PublicObjectId'),
        to: ref('PublicObjectId'),
        types: arrayOf(ref('AssociationSpec')),
      }),
    ),
  }),
  // ASSOCIATION_LABELS_V4: PublicAssociationDefinitionCreateRequest (label and name required) and
  // PublicAssociationDefinitionUpdateRequest (associationTypeId and label required).
  PublicAssociationDefinitionCreateRequest: object(['label', 'name'], { label: str, name: str, inverseLabel: str }),
  PublicAssociationDefinitionUpdateRequest: object(['associationTypeId', 'label'], {
    associationTypeId: int32,
    label: str,
    inverseLabel: str,
  }),
  // ASSOCIATIONS_V3: BatchInputPublicObjectId (v3 batch/read).
  BatchInputPublicObjectId: object(['inputs'], { inputs: arrayOf(ref('PublicObjectId')) }),
  // PROPERTIES_V3: OptionInput and PropertyCreate (type and fieldType are enums on create).
  OptionInput: object(['hidden', 'label', 'value'], {
    label: str,
    value: str,
    hidden: bool,
    displayOrder: int32,
    description: str,
  }),
  PropertyCreate: object(['fieldType', 'groupName', 'label', 'name', 'type'], {
    name: str,
    label: str,
    groupName: str,
    type: { type: 'string', enum: ['bool', 'date', 'datetime', 'enumeration', 'number', 'phone_number', 'string'] },
    fieldType: {
      type: 'string',
      enum: [
        'booleancheckbox',
        'calculation_equation',
        'checkbox',
        'date',
        'file',
        'html',
        'number',
        'phonenumber',
        'radio',
        'select',
        'text',
        'textarea',
      ],
    },
    description: str,
    displayOrder: int32,
    hasUniqueValue: bool,
    hidden: bool,
    formField: bool,
    options: arrayOf(ref('OptionInput')),
  }),
  // PIPELINES_V3: PipelineStageInput (label, displayOrder, metadata required), PipelineInput (label, displayOrder,
  // stages required), PipelinePatchInput and PipelineStagePatchInput (all optional; archived a boolean).
  PipelineStageInput: object(['displayOrder', 'label', 'metadata'], {
    label: str,
    displayOrder: int32,
    metadata: mapOf(str),
  }),
  PipelineInput: object(['displayOrder', 'label', 'stages'], {
    label: str,
    displayOrder: int32,
    stages: arrayOf(ref('PipelineStageInput')),
  }),
  PipelinePatchInput: object([], { label: str, displayOrder: int32, archived: bool }),
  PipelineStagePatchInput: object([], { label: str, displayOrder: int32, metadata: mapOf(str), archived: bool }),
  // PROPERTIES_V3: BatchReadInputPropertyName: archived, dataSensitivity and inputs are all required.
  BatchReadInputPropertyName: object(['archived', 'dataSensitivity', 'inputs'], {
    archived: bool,
    dataSensitivity: { type: 'string', enum: ['highly_sensitive', 'non_sensitive', 'sensitive'] },
    inputs: arrayOf(object(['name'], { name: str })),
  }),
  // PROPERTIES_V3: PropertyGroupCreate (name and label required).
  PropertyGroupCreate: object(['label', 'name'], { name: str, label: str, displayOrder: int32 }),
  // PROPERTIES_V3: BatchInputPropertyCreate.
  BatchInputPropertyCreate: object(['inputs'], { inputs: arrayOf(ref('PropertyCreate')) }),
};

/** One document holding every definition; compile `{ $ref: 'hubspot#/definitions/Name' }` against it. */
export const HUBSPOT_SCHEMAS: Schema = { $id: 'hubspot', definitions: { ...RESPONSES, ...REQUESTS } };

/** The answer a status code gets: a schema name, or `null` for an empty body (204). */
export type Responses = Record<number, string | null>;

export type Operation = {
  /** The spec file (a SPEC_FILES key) that defines the operation. */
  spec: keyof typeof SPEC_FILES;
  /** The path as the spec writes it, when it differs from the one in the key (deals are `0-3` in the spec). */
  specPath?: string;
  /** The success answers; any other status is an `Error` (the spec's `default` response). */
  responses: Responses;
  /** The request body's schema, when there is a body. */
  request?: string;
};

/** Object types mailtrail serves, with the path parameter name and the spec path each file uses. */
const OBJECT_TYPES = [
  { type: 'contacts', param: 'contactId', specType: 'contacts' },
  { type: 'companies', param: 'companyId', specType: 'companies' },
  { type: 'deals', param: 'dealId', specType: '0-3' },
  { type: 'emails', param: 'emailId', specType: 'emails' },
] as const;

/** The v3 object operations of one type: the eleven every OBJECTS_V3 file defines, plus merge and gdpr-delete where it has them. */
function objectOperations(
  type: string,
  param: string,
  specType: string,
  extra: { merge?: boolean; gdpr?: boolean } = {},
): Record<string, Operation> {
  const base = `/crm/v3/objects/${type}`;
  const spec = specType === type ? {} : { specPath: `/crm/v3/objects/${specType}` };
  const at = (suffix: string) => ({
    spec: 'OBJECTS_V3' as const,
    ...(spec.specPath && { specPath: `${spec.specPath}${suffix}` }),
  });
  return {
    [`GET ${base}`]: {
      ...at(''),
      responses: { 200: 'CollectionResponseSimplePublicObjectWithAssociationsForwardPaging' },
    },
    [`POST ${base}`]: {
      ...at(''),
      responses: { 201: 'SimplePublicObject' },
      request: 'SimplePublicObjectInputForCreate',
    },
    [`GET ${base}/{${param}}`]: { ...at(`/{${param}}`), responses: { 200: 'SimplePublicObjectWithAssociations' } },
    [`PATCH ${base}/{${param}}`]: {
      ...at(`/{${param}}`),
      responses: { 200: 'SimplePublicObject' },
      request: 'SimplePublicObjectInput',
    },
    [`DELETE ${base}/{${param}}`]: { ...at(`/{${param}}`), responses: { 204: null } },
    [`POST ${base}/batch/read`]: {
      ...at('/batch/read'),
      responses: { 200: 'BatchResponseSimplePublicObject', 207: 'BatchResponseSimplePublicObjectWithErrors' },
      request: 'BatchReadInputSimplePublicObjectId',
    },
    [`POST ${base}/batch/create`]: {
      ...at('/batch/create'),
      responses: { 201: 'BatchResponseSimplePublicObject', 207: 'BatchResponseSimplePublicObjectWithErrors' },
      request: 'BatchInputSimplePublicObjectBatchInputForCreate',
    },
    [`POST ${base}/batch/update`]: {
      ...at('/batch/update'),
      responses: { 200: 'BatchResponseSimplePublicObject', 207: 'BatchResponseSimplePublicObjectWithErrors' },
      request: 'BatchInputSimplePublicObjectBatchInput',
    },
    [`POST ${base}/batch/upsert`]: {
      ...at('/batch/upsert'),
      responses: {
        200: 'BatchResponseSimplePublicUpsertObject',
        207: 'BatchResponseSimplePublicUpsertObjectWithErrors',
      },
      request: 'BatchInputSimplePublicObjectBatchInputUpsert',
    },
    [`POST ${base}/batch/archive`]: {
      ...at('/batch/archive'),
      responses: { 204: null },
      request: 'BatchInputSimplePublicObjectId',
    },
    [`POST ${base}/search`]: {
      ...at('/search'),
      responses: { 200: 'CollectionResponseWithTotalSimplePublicObject' },
      request: 'PublicObjectSearchRequest',
    },
    ...(extra.merge && {
      [`POST ${base}/merge`]: {
        ...at('/merge'),
        responses: { 200: 'SimplePublicObject' },
        request: 'PublicMergeInput',
      },
    }),
    ...(extra.gdpr && {
      [`POST ${base}/gdpr-delete`]: {
        ...at('/gdpr-delete'),
        responses: { 204: null },
        request: 'PublicGdprDeleteInput',
      },
    }),
  };
}

/**
 * HubSpot's operations, keyed `METHOD /path` with the spec's parameter names (the object type written out): those
 * mailtrail serves, and those it does not yet serve (the test's NOT_YET_SERVED).
 */
export const OPERATIONS: Record<string, Operation> = {
  ...Object.assign(
    {},
    ...OBJECT_TYPES.map((t) =>
      objectOperations(t.type, t.param, t.specType, { merge: t.type !== 'emails', gdpr: t.type === 'contacts' }),
    ),
  ),
  // Deals under the spec's own path (0-3), which mailtrail takes as an alias.
  'GET /crm/v3/objects/0-3/{dealId}': { spec: 'OBJECTS_V3', responses: { 200: 'SimplePublicObjectWithAssociations' } },
  // Engagements and tickets mailtrail does not serve yet: the same operations, same schemas.
  ...objectOperations('notes', 'noteId', 'notes'),
  ...objectOperations('tickets', 'ticketId', 'tickets', { merge: true }),
  ...objectOperations('tasks', 'taskId', 'tasks'),

  'GET /crm/v3/owners/': {
    spec: 'OWNERS_V3',
    specPath: '/crm/v3/owners',
    responses: { 200: 'CollectionResponsePublicOwnerForwardPaging' },
  },
  'GET /crm/v3/owners/{ownerId}': { spec: 'OWNERS_V3', responses: { 200: 'PublicOwner' } },

  'GET /crm/v3/properties/{objectType}': {
    spec: 'PROPERTIES_V3',
    responses: { 200: 'CollectionResponsePropertyNoPaging' },
  },
  'GET /crm/v3/properties/{objectType}/{propertyName}': { spec: 'PROPERTIES_V3', responses: { 200: 'Property' } },
  'POST /crm/v3/properties/{objectType}': {
    spec: 'PROPERTIES_V3',
    responses: { 201: 'Property' },
    request: 'PropertyCreate',
  },
  'POST /crm/v3/properties/{objectType}/batch/read': {
    spec: 'PROPERTIES_V3',
    responses: { 200: 'BatchResponseProperty', 207: 'BatchResponsePropertyWithErrors' },
    request: 'BatchReadInputPropertyName',
  },
  'POST /crm/v3/properties/{objectType}/batch/create': {
    spec: 'PROPERTIES_V3',
    responses: { 201: 'BatchResponseProperty', 207: 'BatchResponsePropertyWithErrors' },
    request: 'BatchInputPropertyCreate',
  },
  'GET /crm/v3/properties/{objectType}/groups': {
    spec: 'PROPERTIES_V3',
    responses: { 200: 'CollectionResponsePropertyGroupNoPaging' },
  },
  'POST /crm/v3/properties/{objectType}/groups': {
    spec: 'PROPERTIES_V3',
    responses: { 201: 'PropertyGroup' },
    request: 'PropertyGroupCreate',
  },
  'GET /crm/v3/properties/{objectType}/groups/{groupName}': {
    spec: 'PROPERTIES_V3',
    responses: { 200: 'PropertyGroup' },
  },

  'GET /crm/v3/pipelines/{objectType}': {
    spec: 'PIPELINES_V3',
    responses: { 200: 'CollectionResponsePipelineNoPaging' },
  },
  'GET /crm/v3/pipelines/{objectType}/{pipelineId}': { spec: 'PIPELINES_V3', responses: { 200: 'Pipeline' } },
  'GET /crm/v3/pipelines/{objectType}/{pipelineId}/stages': {
    spec: 'PIPELINES_V3',
    responses: { 200: 'CollectionResponsePipelineStageNoPaging' },
  },
  'GET /crm/v3/pipelines/{objectType}/{pipelineId}/stages/{stageId}': {
    spec: 'PIPELINES_V3',
    responses: { 200: 'PipelineStage' },
  },
  'POST /crm/v3/pipelines/{objectType}': {
    spec: 'PIPELINES_V3',
    responses: { 201: 'Pipeline' },
    request: 'PipelineInput',
  },
  'PATCH /crm/v3/pipelines/{objectType}/{pipelineId}': {
    spec: 'PIPELINES_V3',
    responses: { 200: 'Pipeline' },
    request: 'PipelinePatchInput',
  },
  'POST /crm/v3/pipelines/{objectType}/{pipelineId}/stages': {
    spec: 'PIPELINES_V3',
    responses: { 201: 'PipelineStage' },
    request: 'PipelineStageInput',
  },
  'PATCH /crm/v3/pipelines/{objectType}/{pipelineId}/stages/{stageId}': {
    spec: 'PIPELINES_V3',
    responses: { 200: 'PipelineStage' },
    request: 'PipelineStagePatchInput',
  },

  'GET /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}': {
    spec: 'ASSOCIATIONS_V4',
    responses: { 200: 'CollectionResponseMultiAssociatedObjectWithLabelForwardPaging' },
  },
  'PUT /crm/v4/objects/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}': {
    spec: 'ASSOCIATIONS_V4',
    responses: { 200: 'BatchResponsePublicDefaultAssociation' },
  },
  'PUT /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}': {
    spec: 'ASSOCIATIONS_V4',
    responses: { 201: 'LabelsBetweenObjectPair' },
    request: 'AssociationSpecList',
  },
  'DELETE /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}': {
    spec: 'ASSOCIATIONS_V4',
    responses: { 204: null },
  },
  'POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read': {
    spec: 'ASSOCIATIONS_V4',
    responses: {
      200: 'BatchResponsePublicAssociationMultiWithLabel',
      207: 'BatchResponsePublicAssociationMultiWithLabelWithErrors',
    },
    request: 'BatchInputPublicFetchAssociationsBatchRequest',
  },
  'POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/associate/default': {
    spec: 'ASSOCIATIONS_V4',
    responses: { 200: 'BatchResponsePublicDefaultAssociation' },
    request: 'BatchInputPublicDefaultAssociationMultiPost',
  },
  'POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/archive': {
    spec: 'ASSOCIATIONS_V4',
    responses: { 204: null },
    request: 'BatchInputPublicAssociationMultiArchive',
  },
  'POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/create': {
    spec: 'ASSOCIATIONS_V4',
    responses: { 201: 'BatchResponseLabelsBetweenObjectPair', 207: 'BatchResponseLabelsBetweenObjectPairWithErrors' },
    request: 'BatchInputPublicAssociationMultiPost',
  },
  // The newest file (130902/v4) writes this path /crm/associations/v4/{fromObjectType}/{toObjectType}/labels; the
  // older one (50914/v4) and @hubspot/api-client write /crm/v4/associations/…/labels. Same answer schema in both.
  'GET /crm/v4/associations/{fromObjectType}/{toObjectType}/labels': {
    spec: 'ASSOCIATION_LABELS_V4_PATH',
    responses: { 200: 'CollectionResponseAssociationSpecWithLabelNoPaging' },
  },

  'POST /crm/v4/associations/{fromObjectType}/{toObjectType}/labels': {
    spec: 'ASSOCIATION_LABELS_V4_PATH',
    responses: { 200: 'CollectionResponseAssociationSpecWithLabelNoPaging' },
    request: 'PublicAssociationDefinitionCreateRequest',
  },
  'PUT /crm/v4/associations/{fromObjectType}/{toObjectType}/labels': {
    spec: 'ASSOCIATION_LABELS_V4_PATH',
    responses: { 204: null },
    request: 'PublicAssociationDefinitionUpdateRequest',
  },
  'DELETE /crm/v4/associations/{fromObjectType}/{toObjectType}/labels/{associationTypeId}': {
    spec: 'ASSOCIATION_LABELS_V4_PATH',
    responses: { 204: null },
  },
  'POST /crm/v3/associations/{fromObjectType}/{toObjectType}/batch/read': {
    spec: 'ASSOCIATIONS_V3',
    responses: { 200: 'BatchResponsePublicAssociationMulti', 207: 'BatchResponsePublicAssociationMultiWithErrors' },
    request: 'BatchInputPublicObjectId',
  },
};
