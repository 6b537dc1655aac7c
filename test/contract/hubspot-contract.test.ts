// The HubSpot contract test (issue 18): a realistic scenario drives every `/crm` route the app registers, over real
// HTTP, with the bodies @hubspot/api-client sends, and validates every answer against the schema HubSpot's published
// spec gives that operation (hubspot-schemas.ts, which says what was read). It prints a table per database.
//
// Three lists keep it honest:
//  - the app's own route list: a `/crm` route no scenario step reaches fails the test;
//  - KNOWN_GAPS: the operations whose answers break the contract today, each with the gaps that explain it. It must be
//    exactly the set of failing operations, for exactly those reasons: a new break fails, and so does a fix that
//    leaves its entry behind (remove the entry with the fix);
//  - NOT_YET_SERVED: HubSpot operations mailtrail does not serve, with their schemas already in hubspot-schemas.ts.
//    Each is probed; one that starts answering fails the test until it moves into SCENARIO.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';
import { appRoutes, type AppRoute } from '../hostile/routes';
import { HUBSPOT_SCHEMAS, OPERATIONS, SPEC_FILES, type Operation } from './hubspot-schemas';

// ---------------------------------------------------------------------------------------------------------------
// Validation

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
addFormats(ajv);
ajv.addSchema(HUBSPOT_SCHEMAS);
const compiled = new Map<string, ValidateFunction>();
function validator(name: string): ValidateFunction {
  let v = compiled.get(name);
  if (!v) compiled.set(name, (v = ajv.compile({ $ref: `hubspot#/definitions/${name}` })));
  return v;
}
function validate(name: string, data: unknown): ErrorObject[] {
  const v = validator(name);
  return v(data) ? [] : [...(v.errors ?? [])];
}
const describeError = (e: ErrorObject) =>
  `${e.instancePath || '/'} ${e.message}${e.keyword === 'type' ? ` (got ${JSON.stringify(e.data)})` : ''}`;

// ---------------------------------------------------------------------------------------------------------------
// Known gaps: how today's answers break the contract. The fix belongs to the server (src/), not to this test.

const GAPS = {
  'v4-ids-are-numbers': {
    why: 'v4 toObjectId/fromObjectId are JSON numbers; the spec has had them as strings since 2024-02-05 (Associations 130902/v4)',
    matches: (e: ErrorObject) =>
      e.keyword === 'type' && /\/(to|from)ObjectId$/.test(e.instancePath) && typeof e.data === 'number',
  },
  'null-label': {
    why: 'v4 reads give unlabelled association types `label: null`; the spec has an optional string (leave it out)',
    matches: (e: ErrorObject) =>
      e.keyword === 'type' && /\/associationTypes\/\d+\/label$/.test(e.instancePath) && e.data === null,
  },
  'null-property-values': {
    why: 'a requested property the record does not have is `null`; property values are strings, no longer nullable, since 2026-04-09 (v3 object files)',
    matches: (e: ErrorObject) => e.keyword === 'type' && /\/properties\/[^/]+$/.test(e.instancePath) && e.data === null,
  },
  'subcategory-is-a-string': {
    why: "a 207's errors[].subCategory is a string; the spec's StandardError declares it an object",
    matches: (e: ErrorObject) =>
      e.keyword === 'type' && /\/errors\/\d+\/subCategory$/.test(e.instancePath) && typeof e.data === 'string',
  },
} as const;
type GapId = keyof typeof GAPS;

/** The operations (row ids: `METHOD /path` and variant) whose answers break the contract today, and why. */
const KNOWN_GAPS: Record<string, GapId[]> = {};

// ---------------------------------------------------------------------------------------------------------------
// The scenario

type Ids = Record<string, string>;
type Request = { path: string; query?: Record<string, string>; body?: unknown };
type Step = {
  /** An OPERATIONS key: method and the spec's path. */
  op: string;
  /** What this call of the operation is about, when the operation is called more than once. */
  variant?: string;
  /** The status the scenario expects; a success status is validated against its schema, any other as an Error. */
  expect: number;
  call(ids: Ids): Request;
  /** Keeps ids from the answer for later steps. */
  keep?(body: any, ids: Ids): void;
};

const rowId = (s: { op: string; variant?: string }) => (s.variant ? `${s.op} · ${s.variant}` : s.op);
const spec = (associationTypeId: number) => [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId }];
const to = (id: string, typeId: number) => ({ to: { id }, types: spec(typeId) });
function need(ids: Ids, name: string): string {
  const id = ids[name];
  if (!id) throw new Error(`an earlier step did not give the id of ${name}`);
  return id;
}
/** Keeps the id of each result whose `property` is one of `names` (batch answers are in no particular order). */
const keepBy = (property: string, names: Record<string, string>) => (body: any, ids: Ids) => {
  for (const r of body.results ?? [])
    for (const [name, value] of Object.entries(names)) if (r.properties?.[property] === value) ids[name] = r.id;
};

/** What a client reads, per type: always some properties the records of the scenario do not all have. */
const READ: Record<string, string[]> = {
  contacts: ['email', 'firstname', 'lastname', 'phone', 'jobtitle', 'hubspot_owner_id', 'hs_legal_basis'],
  companies: ['name', 'domain', 'city', 'industry', 'phone'],
  deals: ['dealname', 'amount', 'dealstage', 'pipeline', 'closedate', 'dealtype', 'hubspot_owner_id'],
  emails: [
    'hs_timestamp',
    'hs_email_subject',
    'hs_email_direction',
    'hs_email_status',
    'hs_email_text',
    'hs_attachment_ids',
    'hs_email_to_email',
  ],
};
const ASSOCIATED: Record<string, string> = {
  contacts: 'companies,deals',
  companies: 'contacts,deals',
  deals: 'contacts,companies',
  emails: 'contacts,companies,deals',
};
const PARAM: Record<string, string> = {
  contacts: 'contactId',
  companies: 'companyId',
  deals: 'dealId',
  emails: 'emailId',
};
/** A record of each type that every read finds (made by the create steps). */
const FIRST: Record<string, string> = {
  contacts: 'hank',
  companies: 'globex',
  deals: 'globexDeal',
  emails: 'firstEmail',
};
const SECOND: Record<string, string> = {
  contacts: 'mindy',
  companies: 'initech',
  deals: 'initechDeal',
  emails: 'reply',
};
const TYPES = ['contacts', 'companies', 'deals', 'emails'] as const;
const headers = (from: string, toAddress: string, toFirst: string) =>
  JSON.stringify({
    from: { email: from, firstName: 'Bob', lastName: 'Martin' },
    to: [{ email: toAddress, firstName: toFirst, lastName: '' }],
    cc: [],
    bcc: [],
  });
const searchBody = (filters: unknown[], extra: Record<string, unknown> = {}) => ({
  filterGroups: filters.length ? [{ filters }] : [],
  sorts: [],
  properties: [],
  limit: 10,
  after: '0',
  ...extra,
});

const idOr = (ids: Ids, name: string) => ids[name] ?? '1';
/** Notes, tickets and tasks: their eleven object operations (twelve with merge). */
const MORE_TYPES: {
  type: string;
  param: string;
  create: (ids: Ids) => unknown;
  update: Record<string, string>;
  search: unknown[];
  merge?: boolean;
}[] = [
  {
    type: 'notes',
    param: 'noteId',
    create: (ids) => ({
      properties: {
        hs_timestamp: '2026-03-01T10:00:00.000Z',
        hs_note_body: 'Called Hank about the pilot.',
        hubspot_owner_id: idOr(ids, 'bob'),
      },
      associations: [to(idOr(ids, 'hank'), 202)],
    }),
    update: { hs_note_body: 'Called Hank about the pilot; he wants a demo.' },
    search: [{ propertyName: 'hs_note_body', operator: 'CONTAINS_TOKEN', value: 'pilot' }],
  },
  {
    type: 'tickets',
    param: 'ticketId',
    create: (ids) => ({
      properties: {
        subject: 'Cannot log in',
        content: 'Since Monday.',
        hs_pipeline: '0',
        hs_pipeline_stage: '1',
        hs_ticket_priority: 'HIGH',
      },
      associations: [to(idOr(ids, 'hank'), 16)],
    }),
    update: { hs_pipeline_stage: '2' },
    search: [{ propertyName: 'hs_pipeline_stage', operator: 'EQ', value: '1' }],
    merge: true,
  },
  {
    type: 'tasks',
    param: 'taskId',
    create: (ids) => ({
      properties: {
        hs_timestamp: '2026-03-05T09:00:00.000Z',
        hs_task_subject: 'Follow up with Hank',
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: 'HIGH',
        hs_task_type: 'EMAIL',
        hubspot_owner_id: idOr(ids, 'bob'),
      },
      associations: [to(idOr(ids, 'hank'), 204)],
    }),
    update: { hs_task_status: 'COMPLETED' },
    search: [{ propertyName: 'hs_task_status', operator: 'EQ', value: 'NOT_STARTED' }],
  },
];

/** The object operations of notes, tickets and tasks, as a client of each calls them. */
const MORE_TYPE_STEPS: Step[] = MORE_TYPES.flatMap(({ type, param, create, update, search, merge }): Step[] => {
  const base = `/crm/v3/objects/${type}`;
  const first = `${type}:first`;
  const second = `${type}:second`;
  return [
    {
      op: `POST ${base}`,
      expect: 201,
      call: (ids) => ({ path: base, body: create(ids) }),
      keep: (b, ids) => void (ids[first] = b.id),
    },
    {
      op: `POST ${base}/batch/create`,
      expect: 201,
      call: (ids) => ({ path: `${base}/batch/create`, body: { inputs: [create(ids)] } }),
      keep: (b, ids) => void (ids[second] = b.results[0].id),
    },
    { op: `GET ${base}`, expect: 200, call: () => ({ path: base, query: { limit: '10', associations: 'contacts' } }) },
    {
      op: `GET ${base}/{${param}}`,
      expect: 200,
      call: (ids) => ({ path: `${base}/${need(ids, first)}`, query: { associations: 'contacts' } }),
    },
    {
      op: `PATCH ${base}/{${param}}`,
      expect: 200,
      call: (ids) => ({ path: `${base}/${need(ids, first)}`, body: { properties: update } }),
    },
    {
      op: `POST ${base}/batch/read`,
      expect: 200,
      call: (ids) => ({
        path: `${base}/batch/read`,
        body: { inputs: [{ id: need(ids, first) }], properties: Object.keys(update), propertiesWithHistory: [] },
      }),
    },
    {
      op: `POST ${base}/batch/update`,
      expect: 200,
      call: (ids) => ({
        path: `${base}/batch/update`,
        body: { inputs: [{ id: need(ids, first), properties: update }] },
      }),
    },
    {
      op: `POST ${base}/batch/upsert`,
      variant: 'by id',
      expect: 200,
      call: (ids) => ({
        path: `${base}/batch/upsert`,
        body: { inputs: [{ id: need(ids, first), properties: update }] },
      }),
    },
    { op: `POST ${base}/search`, expect: 200, call: () => ({ path: `${base}/search`, body: searchBody(search) }) },
    ...(merge
      ? [
          {
            op: `POST ${base}/merge`,
            expect: 200,
            call: (ids: Ids) => ({
              path: `${base}/merge`,
              body: { primaryObjectId: need(ids, first), objectIdToMerge: need(ids, second) },
            }),
          },
        ]
      : []),
    {
      op: `POST ${base}/batch/archive`,
      expect: 204,
      call: (ids) => ({ path: `${base}/batch/archive`, body: { inputs: [{ id: need(ids, second) }] } }),
    },
    { op: `DELETE ${base}/{${param}}`, expect: 204, call: (ids) => ({ path: `${base}/${need(ids, first)}` }) },
  ];
});

/** Pipelines: a client reads them to show stage labels; an admin renames a stage, adds one, and adds a pipeline. */
const PIPELINE_STEPS: Step[] = [
  ...[
    ['deals', 'default', 'appointmentscheduled'],
    ['tickets', '0', '1'],
  ].flatMap(([t, pipeline, stage]): Step[] => [
    {
      op: 'GET /crm/v3/pipelines/{objectType}',
      variant: t,
      expect: 200,
      call: () => ({ path: `/crm/v3/pipelines/${t}` }),
    },
    {
      op: 'GET /crm/v3/pipelines/{objectType}/{pipelineId}',
      variant: t,
      expect: 200,
      call: () => ({ path: `/crm/v3/pipelines/${t}/${pipeline}` }),
    },
    {
      op: 'GET /crm/v3/pipelines/{objectType}/{pipelineId}/stages',
      variant: t,
      expect: 200,
      call: () => ({ path: `/crm/v3/pipelines/${t}/${pipeline}/stages` }),
    },
    {
      op: 'GET /crm/v3/pipelines/{objectType}/{pipelineId}/stages/{stageId}',
      variant: t,
      expect: 200,
      call: () => ({ path: `/crm/v3/pipelines/${t}/${pipeline}/stages/${stage}` }),
    },
  ]),
  {
    op: 'GET /crm/v3/pipelines/{objectType}/{pipelineId}',
    variant: 'unknown pipeline (404)',
    expect: 404,
    call: () => ({ path: '/crm/v3/pipelines/deals/nosuchpipeline' }),
  },
  {
    op: 'PATCH /crm/v3/pipelines/{objectType}/{pipelineId}/stages/{stageId}',
    expect: 200,
    call: () => ({
      path: '/crm/v3/pipelines/deals/default/stages/qualifiedtobuy',
      body: { label: 'Qualified', metadata: { probability: '0.5', isClosed: 'false' } },
    }),
  },
  {
    op: 'POST /crm/v3/pipelines/{objectType}/{pipelineId}/stages',
    expect: 201,
    call: () => ({
      path: '/crm/v3/pipelines/deals/default/stages',
      body: { label: 'Legal review', displayOrder: 5, metadata: { probability: '0.95', isClosed: 'false' } },
    }),
    keep: (b, ids) => void (ids.legalReview = b.id),
  },
  {
    op: 'POST /crm/v3/pipelines/{objectType}',
    expect: 201,
    call: () => ({
      path: '/crm/v3/pipelines/tickets',
      body: {
        label: 'Onboarding',
        displayOrder: 1,
        stages: [
          { label: 'Kick-off', displayOrder: 0, metadata: { ticketState: 'OPEN' } },
          { label: 'Live', displayOrder: 1, metadata: { ticketState: 'CLOSED' } },
        ],
      },
    }),
    keep: (b, ids) => void (ids.onboarding = b.id),
  },
  {
    op: 'PATCH /crm/v3/pipelines/{objectType}/{pipelineId}',
    expect: 200,
    call: (ids) => ({
      path: `/crm/v3/pipelines/tickets/${need(ids, 'onboarding')}`,
      body: { label: 'Customer onboarding' },
    }),
  },
];

const SCENARIO: Step[] = [
  // Owners: the add-on finds the rep's owner id by address.
  {
    op: 'GET /crm/v3/owners/',
    expect: 200,
    call: () => ({ path: '/crm/v3/owners/', query: { limit: '100', archived: 'false' } }),
    keep: (b, ids) => {
      ids.bob = b.results.find((o: any) => o.email === 'bob@acme.test')?.id;
    },
  },
  {
    op: 'GET /crm/v3/owners/',
    variant: 'by email',
    expect: 200,
    call: () => ({ path: '/crm/v3/owners/', query: { email: 'bob@acme.test' } }),
  },
  {
    op: 'GET /crm/v3/owners/',
    variant: 'paged',
    expect: 200,
    call: () => ({ path: '/crm/v3/owners/', query: { limit: '1' } }),
  },
  {
    op: 'GET /crm/v3/owners/{ownerId}',
    expect: 200,
    call: (ids) => ({ path: `/crm/v3/owners/${need(ids, 'bob')}`, query: { idProperty: 'id', archived: 'false' } }),
  },

  // Properties: what a form or an import mapping reads first.
  ...TYPES.map((t): Step => ({
    op: 'GET /crm/v3/properties/{objectType}',
    variant: t,
    expect: 200,
    call: () => ({ path: `/crm/v3/properties/${t}`, query: { archived: 'false' } }),
  })),
  ...[
    ['contacts', 'hubspot_owner_id'],
    ['contacts', 'hs_legal_basis'],
    ['deals', 'dealstage'],
  ].map(([t, name]): Step => ({
    op: 'GET /crm/v3/properties/{objectType}/{propertyName}',
    variant: `${t}.${name}`,
    expect: 200,
    call: () => ({ path: `/crm/v3/properties/${t}/${name}` }),
  })),

  // Custom properties: an integration, on install, makes its group and properties, then reads them back.
  {
    op: 'GET /crm/v3/properties/{objectType}/groups',
    expect: 200,
    call: () => ({ path: '/crm/v3/properties/contacts/groups' }),
  },
  {
    op: 'POST /crm/v3/properties/{objectType}/groups',
    expect: 201,
    call: () => ({
      path: '/crm/v3/properties/contacts/groups',
      body: { name: 'shoeshop', label: 'Shoe shop', displayOrder: 1 },
    }),
  },
  {
    op: 'GET /crm/v3/properties/{objectType}/groups/{groupName}',
    expect: 200,
    call: () => ({ path: '/crm/v3/properties/contacts/groups/shoeshop' }),
  },
  {
    op: 'GET /crm/v3/properties/{objectType}/groups/{groupName}',
    variant: 'unknown group (404)',
    expect: 404,
    call: () => ({ path: '/crm/v3/properties/contacts/groups/nosuchgroup' }),
  },
  {
    op: 'POST /crm/v3/properties/{objectType}',
    expect: 201,
    call: () => ({
      path: '/crm/v3/properties/contacts',
      body: {
        name: 'favourite_colour',
        label: 'Favourite colour',
        groupName: 'contactinformation',
        type: 'enumeration',
        fieldType: 'select',
        options: [
          { label: 'Blue', value: 'blue', hidden: false },
          { label: 'Red', value: 'red', hidden: false },
        ],
      },
    }),
  },
  {
    op: 'POST /crm/v3/properties/{objectType}',
    variant: 'a unique property',
    expect: 201,
    call: () => ({
      path: '/crm/v3/properties/contacts',
      body: {
        name: 'shoeshop_customer_id',
        label: 'Shoe shop customer id',
        groupName: 'shoeshop',
        type: 'string',
        fieldType: 'text',
        hasUniqueValue: true,
      },
    }),
  },
  {
    op: 'POST /crm/v3/properties/{objectType}',
    variant: 'a name taken (409)',
    expect: 409,
    call: () => ({
      path: '/crm/v3/properties/contacts',
      body: { name: 'email', label: 'Email', groupName: 'contactinformation', type: 'string', fieldType: 'text' },
    }),
  },
  {
    op: 'POST /crm/v3/properties/{objectType}/batch/create',
    expect: 201,
    call: () => ({
      path: '/crm/v3/properties/contacts/batch/create',
      body: {
        inputs: [{ name: 'shoe_size', label: 'Shoe size', groupName: 'shoeshop', type: 'number', fieldType: 'number' }],
      },
    }),
  },
  {
    op: 'POST /crm/v3/properties/{objectType}/batch/read',
    expect: 200,
    call: () => ({
      path: '/crm/v3/properties/contacts/batch/read',
      body: {
        archived: false,
        dataSensitivity: 'non_sensitive',
        inputs: [{ name: 'email' }, { name: 'favourite_colour' }, { name: 'shoe_size' }],
      },
    }),
  },
  {
    op: 'POST /crm/v3/properties/{objectType}/batch/read',
    variant: 'one unknown (207)',
    expect: 207,
    call: () => ({
      path: '/crm/v3/properties/contacts/batch/read',
      body: { archived: false, dataSensitivity: 'non_sensitive', inputs: [{ name: 'email' }, { name: 'no_such' }] },
    }),
  },
  {
    op: 'GET /crm/v3/properties/{objectType}/{propertyName}',
    variant: 'contacts.favourite_colour',
    expect: 200,
    call: () => ({ path: '/crm/v3/properties/contacts/favourite_colour' }),
  },

  // Pipelines, before deals and tickets use them.
  ...PIPELINE_STEPS,

  // Create: companies, their contacts, deals, then the logged emails with their associations inline.
  {
    op: 'POST /crm/v3/objects/companies',
    expect: 201,
    call: () => ({
      path: '/crm/v3/objects/companies',
      body: { properties: { name: 'Globex', domain: 'globex.test', city: 'Springfield' }, associations: [] },
    }),
    keep: (b, ids) => void (ids.globex = b.id),
  },
  {
    op: 'POST /crm/v3/objects/companies/batch/create',
    expect: 201,
    call: () => ({
      path: '/crm/v3/objects/companies/batch/create',
      body: {
        inputs: [
          { properties: { name: 'Initech', domain: 'initech.test', industry: 'Software' }, associations: [] },
          { properties: { name: 'Umbrella', domain: 'umbrella.test' }, associations: [] },
        ],
      },
    }),
    keep: keepBy('name', { initech: 'Initech', umbrella: 'Umbrella' }),
  },
  {
    op: 'POST /crm/v3/objects/contacts',
    expect: 201,
    call: (ids) => ({
      path: '/crm/v3/objects/contacts',
      body: {
        properties: {
          email: 'hank@globex.test',
          firstname: 'Hank',
          lastname: 'Scorpio',
          hubspot_owner_id: need(ids, 'bob'),
          favourite_colour: 'blue',
          shoe_size: '44',
        },
        associations: [to(need(ids, 'globex'), 279)],
      },
    }),
    keep: (b, ids) => void (ids.hank = b.id),
  },
  {
    op: 'POST /crm/v3/objects/contacts/batch/create',
    expect: 201,
    call: (ids) => ({
      path: '/crm/v3/objects/contacts/batch/create',
      body: {
        inputs: [
          {
            properties: { email: 'mindy@globex.test', firstname: 'Mindy', jobtitle: 'Buyer' },
            associations: [to(need(ids, 'globex'), 279)],
          },
          {
            properties: {
              email: 'peter@initech.test',
              firstname: 'Peter',
              lastname: 'Gibbons',
              hs_legal_basis: 'Legitimate interest – prospect/lead',
            },
            associations: [to(need(ids, 'initech'), 279)],
          },
        ],
      },
    }),
    keep: keepBy('email', { mindy: 'mindy@globex.test', peter: 'peter@initech.test' }),
  },
  {
    op: 'POST /crm/v3/objects/contacts/batch/create',
    variant: 'one address already taken (207)',
    expect: 207,
    call: () => ({
      path: '/crm/v3/objects/contacts/batch/create',
      body: {
        inputs: [
          { properties: { email: 'joanna@initech.test', firstname: 'Joanna' }, associations: [] },
          { properties: { email: 'hank@globex.test' }, associations: [] },
        ],
      },
    }),
    keep: keepBy('email', { joanna: 'joanna@initech.test' }),
  },
  {
    op: 'POST /crm/v3/objects/contacts',
    variant: 'address already taken (409)',
    expect: 409,
    call: () => ({
      path: '/crm/v3/objects/contacts',
      body: { properties: { email: 'HANK@globex.test' }, associations: [] },
    }),
  },
  {
    op: 'POST /crm/v3/objects/contacts',
    variant: 'a read-only property (400)',
    expect: 400,
    call: () => ({
      path: '/crm/v3/objects/contacts',
      body: { properties: { email: 'milton@initech.test', hs_marketable_status: 'true' }, associations: [] },
    }),
  },
  {
    op: 'POST /crm/v3/objects/deals',
    expect: 201,
    call: (ids) => ({
      path: '/crm/v3/objects/deals',
      body: {
        properties: {
          dealname: 'Globex – 50 seats',
          amount: '24000',
          dealstage: 'qualifiedtobuy',
          pipeline: 'default',
          closedate: '2026-09-30T00:00:00.000Z',
          hubspot_owner_id: need(ids, 'bob'),
        },
        associations: [to(need(ids, 'hank'), 3), to(need(ids, 'globex'), 341)],
      },
    }),
    keep: (b, ids) => void (ids.globexDeal = b.id),
  },
  {
    op: 'POST /crm/v3/objects/deals/batch/create',
    expect: 201,
    call: (ids) => ({
      path: '/crm/v3/objects/deals/batch/create',
      body: {
        inputs: [
          {
            properties: {
              dealname: 'Initech renewal',
              amount: '9000',
              dealstage: 'appointmentscheduled',
              pipeline: 'default',
              dealtype: 'existingbusiness',
            },
            associations: [to(need(ids, 'peter'), 3), to(need(ids, 'initech'), 341)],
          },
          {
            properties: { dealname: 'Umbrella pilot', dealstage: 'appointmentscheduled', pipeline: 'default' },
            associations: [],
          },
        ],
      },
    }),
    keep: keepBy('dealname', { initechDeal: 'Initech renewal', umbrellaDeal: 'Umbrella pilot' }),
  },
  {
    op: 'POST /crm/v3/objects/emails',
    expect: 201,
    call: (ids) => ({
      path: '/crm/v3/objects/emails',
      body: {
        properties: {
          hs_timestamp: '2026-01-31T12:00:00.000Z',
          hubspot_owner_id: need(ids, 'bob'),
          hs_email_direction: 'EMAIL',
          hs_email_status: 'SENT',
          hs_email_subject: 'Next steps',
          hs_email_text: 'Hi Hank, here are the next steps.',
          hs_email_html: '<p>Hi Hank, here are the next steps.</p>',
          hs_email_headers: headers('bob@acme.test', 'hank@globex.test', 'Hank'),
        },
        associations: [to(need(ids, 'hank'), 198), to(need(ids, 'globex'), 186), to(need(ids, 'globexDeal'), 210)],
      },
    }),
    keep: (b, ids) => void (ids.firstEmail = b.id),
  },
  {
    op: 'POST /crm/v3/objects/emails/batch/create',
    expect: 201,
    call: (ids) => ({
      path: '/crm/v3/objects/emails/batch/create',
      body: {
        inputs: [
          {
            properties: {
              hs_timestamp: '2026-02-01T09:30:00.000Z',
              hs_email_direction: 'INCOMING_EMAIL',
              hs_email_subject: 'Re: Next steps',
              hs_email_text: 'Sounds good.',
              hs_email_headers: headers('hank@globex.test', 'bob@acme.test', 'Bob'),
            },
            associations: [to(need(ids, 'hank'), 198), to(need(ids, 'globex'), 186)],
          },
          {
            properties: {
              hs_timestamp: '2026-02-02T15:00:00.000Z',
              hs_email_direction: 'EMAIL',
              hs_email_status: 'SENT',
              hs_email_subject: 'Renewal',
              hubspot_owner_id: need(ids, 'bob'),
            },
            associations: [to(need(ids, 'peter'), 198), to(need(ids, 'initechDeal'), 210)],
          },
        ],
      },
    }),
    keep: keepBy('hs_email_subject', { reply: 'Re: Next steps', renewalEmail: 'Renewal' }),
  },

  // Notes, tickets and tasks about the contacts.
  ...MORE_TYPE_STEPS,

  // Reads: one record, a page, a batch, a search; each asks for properties some records do not have.
  ...TYPES.map((t): Step => ({
    op: `GET /crm/v3/objects/${t}/{${PARAM[t]}}`,
    expect: 200,
    call: (ids) => ({
      path: `/crm/v3/objects/${t}/${need(ids, FIRST[t])}`,
      query: { properties: READ[t].join(','), associations: ASSOCIATED[t], archived: 'false' },
    }),
  })),
  {
    op: 'GET /crm/v3/objects/contacts/{contactId}',
    variant: 'idProperty=email',
    expect: 200,
    call: () => ({
      path: `/crm/v3/objects/contacts/${encodeURIComponent('hank@globex.test')}`,
      query: { idProperty: 'email', properties: READ.contacts.join(',') },
    }),
  },
  {
    op: 'GET /crm/v3/objects/companies/{companyId}',
    variant: 'idProperty=domain',
    expect: 200,
    call: () => ({
      path: '/crm/v3/objects/companies/initech.test',
      query: { idProperty: 'domain', properties: READ.companies.join(',') },
    }),
  },
  {
    op: 'GET /crm/v3/objects/0-3/{dealId}',
    expect: 200,
    call: (ids) => ({
      path: `/crm/v3/objects/0-3/${need(ids, 'initechDeal')}`,
      query: { properties: READ.deals.join(','), associations: 'contacts' },
    }),
  },
  ...TYPES.map((t): Step => ({
    op: `GET /crm/v3/objects/${t}`,
    expect: 200,
    call: () => ({
      path: `/crm/v3/objects/${t}`,
      query: { limit: '2', properties: READ[t].join(','), associations: ASSOCIATED[t], archived: 'false' },
    }),
    ...(t === 'contacts' && { keep: (b: any, ids: Ids) => void (ids.contactsAfter = b.paging?.next?.after) }),
  })),
  {
    op: 'GET /crm/v3/objects/contacts',
    variant: 'page 2',
    expect: 200,
    call: (ids) => ({
      path: '/crm/v3/objects/contacts',
      query: { limit: '2', after: need(ids, 'contactsAfter'), properties: READ.contacts.join(',') },
    }),
  },
  ...TYPES.map((t): Step => ({
    op: `POST /crm/v3/objects/${t}/batch/read`,
    expect: 200,
    call: (ids) => ({
      path: `/crm/v3/objects/${t}/batch/read`,
      body: {
        inputs: [{ id: need(ids, FIRST[t]) }, { id: need(ids, SECOND[t]) }],
        properties: READ[t],
        propertiesWithHistory: [],
      },
    }),
  })),
  ...TYPES.map((t): Step => ({
    op: `POST /crm/v3/objects/${t}/batch/read`,
    variant: 'one id missing (207)',
    expect: 207,
    call: (ids) => ({
      path: `/crm/v3/objects/${t}/batch/read`,
      body: {
        inputs: [{ id: need(ids, FIRST[t]) }, { id: '987654321' }],
        properties: READ[t],
        propertiesWithHistory: [],
      },
    }),
  })),
  {
    op: 'POST /crm/v3/objects/contacts/batch/read',
    variant: 'idProperty=email',
    expect: 200,
    call: () => ({
      path: '/crm/v3/objects/contacts/batch/read',
      body: {
        idProperty: 'email',
        inputs: [{ id: 'hank@globex.test' }, { id: 'MINDY@globex.test' }],
        properties: READ.contacts,
        propertiesWithHistory: [],
      },
    }),
  },
  {
    op: 'POST /crm/v3/objects/contacts/search',
    expect: 200,
    call: () => ({
      path: '/crm/v3/objects/contacts/search',
      body: searchBody(
        [
          {
            propertyName: 'email',
            operator: 'IN',
            values: ['hank@globex.test', 'mindy@globex.test', 'nobody@globex.test'],
          },
        ],
        { sorts: ['email'], properties: READ.contacts, limit: 1 },
      ),
    }),
  },
  {
    op: 'POST /crm/v3/objects/contacts/search',
    variant: 'by custom properties',
    expect: 200,
    call: () => ({
      path: '/crm/v3/objects/contacts/search',
      body: searchBody(
        [
          { propertyName: 'favourite_colour', operator: 'EQ', value: 'blue' },
          { propertyName: 'shoe_size', operator: 'GTE', value: '40' },
        ],
        { properties: ['email', 'favourite_colour', 'shoe_size'] },
      ),
    }),
  },
  {
    op: 'POST /crm/v3/objects/contacts/search',
    variant: 'query',
    expect: 200,
    call: () => ({
      path: '/crm/v3/objects/contacts/search',
      body: searchBody([], { query: 'globex', properties: READ.contacts }),
    }),
  },
  {
    op: 'POST /crm/v3/objects/companies/search',
    expect: 200,
    call: () => ({
      path: '/crm/v3/objects/companies/search',
      body: searchBody([{ propertyName: 'domain', operator: 'EQ', value: 'globex.test' }], {
        properties: READ.companies,
      }),
    }),
  },
  {
    op: 'POST /crm/v3/objects/deals/search',
    expect: 200,
    call: () => ({
      path: '/crm/v3/objects/deals/search',
      body: searchBody(
        [
          { propertyName: 'pipeline', operator: 'EQ', value: 'default' },
          { propertyName: 'amount', operator: 'GTE', value: '1000' },
        ],
        { sorts: ['-createdate'], properties: READ.deals },
      ),
    }),
  },
  {
    op: 'POST /crm/v3/objects/emails/search',
    expect: 200,
    call: () => ({
      path: '/crm/v3/objects/emails/search',
      body: searchBody(
        [
          {
            propertyName: 'hs_timestamp',
            operator: 'BETWEEN',
            value: '2026-01-01T00:00:00.000Z',
            highValue: '2026-12-31T00:00:00.000Z',
          },
        ],
        { sorts: ['hs_timestamp'], properties: READ.emails },
      ),
    }),
  },

  // Updates.
  {
    op: 'PATCH /crm/v3/objects/contacts/{contactId}',
    expect: 200,
    call: (ids) => ({
      path: `/crm/v3/objects/contacts/${need(ids, 'hank')}`,
      body: { properties: { jobtitle: 'CEO', lifecyclestage: 'opportunity' } },
    }),
  },
  {
    op: 'PATCH /crm/v3/objects/contacts/{contactId}',
    variant: 'idProperty=email, clearing a property',
    expect: 200,
    call: () => ({
      path: `/crm/v3/objects/contacts/${encodeURIComponent('mindy@globex.test')}`,
      query: { idProperty: 'email' },
      body: { properties: { jobtitle: '', phone: '+1 555 0100' } },
    }),
  },
  {
    op: 'PATCH /crm/v3/objects/companies/{companyId}',
    expect: 200,
    call: (ids) => ({
      path: `/crm/v3/objects/companies/${need(ids, 'globex')}`,
      body: { properties: { description: 'Cypress Creek', numberofemployees: '1200' } },
    }),
  },
  {
    op: 'PATCH /crm/v3/objects/deals/{dealId}',
    expect: 200,
    call: (ids) => ({
      path: `/crm/v3/objects/deals/${need(ids, 'globexDeal')}`,
      body: { properties: { dealstage: 'presentationscheduled', amount: '26000' } },
    }),
  },
  {
    op: 'PATCH /crm/v3/objects/emails/{emailId}',
    expect: 200,
    call: (ids) => ({
      path: `/crm/v3/objects/emails/${need(ids, 'firstEmail')}`,
      body: { properties: { hs_email_subject: 'Next steps (updated)' } },
    }),
  },
  {
    op: 'PATCH /crm/v3/objects/contacts/{contactId}',
    variant: 'unknown id (404)',
    expect: 404,
    call: () => ({ path: '/crm/v3/objects/contacts/987654321', body: { properties: { jobtitle: 'Nobody' } } }),
  },
  {
    op: 'POST /crm/v3/objects/contacts/batch/update',
    expect: 200,
    call: (ids) => ({
      path: '/crm/v3/objects/contacts/batch/update',
      body: { inputs: [{ id: need(ids, 'peter'), properties: { company: 'Initech', city: 'Austin' } }] },
    }),
  },
  {
    op: 'POST /crm/v3/objects/contacts/batch/update',
    variant: 'idProperty=email',
    expect: 200,
    call: () => ({
      path: '/crm/v3/objects/contacts/batch/update',
      body: { inputs: [{ id: 'joanna@initech.test', idProperty: 'email', properties: { lastname: 'Smith' } }] },
    }),
  },
  {
    op: 'POST /crm/v3/objects/companies/batch/update',
    expect: 200,
    call: (ids) => ({
      path: '/crm/v3/objects/companies/batch/update',
      body: { inputs: [{ id: need(ids, 'initech'), properties: { city: 'Austin' } }] },
    }),
  },
  {
    op: 'POST /crm/v3/objects/deals/batch/update',
    expect: 200,
    call: (ids) => ({
      path: '/crm/v3/objects/deals/batch/update',
      body: {
        inputs: [
          { id: need(ids, 'initechDeal'), properties: { dealstage: 'closedwon' } },
          { id: need(ids, 'umbrellaDeal'), properties: { amount: '500' } },
        ],
      },
    }),
  },
  {
    op: 'POST /crm/v3/objects/emails/batch/update',
    expect: 200,
    call: (ids) => ({
      path: '/crm/v3/objects/emails/batch/update',
      body: { inputs: [{ id: need(ids, 'renewalEmail'), properties: { hs_email_status: 'BOUNCED' } }] },
    }),
  },

  // Upserts: the usual sync by address, and by the integration's own unique id.
  {
    op: 'POST /crm/v3/objects/contacts/batch/upsert',
    expect: 200,
    call: () => ({
      path: '/crm/v3/objects/contacts/batch/upsert',
      body: {
        inputs: [
          { id: 'bill@initech.test', idProperty: 'email', properties: { firstname: 'Bill', lastname: 'Lumbergh' } },
          { id: 'HANK@globex.test', idProperty: 'email', properties: { phone: '+1 555 0199' } },
        ],
      },
    }),
    keep: keepBy('email', { bill: 'bill@initech.test' }),
  },
  {
    op: 'POST /crm/v3/objects/contacts/batch/upsert',
    variant: 'by a custom unique property',
    expect: 200,
    call: () => ({
      path: '/crm/v3/objects/contacts/batch/upsert',
      body: {
        inputs: [
          {
            id: 'SHOE-1001',
            idProperty: 'shoeshop_customer_id',
            properties: { email: 'samir@initech.test', shoe_size: '42' },
          },
        ],
      },
    }),
    keep: keepBy('email', { samir: 'samir@initech.test' }),
  },
  // Merges: duplicates found after a sync.
  {
    op: 'POST /crm/v3/objects/contacts/merge',
    expect: 200,
    call: (ids) => ({
      path: '/crm/v3/objects/contacts/merge',
      body: { primaryObjectId: need(ids, 'bill'), objectIdToMerge: need(ids, 'samir') },
    }),
  },
  {
    op: 'GET /crm/v3/objects/contacts/{contactId}',
    variant: 'a merged id',
    expect: 200,
    call: (ids) => ({
      path: `/crm/v3/objects/contacts/${need(ids, 'samir')}`,
      query: { properties: 'email,hs_additional_emails' },
    }),
  },
  {
    op: 'POST /crm/v3/objects/contacts/merge',
    variant: 'with itself (400)',
    expect: 400,
    call: (ids) => ({
      path: '/crm/v3/objects/contacts/merge',
      body: { primaryObjectId: need(ids, 'bill'), objectIdToMerge: need(ids, 'bill') },
    }),
  },
  {
    op: 'POST /crm/v3/objects/companies',
    variant: 'a duplicate',
    expect: 201,
    call: () => ({
      path: '/crm/v3/objects/companies',
      body: {
        properties: { name: 'Globex Corporation', domain: 'globex.test', phone: '+1 555 0100' },
        associations: [],
      },
    }),
    keep: (b, ids) => void (ids.globexDuplicate = b.id),
  },
  {
    op: 'POST /crm/v3/objects/companies/merge',
    expect: 200,
    call: (ids) => ({
      path: '/crm/v3/objects/companies/merge',
      body: { primaryObjectId: need(ids, 'globex'), objectIdToMerge: need(ids, 'globexDuplicate') },
    }),
  },
  {
    op: 'POST /crm/v3/objects/deals',
    variant: 'a duplicate',
    expect: 201,
    call: (ids) => ({
      path: '/crm/v3/objects/deals',
      body: {
        properties: { dealname: 'Globex 50 seats (dup)', dealstage: 'qualifiedtobuy' },
        associations: [to(need(ids, 'mindy'), 3)],
      },
    }),
    keep: (b, ids) => void (ids.globexDealDuplicate = b.id),
  },
  {
    op: 'POST /crm/v3/objects/deals/merge',
    expect: 200,
    call: (ids) => ({
      path: '/crm/v3/objects/deals/merge',
      body: { primaryObjectId: need(ids, 'globexDeal'), objectIdToMerge: need(ids, 'globexDealDuplicate') },
    }),
  },
  {
    op: 'POST /crm/v3/objects/companies/batch/upsert',
    variant: 'domain is not unique (400)',
    expect: 400,
    call: () => ({
      path: '/crm/v3/objects/companies/batch/upsert',
      body: { inputs: [{ id: 'globex.test', idProperty: 'domain', properties: { city: 'Cypress Creek' } }] },
    }),
  },
  {
    op: 'POST /crm/v3/objects/companies/batch/upsert',
    expect: 200,
    call: (ids) => ({
      path: '/crm/v3/objects/companies/batch/upsert',
      body: { inputs: [{ id: need(ids, 'globex'), properties: { city: 'Cypress Creek' } }] },
    }),
  },
  {
    op: 'POST /crm/v3/objects/deals/batch/upsert',
    expect: 207,
    variant: 'by id, one missing (207)',
    call: (ids) => ({
      path: '/crm/v3/objects/deals/batch/upsert',
      body: {
        inputs: [
          { id: need(ids, 'globexDeal'), properties: { amount: '27000' } },
          { id: '987654321', properties: { amount: '1' } },
        ],
      },
    }),
  },
  {
    op: 'POST /crm/v3/objects/emails/batch/upsert',
    variant: 'hs_email_message_id is not unique (400)',
    expect: 400,
    call: () => ({
      path: '/crm/v3/objects/emails/batch/upsert',
      body: {
        inputs: [{ id: '<abc@acme.test>', idProperty: 'hs_email_message_id', properties: { hs_email_subject: 'x' } }],
      },
    }),
  },

  // v4 associations: a rep edits a logged email's and a contact's associations.
  {
    op: 'PUT /crm/v4/objects/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}',
    expect: 200,
    call: (ids) => ({
      path: `/crm/v4/objects/contacts/${need(ids, 'mindy')}/associations/default/deals/${need(ids, 'globexDeal')}`,
    }),
  },
  {
    op: 'PUT /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}',
    expect: 201,
    call: (ids) => ({
      path: `/crm/v4/objects/contacts/${need(ids, 'hank')}/associations/companies/${need(ids, 'globex')}`,
      body: spec(1),
    }),
  },
  // Custom association labels: an admin labels who decides at a company, then a sync applies the label in bulk.
  {
    op: 'GET /crm/v4/associations/{fromObjectType}/{toObjectType}/labels',
    expect: 200,
    call: () => ({ path: '/crm/v4/associations/contacts/companies/labels' }),
  },
  {
    op: 'POST /crm/v4/associations/{fromObjectType}/{toObjectType}/labels',
    expect: 200,
    call: () => ({
      path: '/crm/v4/associations/contacts/companies/labels',
      body: { label: 'Decision maker', name: 'decision_maker', inverseLabel: 'Has decision maker' },
    }),
    keep: (b, ids) =>
      void (ids.decisionMaker = String(b.results.find((t: any) => t.label === 'Decision maker')?.typeId)),
  },
  {
    op: 'PUT /crm/v4/associations/{fromObjectType}/{toObjectType}/labels',
    expect: 204,
    call: (ids) => ({
      path: '/crm/v4/associations/contacts/companies/labels',
      body: { associationTypeId: Number(need(ids, 'decisionMaker')), label: 'Decision-maker' },
    }),
  },
  {
    op: 'POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/create',
    expect: 201,
    call: (ids) => ({
      path: '/crm/v4/associations/contacts/companies/batch/create',
      body: {
        inputs: [
          {
            from: { id: need(ids, 'hank') },
            to: { id: need(ids, 'globex') },
            types: [{ associationCategory: 'USER_DEFINED', associationTypeId: Number(need(ids, 'decisionMaker')) }],
          },
          { from: { id: need(ids, 'mindy') }, to: { id: need(ids, 'initech') }, types: spec(279) },
        ],
      },
    }),
  },
  {
    op: 'POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/create',
    variant: 'one record missing (207)',
    expect: 207,
    call: (ids) => ({
      path: '/crm/v4/associations/contacts/companies/batch/create',
      body: {
        inputs: [
          { from: { id: need(ids, 'mindy') }, to: { id: need(ids, 'globex') }, types: spec(279) },
          { from: { id: '987654321' }, to: { id: need(ids, 'globex') }, types: spec(279) },
        ],
      },
    }),
  },
  {
    op: 'GET /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}',
    variant: 'contact → companies',
    expect: 200,
    call: (ids) => ({
      path: `/crm/v4/objects/contacts/${need(ids, 'hank')}/associations/companies`,
      query: { limit: '500' },
    }),
  },
  {
    op: 'GET /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}',
    variant: 'deal → contacts, paged',
    expect: 200,
    call: (ids) => ({
      path: `/crm/v4/objects/deals/${need(ids, 'globexDeal')}/associations/contacts`,
      query: { limit: '1' },
    }),
  },
  {
    op: 'POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read',
    expect: 200,
    call: (ids) => ({
      path: '/crm/v4/associations/contacts/companies/batch/read',
      body: { inputs: [{ id: need(ids, 'hank') }, { id: need(ids, 'mindy') }] },
    }),
  },
  {
    op: 'POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read',
    variant: 'one without any (207)',
    expect: 207,
    call: (ids) => ({
      path: '/crm/v4/associations/contacts/deals/batch/read',
      body: { inputs: [{ id: need(ids, 'hank') }, { id: need(ids, 'joanna') }] },
    }),
  },
  {
    op: 'POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/associate/default',
    expect: 200,
    call: (ids) => ({
      path: '/crm/v4/associations/deals/companies/batch/associate/default',
      body: { inputs: [{ from: { id: need(ids, 'umbrellaDeal') }, to: { id: need(ids, 'umbrella') } }] },
    }),
  },
  {
    op: 'DELETE /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}',
    expect: 204,
    call: (ids) => ({
      path: `/crm/v4/objects/contacts/${need(ids, 'mindy')}/associations/deals/${need(ids, 'globexDeal')}`,
    }),
  },
  {
    op: 'POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/archive',
    expect: 204,
    call: (ids) => ({
      path: '/crm/v4/associations/deals/companies/batch/archive',
      body: { inputs: [{ from: { id: need(ids, 'umbrellaDeal') }, to: [{ id: need(ids, 'umbrella') }] }] },
    }),
  },

  {
    op: 'DELETE /crm/v4/associations/{fromObjectType}/{toObjectType}/labels/{associationTypeId}',
    expect: 204,
    call: (ids) => ({ path: `/crm/v4/associations/contacts/companies/labels/${need(ids, 'decisionMaker')}` }),
  },

  // Archive, then read what is archived.
  {
    op: 'DELETE /crm/v3/objects/contacts/{contactId}',
    expect: 204,
    call: (ids) => ({ path: `/crm/v3/objects/contacts/${need(ids, 'joanna')}` }),
  },
  {
    op: 'DELETE /crm/v3/objects/companies/{companyId}',
    expect: 204,
    call: (ids) => ({ path: `/crm/v3/objects/companies/${need(ids, 'umbrella')}` }),
  },
  {
    op: 'DELETE /crm/v3/objects/deals/{dealId}',
    expect: 204,
    call: (ids) => ({ path: `/crm/v3/objects/deals/${need(ids, 'umbrellaDeal')}` }),
  },
  {
    op: 'DELETE /crm/v3/objects/emails/{emailId}',
    expect: 204,
    call: (ids) => ({ path: `/crm/v3/objects/emails/${need(ids, 'renewalEmail')}` }),
  },
  {
    op: 'GET /crm/v3/objects/contacts/{contactId}',
    variant: 'archived (404)',
    expect: 404,
    call: (ids) => ({ path: `/crm/v3/objects/contacts/${need(ids, 'joanna')}` }),
  },
  {
    op: 'GET /crm/v3/objects/contacts',
    variant: 'archived=true',
    expect: 200,
    call: () => ({ path: '/crm/v3/objects/contacts', query: { archived: 'true', properties: 'email,firstname' } }),
  },
  {
    op: 'POST /crm/v3/objects/contacts/batch/archive',
    expect: 204,
    call: (ids) => ({ path: '/crm/v3/objects/contacts/batch/archive', body: { inputs: [{ id: need(ids, 'peter') }] } }),
  },
  {
    op: 'POST /crm/v3/objects/companies/batch/archive',
    expect: 204,
    call: (ids) => ({
      path: '/crm/v3/objects/companies/batch/archive',
      body: { inputs: [{ id: need(ids, 'initech') }] },
    }),
  },
  {
    op: 'POST /crm/v3/objects/deals/batch/archive',
    expect: 204,
    call: (ids) => ({
      path: '/crm/v3/objects/deals/batch/archive',
      body: { inputs: [{ id: need(ids, 'initechDeal') }] },
    }),
  },
  {
    op: 'POST /crm/v3/objects/emails/batch/archive',
    expect: 204,
    call: (ids) => ({ path: '/crm/v3/objects/emails/batch/archive', body: { inputs: [{ id: need(ids, 'reply') }] } }),
  },

  // GDPR: erase a contact for good, by id and by address.
  {
    op: 'POST /crm/v3/objects/contacts/gdpr-delete',
    expect: 204,
    call: (ids) => ({ path: '/crm/v3/objects/contacts/gdpr-delete', body: { objectId: need(ids, 'mindy') } }),
  },
  {
    op: 'POST /crm/v3/objects/contacts/gdpr-delete',
    variant: 'idProperty=email',
    expect: 204,
    call: () => ({
      path: '/crm/v3/objects/contacts/gdpr-delete',
      body: { objectId: 'hank@globex.test', idProperty: 'email' },
    }),
  },
  {
    op: 'POST /crm/v3/objects/contacts/gdpr-delete',
    variant: 'unknown id (404)',
    expect: 404,
    call: () => ({ path: '/crm/v3/objects/contacts/gdpr-delete', body: { objectId: '987654321' } }),
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Not yet served: HubSpot operations mailtrail does not answer. `issue18` marks those issue 18 names; the others are
// the remaining operations of the spec files read for the areas mailtrail serves. Each is probed with what a client
// sends; the probe must not succeed (when it does, move the entry into SCENARIO and check its answer).

type Probe = {
  op: string;
  variant?: string;
  issue18: boolean;
  call(ids: Ids): Request;
  keep?(body: any, ids: Ids): void;
};

const NOT_YET_SERVED: Probe[] = [
  // The legacy v3 associations batch read: HubSpot's v4 replaces it (and mailtrail serves v4); see docs/api.md.
  {
    op: 'POST /crm/v3/associations/{fromObjectType}/{toObjectType}/batch/read',
    issue18: false,
    call: (ids) => ({
      path: '/crm/v3/associations/contacts/companies/batch/read',
      body: { inputs: [{ id: idOr(ids, 'hank') }] },
    }),
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Running it

type Result = {
  row: string;
  op: string;
  status: number;
  /** The schema the answer was checked against (`empty` for a 204). */
  schema: string;
  /** Validation errors, or a problem with the call itself (then `broken`). */
  errors: ErrorObject[];
  broken?: string;
  /** The app route the request reached (scenario steps only). */
  route?: string;
};

/** A route's path as a pattern; the route with the fewest parameters wins, as in Fastify's router. */
function routeMatcher(routes: AppRoute[]) {
  const compiled = routes.map((r) => ({
    r,
    re: new RegExp(`^${r.url.replace(/:[^/]+/g, '[^/]+')}$`),
    params: (r.url.match(/:/g) ?? []).length,
  }));
  return (method: string, path: string): string | undefined => {
    const bare = path.replace(/\/+$/, '');
    const hits = compiled.filter((c) => c.r.method === method && c.re.test(bare)).sort((a, b) => a.params - b.params);
    return hits[0]?.r.key;
  };
}

const methodOf = (op: string) => op.split(' ')[0];

async function send(
  baseUrl: string,
  apiKey: string,
  method: string,
  req: Request,
): Promise<{ status: number; body: unknown; text: string }> {
  const url = new URL(req.path, baseUrl);
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${apiKey}`,
      accept: 'application/json',
      ...(req.body !== undefined && { 'content-type': 'application/json' }),
    },
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, body, text };
}

/** Sends one call of an operation and judges the answer against the spec. */
async function check(
  baseUrl: string,
  apiKey: string,
  ids: Ids,
  item: { op: string; variant?: string; call(ids: Ids): Request; keep?(body: any, ids: Ids): void },
  expect?: number,
): Promise<Result> {
  const operation: Operation | undefined = OPERATIONS[item.op];
  const row = rowId(item);
  if (!operation)
    return { row, op: item.op, status: 0, schema: '-', errors: [], broken: 'not an operation of hubspot-schemas.ts' };
  let req: Request;
  try {
    req = item.call(ids);
  } catch (err) {
    return { row, op: item.op, status: 0, schema: '-', errors: [], broken: (err as Error).message };
  }
  if (operation.request && req.body !== undefined) {
    const problems = validate(operation.request, req.body);
    if (problems.length)
      return {
        row,
        op: item.op,
        status: 0,
        schema: operation.request,
        errors: [],
        broken: `the request is not a ${operation.request}: ${problems.map(describeError).join('; ')}`,
      };
  }
  const answer = await send(baseUrl, apiKey, methodOf(item.op), req);
  const declared = operation.responses[answer.status];
  const schema = declared === undefined ? 'Error' : (declared ?? 'empty');
  const errors = schema === 'empty' ? [] : validate(schema, answer.body);
  const result: Result = { row, op: item.op, status: answer.status, schema, errors };
  if (schema === 'empty' && answer.text !== '')
    result.broken = `a ${answer.status} answer with a body: ${answer.text.slice(0, 120)}`;
  if (expect !== undefined && answer.status !== expect)
    result.broken = `status ${answer.status}, the scenario expects ${expect}: ${answer.text.slice(0, 200)}`;
  if (declared !== undefined && item.keep) {
    try {
      item.keep(answer.body, ids);
    } catch (err) {
      result.broken = `could not keep ids from the answer: ${(err as Error).message}`;
    }
  }
  return result;
}

/** The gaps that explain a result's errors, and the errors no known gap explains. */
function explain(result: Result): { gaps: GapId[]; unexplained: ErrorObject[] } {
  const gaps = new Set<GapId>();
  const unexplained: ErrorObject[] = [];
  for (const e of result.errors) {
    const gap = (Object.keys(GAPS) as GapId[]).find((g) => GAPS[g].matches(e));
    if (gap) gaps.add(gap);
    else unexplained.push(e);
  }
  return { gaps: [...gaps].sort(), unexplained };
}

function table(title: string, results: Result[], probes: Result[]): string {
  const width = Math.max(...[...results, ...probes].map((r) => r.row.length));
  const lines = results.map((r) => {
    const { gaps, unexplained } = explain(r);
    const verdict = r.broken || unexplained.length ? 'FAIL' : gaps.length ? 'GAP ' : 'PASS';
    const why =
      r.broken ??
      [
        ...gaps.map((g) => `${g} (${r.errors.filter((e) => GAPS[g].matches(e)).length})`),
        ...unexplained.slice(0, 3).map(describeError),
      ].join('; ');
    return `  ${verdict}  ${String(r.status).padEnd(3)}  ${r.row.padEnd(width)}  ${r.schema}${why ? `  — ${why}` : ''}`;
  });
  const todo = probes.map((p) => {
    const served = p.status >= 200 && p.status < 300;
    const issue = NOT_YET_SERVED.find((n) => rowId(n) === p.row)?.issue18 ? 'issue 18' : 'spec';
    return `  ${served ? 'NOW ' : 'TODO'}  ${String(p.status).padEnd(3)}  ${p.row.padEnd(width)}  ${
      served
        ? p.schema
        : Object.values(OPERATIONS[p.op]?.responses ?? {})
            .map((s) => s ?? 'empty')
            .join(' | ')
    }  — ${served ? 'answers now: move it into SCENARIO' : `not yet served (${issue})`}`;
  });
  const count = (v: string) => lines.filter((l) => l.startsWith(`  ${v}`)).length;
  return [
    `${title}: ${results.length} calls — ${count('PASS')} pass, ${count('GAP ')} known gaps, ${count('FAIL')} fail; ${probes.length} operations not yet served`,
    ...lines,
    ...todo,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// The suites

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle("HubSpot's published contract", db), () => {
    let server: InProcessServer;
    let drop: () => Promise<void>;
    let crmRoutes: AppRoute[];
    const results = new Map<string, Result>();
    const probes = new Map<string, Result>();

    beforeAll(async () => {
      const fresh = await db.create();
      drop = fresh.drop;
      server = await startServer({ db: fresh.target, dataDir: fresh.dataDir });
      const account = await createTestAccount(server.store, {
        users: [{ email: 'bob@acme.test', name: 'Bob Martin' }],
      });
      // HEAD routes are Fastify's automatic twins of GET routes; HubSpot's spec has no HEAD operation.
      crmRoutes = appRoutes(server.app).filter((r) => r.url.startsWith('/crm/') && r.method !== 'HEAD');
      const routeOf = routeMatcher(crmRoutes);
      const ids: Ids = {};
      for (const step of SCENARIO) {
        const result = await check(server.url, account.apiKey, ids, step, step.expect);
        result.route = routeOf(methodOf(step.op), safePath(step, ids));
        results.set(result.row, result);
      }
      for (const probe of NOT_YET_SERVED) probes.set(rowId(probe), await check(server.url, account.apiKey, ids, probe));
      console.log(table(`HubSpot contract on ${db.name}`, [...results.values()], [...probes.values()]));
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    it('the scenario reaches every /crm route the app registers', () => {
      const reached = new Set([...results.values()].map((r) => r.route));
      const missed = crmRoutes.filter((r) => !reached.has(r.key)).map((r) => r.key);
      expect(missed, 'routes no scenario step calls: add a step (and its schema) for each').toEqual([]);
      expect(
        [...results.values()].filter((r) => !r.route).map((r) => r.row),
        'steps whose request reached no /crm route',
      ).toEqual([]);
    });

    it('every operation of hubspot-schemas.ts is in the scenario or in NOT_YET_SERVED, not both', () => {
      const inScenario = new Set(SCENARIO.map((s) => s.op));
      const notServed = new Set(NOT_YET_SERVED.map((p) => p.op));
      expect(Object.keys(OPERATIONS).filter((op) => !inScenario.has(op) && !notServed.has(op))).toEqual([]);
      expect([...inScenario].filter((op) => notServed.has(op))).toEqual([]);
      expect([...new Set(SCENARIO.map(rowId))].length, 'scenario rows must be unique').toBe(SCENARIO.length);
    });

    for (const step of SCENARIO) {
      const row = rowId(step);
      const known = KNOWN_GAPS[row] ?? [];
      it(`${row} → ${step.expect}${known.length ? ` [known gaps: ${known.join(', ')}]` : ''}`, () => {
        const result = results.get(row)!;
        expect(result.broken, 'the call itself').toBeUndefined();
        const { gaps, unexplained } = explain(result);
        expect(
          unexplained.map(describeError),
          `answer checked against ${result.schema} (${SPEC_FILES[OPERATIONS[step.op].spec]})`,
        ).toEqual([]);
        expect(
          gaps,
          known.length ? 'fixed? then remove it from KNOWN_GAPS' : 'a known kind of gap, in a new place',
        ).toEqual([...known].sort());
      });
    }

    it('KNOWN_GAPS names exactly the operations that break the contract today', () => {
      const failing = [...results.values()]
        .filter((r) => r.errors.length || r.broken)
        .map((r) => r.row)
        .sort();
      expect(failing).toEqual(Object.keys(KNOWN_GAPS).sort());
    });

    for (const probe of NOT_YET_SERVED) {
      const row = rowId(probe);
      it(`not yet served: ${row}${probe.issue18 ? '' : ' (beyond issue 18)'}`, () => {
        const result = probes.get(row)!;
        expect(result.status, `the probe could not be sent: ${result.broken}`).not.toBe(0);
        expect(
          result.status >= 200 && result.status < 300,
          `answers ${result.status} now: move it from NOT_YET_SERVED into SCENARIO`,
        ).toBe(false);
        // Until then, its refusal is still one of HubSpot's error bodies.
        expect(result.schema).toBe('Error');
        expect(result.errors.map(describeError)).toEqual([]);
      });
    }
  });
}

/** The request path of a step, for finding its route; a step whose ids are missing has none. */
function safePath(step: Step, ids: Ids): string {
  try {
    return step.call(ids).path;
  } catch {
    return '';
  }
}
