import * as z from 'zod/mini';
import { BATCH_MAX, ObjectTypeParam, batchResponse } from './crm';

/** `/crm/v3/properties/{objectType}`: HubSpot's property and property group shapes. */
export const PropertyOption = z.object({
  value: z.string(),
  label: z.string(),
  displayOrder: z.int(),
  hidden: z.boolean(),
  description: z.optional(z.string()),
});

export const Property = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  fieldType: z.string(),
  groupName: z.string(),
  description: z.string(),
  options: z.array(PropertyOption),
  displayOrder: z.int(),
  hasUniqueValue: z.boolean(),
  hidden: z.boolean(),
  formField: z.boolean(),
  calculated: z.boolean(),
  hubspotDefined: z.boolean(),
  modificationMetadata: z.object({
    archivable: z.boolean(),
    readOnlyDefinition: z.boolean(),
    readOnlyValue: z.boolean(),
  }),
  archived: z.boolean(),
  createdAt: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
});
export type Property = z.infer<typeof Property>;

export const PROPERTY_CREATE_TYPES = [
  'bool',
  'date',
  'datetime',
  'enumeration',
  'number',
  'phone_number',
  'string',
] as const;
/** The field types each property type may be shown with, as HubSpot pairs them. */
export const FIELD_TYPES_OF: Record<(typeof PROPERTY_CREATE_TYPES)[number], readonly string[]> = {
  bool: ['booleancheckbox'],
  date: ['date'],
  datetime: ['date'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox'],
  number: ['number', 'calculation_equation'],
  phone_number: ['phonenumber'],
  string: ['text', 'textarea', 'html', 'phonenumber', 'file'],
};

const Name = z
  .string()
  .check(
    z.maxLength(100),
    z.regex(/^[a-z][a-z0-9_]*$/, 'must start with a lower-case letter and hold only a-z, 0-9 and _'),
  );
const Label = z.string().check(z.minLength(1), z.maxLength(100));

export const OptionInput = z.object({
  label: Label,
  value: z.string().check(z.minLength(1), z.maxLength(100)),
  hidden: z._default(z.boolean(), false),
  displayOrder: z.optional(z.int()),
  description: z.optional(z.string().check(z.maxLength(1000))),
});

export const PropertyCreate = z.object({
  name: Name,
  label: Label,
  groupName: z.string().check(z.minLength(1), z.maxLength(100)),
  type: z.enum(PROPERTY_CREATE_TYPES),
  fieldType: z.enum([
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
  ]),
  description: z.optional(z.string().check(z.maxLength(1000))),
  displayOrder: z.optional(z.int()),
  hasUniqueValue: z.optional(z.boolean()),
  hidden: z.optional(z.boolean()),
  formField: z.optional(z.boolean()),
  options: z.optional(z.array(OptionInput).check(z.maxLength(1000))),
});
export type PropertyCreate = z.infer<typeof PropertyCreate>;

export const BatchPropertyCreate = z.object({ inputs: z.array(PropertyCreate).check(z.maxLength(BATCH_MAX)) });
export const BatchPropertyRead = z.object({
  archived: z.optional(z.boolean()),
  dataSensitivity: z.optional(z.enum(['highly_sensitive', 'non_sensitive', 'sensitive'])),
  inputs: z.array(z.object({ name: z.string().check(z.maxLength(100)) })).check(z.maxLength(BATCH_MAX)),
});
export const PropertyBatchResponse = batchResponse(Property);

export const PropertyGroup = z.object({
  name: z.string(),
  label: z.string(),
  displayOrder: z.int(),
  archived: z.boolean(),
});
export const PropertyGroupCreate = z.object({
  name: Name,
  label: Label,
  displayOrder: z.optional(z.int()),
});

export const PropertyTypeParams = z.object({ objectType: ObjectTypeParam });
export const PropertyNameParams = z.object({
  objectType: ObjectTypeParam,
  propertyName: z.string().check(z.maxLength(100)),
});
export const GroupNameParams = z.object({ objectType: ObjectTypeParam, groupName: z.string().check(z.maxLength(100)) });
