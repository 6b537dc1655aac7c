import type { ObjectType } from './crm';

/**
 * The properties each object type has. mailtrail has no custom properties: this catalogue is the whole schema,
 * and a property outside it is refused the way HubSpot refuses one that does not exist.
 */
export type PropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool' | 'phone_number';
export type PropertyFormat = 'email' | 'domain' | 'owner' | 'email-headers';

export type PropertyOption = { value: string; label: string };
export type PropertyDefinition = {
  name: string;
  label: string;
  type: PropertyType;
  fieldType:
    | 'text'
    | 'textarea'
    | 'html'
    | 'number'
    | 'date'
    | 'select'
    | 'checkbox'
    | 'booleancheckbox'
    | 'calculation_equation'
    | 'radio'
    | 'file'
    | 'phonenumber';
  options?: PropertyOption[];
  /** Semicolon-separated values (a multi-select enumeration). */
  multiple?: boolean;
  /** Computed by mailtrail; clients can read it and filter on it but never write it. */
  readOnly?: boolean;
  maxLength?: number;
  format?: PropertyFormat;
  /** Created over the API by the account (HubSpot's `hubspotDefined: false`). */
  custom?: boolean;
  /** Its value identifies one record (`email` for contacts; custom properties created with `hasUniqueValue`). */
  hasUniqueValue?: boolean;
  groupName?: string;
  description?: string;
  displayOrder?: number;
  hidden?: boolean;
  formField?: boolean;
};

/** HubSpot's limit on a text property. Email bodies may be longer: the request body limit bounds those. */
export const MAX_TEXT_LENGTH = 65_536;
export const MAX_BODY_LENGTH = 1_048_576;

const opts = (...pairs: [string, string][]): PropertyOption[] => pairs.map(([value, label]) => ({ value, label }));

/**
 * Legal basis for processing a contact's data (GDPR), as HubSpot names the options. An en dash separates the two
 * halves; a hyphen is accepted on input and stored as the en dash.
 */
export const LEGAL_BASIS_OPTIONS = opts(
  ['Legitimate interest – prospect/lead', 'Legitimate interest – prospect/lead'],
  ['Legitimate interest – existing customer', 'Legitimate interest – existing customer'],
  ['Legitimate interest – other', 'Legitimate interest – other'],
  ['Performance of a contract', 'Performance of a contract'],
  ['Freely given consent from contact', 'Freely given consent from contact'],
  ['Not applicable', 'Not applicable'],
);

export const LIFECYCLE_STAGES = opts(
  ['subscriber', 'Subscriber'],
  ['lead', 'Lead'],
  ['marketingqualifiedlead', 'Marketing Qualified Lead'],
  ['salesqualifiedlead', 'Sales Qualified Lead'],
  ['opportunity', 'Opportunity'],
  ['customer', 'Customer'],
  ['evangelist', 'Evangelist'],
  ['other', 'Other'],
);

/** The stages of the default deal pipeline, `default`, as HubSpot ships it (the account's may differ: see pipelines). */
export const DEAL_STAGES = opts(
  ['appointmentscheduled', 'Appointment Scheduled'],
  ['qualifiedtobuy', 'Qualified To Buy'],
  ['presentationscheduled', 'Presentation Scheduled'],
  ['decisionmakerboughtin', 'Decision Maker Bought-In'],
  ['contractsent', 'Contract Sent'],
  ['closedwon', 'Closed Won'],
  ['closedlost', 'Closed Lost'],
);

/** The stages of the default ticket pipeline, `0`, as HubSpot ships it. */
export const TICKET_STAGES = opts(['1', 'New'], ['2', 'Waiting on contact'], ['3', 'Waiting on us'], ['4', 'Closed']);

const text = (name: string, label: string, extra: Partial<PropertyDefinition> = {}): PropertyDefinition => ({
  name,
  label,
  type: 'string',
  fieldType: 'text',
  ...extra,
});
const number = (name: string, label: string): PropertyDefinition => ({
  name,
  label,
  type: 'number',
  fieldType: 'number',
});
const datetime = (name: string, label: string, extra: Partial<PropertyDefinition> = {}): PropertyDefinition => ({
  name,
  label,
  type: 'datetime',
  fieldType: 'date',
  ...extra,
});
const select = (
  name: string,
  label: string,
  options: PropertyOption[],
  extra: Partial<PropertyDefinition> = {},
): PropertyDefinition => ({
  name,
  label,
  type: 'enumeration',
  fieldType: 'select',
  options,
  ...extra,
});
const readOnly = (def: PropertyDefinition): PropertyDefinition => ({ ...def, readOnly: true });

const owner = select('hubspot_owner_id', 'Owner', [], { format: 'owner' });
const timestamp = datetime('hs_timestamp', 'Activity date');
const activityCreated = readOnly(datetime('hs_createdate', 'Created at'));
const objectId = readOnly(number('hs_object_id', 'Record ID'));
const createdate = readOnly(datetime('createdate', 'Create Date'));
const modified = readOnly(datetime('hs_lastmodifieddate', 'Last Modified Date'));
/** The ids of the records merged into this one, semicolon-separated, as HubSpot lists them. */
const mergedIds = readOnly(text('hs_merged_object_ids', 'Merged record IDs'));

export const PROPERTY_CATALOGUE: Record<ObjectType, PropertyDefinition[]> = {
  contacts: [
    objectId,
    createdate,
    modified,
    readOnly(datetime('lastmodifieddate', 'Last Modified Date')),
    text('email', 'Email', { format: 'email', maxLength: 254, hasUniqueValue: true }),
    text('firstname', 'First Name'),
    text('lastname', 'Last Name'),
    text('phone', 'Phone Number'),
    text('mobilephone', 'Mobile Phone Number'),
    text('company', 'Company Name'),
    text('jobtitle', 'Job Title'),
    text('website', 'Website URL'),
    text('city', 'City'),
    text('country', 'Country/Region'),
    select('lifecyclestage', 'Lifecycle Stage', LIFECYCLE_STAGES),
    owner,
    select('hs_legal_basis', "Legal basis for processing contact's data", LEGAL_BASIS_OPTIONS, {
      fieldType: 'checkbox',
      multiple: true,
    }),
    mergedIds,
    readOnly(text('hs_additional_emails', 'Additional email addresses')),
    readOnly(
      select(
        'hs_marketable_status',
        'Marketing contact status',
        opts(['true', 'Marketing contact'], ['false', 'Non-marketing contact']),
      ),
    ),
  ],
  companies: [
    objectId,
    createdate,
    modified,
    text('name', 'Company name'),
    text('domain', 'Company Domain Name', { format: 'domain', maxLength: 253 }),
    text('website', 'Website URL'),
    text('phone', 'Phone Number'),
    text('city', 'City'),
    text('country', 'Country/Region'),
    text('industry', 'Industry'),
    { ...text('description', 'Description'), fieldType: 'textarea' },
    number('numberofemployees', 'Number of Employees'),
    number('annualrevenue', 'Annual Revenue'),
    select('lifecyclestage', 'Lifecycle Stage', LIFECYCLE_STAGES),
    owner,
    mergedIds,
  ],
  deals: [
    objectId,
    createdate,
    modified,
    mergedIds,
    text('dealname', 'Deal Name'),
    number('amount', 'Amount'),
    select('dealstage', 'Deal Stage', DEAL_STAGES),
    select('pipeline', 'Pipeline', opts(['default', 'Sales Pipeline'])),
    datetime('closedate', 'Close Date'),
    select('dealtype', 'Deal Type', opts(['newbusiness', 'New Business'], ['existingbusiness', 'Existing Business'])),
    { ...text('description', 'Deal Description'), fieldType: 'textarea' },
    owner,
    readOnly({
      ...select('hs_is_closed', 'Is Closed', opts(['true', 'True'], ['false', 'False'])),
      type: 'bool',
      fieldType: 'booleancheckbox',
    }),
    readOnly({
      ...select('hs_is_closed_won', 'Is Closed Won', opts(['true', 'True'], ['false', 'False'])),
      type: 'bool',
      fieldType: 'booleancheckbox',
    }),
  ],
  emails: [
    objectId,
    readOnly(datetime('hs_createdate', 'Created at')),
    modified,
    datetime('hs_timestamp', 'Activity date'),
    owner,
    select(
      'hs_email_direction',
      'Email direction',
      opts(['EMAIL', 'Sent'], ['INCOMING_EMAIL', 'Reply'], ['FORWARDED_EMAIL', 'Forwarded']),
    ),
    select(
      'hs_email_status',
      'Email send status',
      opts(
        ['BOUNCED', 'Bounced'],
        ['FAILED', 'Failed'],
        ['SCHEDULED', 'Scheduled'],
        ['SENDING', 'Sending'],
        ['SENT', 'Sent'],
      ),
    ),
    text('hs_email_subject', 'Email subject', { maxLength: 2_000 }),
    { ...text('hs_email_html', 'Email HTML body', { maxLength: MAX_BODY_LENGTH }), fieldType: 'html' },
    { ...text('hs_email_text', 'Email body', { maxLength: MAX_BODY_LENGTH }), fieldType: 'textarea' },
    text('hs_email_headers', 'Email headers', { format: 'email-headers' }),
    text('hs_attachment_ids', 'Attachment IDs'),
    text('hs_email_message_id', 'Message-ID', { maxLength: 998 }),
    text('hs_email_thread_id', 'Thread ID', { maxLength: 998 }),
    readOnly(text('hs_email_from_email', 'From email')),
    readOnly(text('hs_email_from_firstname', 'From first name')),
    readOnly(text('hs_email_from_lastname', 'From last name')),
    readOnly(text('hs_email_to_email', 'To email')),
    readOnly(text('hs_email_to_firstname', 'To first name')),
    readOnly(text('hs_email_to_lastname', 'To last name')),
  ],
  notes: [
    objectId,
    activityCreated,
    modified,
    timestamp,
    owner,
    { ...text('hs_note_body', 'Note body'), fieldType: 'html' },
    text('hs_attachment_ids', 'Attachment IDs'),
  ],
  tickets: [
    objectId,
    createdate,
    modified,
    mergedIds,
    text('subject', 'Ticket name'),
    { ...text('content', 'Ticket description'), fieldType: 'textarea' },
    select('hs_pipeline', 'Pipeline', opts(['0', 'Support Pipeline'])),
    select('hs_pipeline_stage', 'Ticket status', TICKET_STAGES),
    select(
      'hs_ticket_priority',
      'Priority',
      opts(['LOW', 'Low'], ['MEDIUM', 'Medium'], ['HIGH', 'High'], ['URGENT', 'Urgent']),
    ),
    owner,
  ],
  tasks: [
    objectId,
    activityCreated,
    modified,
    timestamp,
    owner,
    text('hs_task_subject', 'Task title'),
    { ...text('hs_task_body', 'Notes'), fieldType: 'html' },
    select(
      'hs_task_status',
      'Task status',
      opts(
        ['NOT_STARTED', 'Not started'],
        ['IN_PROGRESS', 'In progress'],
        ['WAITING', 'Waiting'],
        ['COMPLETED', 'Completed'],
        ['DEFERRED', 'Deferred'],
      ),
    ),
    select(
      'hs_task_priority',
      'Priority',
      opts(['NONE', 'None'], ['LOW', 'Low'], ['MEDIUM', 'Medium'], ['HIGH', 'High']),
    ),
    select('hs_task_type', 'Task type', opts(['CALL', 'Call'], ['EMAIL', 'Email'], ['TODO', 'To-do'])),
  ],
};

const BY_NAME: Record<ObjectType, Map<string, PropertyDefinition>> = Object.fromEntries(
  Object.entries(PROPERTY_CATALOGUE).map(([type, defs]) => [type, new Map(defs.map((d) => [d.name, d]))]),
) as Record<ObjectType, Map<string, PropertyDefinition>>;

export function propertyDefinition(type: ObjectType, name: string): PropertyDefinition | undefined {
  return BY_NAME[type].get(name);
}

/** What a read returns when the client names no properties, as HubSpot does. */
export const DEFAULT_PROPERTIES: Record<ObjectType, string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  deals: [
    'amount',
    'closedate',
    'createdate',
    'dealname',
    'dealstage',
    'hs_lastmodifieddate',
    'hs_object_id',
    'pipeline',
  ],
  emails: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  notes: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  tickets: [
    'content',
    'createdate',
    'hs_lastmodifieddate',
    'hs_object_id',
    'hs_pipeline',
    'hs_pipeline_stage',
    'hs_ticket_priority',
    'subject',
  ],
  tasks: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

/** Properties a create must set (HubSpot's REQUIRED_PROPERTY), per type. */
export const REQUIRED_PROPERTIES: Partial<Record<ObjectType, string[]>> = {
  emails: ['hs_timestamp'],
  notes: ['hs_timestamp'],
  tasks: ['hs_timestamp'],
  tickets: ['subject', 'hs_pipeline_stage'],
};

/** The properties a search `query` looks in. */
export const QUERY_PROPERTIES: Record<ObjectType, string[]> = {
  contacts: ['email', 'firstname', 'lastname', 'phone', 'company'],
  companies: ['name', 'domain', 'website', 'phone'],
  deals: ['dealname'],
  emails: ['hs_email_subject', 'hs_email_text'],
  notes: ['hs_note_body'],
  tickets: ['subject', 'content'],
  tasks: ['hs_task_subject', 'hs_task_body'],
};

/** The property that `idProperty` may name for each type (unique per account, or first-created wins). */
export const ID_PROPERTIES: Partial<Record<ObjectType, 'email' | 'domain'>> = {
  contacts: 'email',
  companies: 'domain',
};
