// Every route of the app, read from the app itself, and the table that says for each one how to call it validly,
// who may call it, and where it takes ids. The fuzz and tenancy tests sweep this table; a route the table does not
// know fails them, so a new route cannot be left out.
import type { FastifyInstance } from 'fastify';
import type { IdKind } from './world';

export type AppRoute = { method: string; key: string; url: string };

/** A route's identity: method and path with every parameter written `:` (names differ between routes). */
export function routeKey(method: string, path: string): string {
  return `${method} ${path.replace(/:[^/]+/g, ':')}`;
}

/**
 * The routes Fastify registered, read from `printRoutes()` (Fastify has no other public list once the app is
 * built): a radix tree whose every line is a piece of path appended to its parent's, with the methods in
 * parentheses when a route ends there.
 */
export function appRoutes(app: FastifyInstance): AppRoute[] {
  const stack: string[] = [''];
  const routes: AppRoute[] = [];
  for (const line of app.printRoutes().split('\n')) {
    if (!line.trim()) continue;
    const m = /^([│├└─\s]*)(.*?)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) throw new Error(`cannot read the route tree line ${JSON.stringify(line)}`);
    const depth = m[1].length / 4;
    const path = stack[depth - 1] + m[2];
    stack[depth] = path;
    stack.length = depth + 1;
    // `:objectType|:fromObjectType`: two routes name the same parameter differently; the first name is real.
    const url = path.replace(/(:[^/|]+)(\|:[^/|]+)+/g, '$1');
    for (const method of (m[3] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean))
      routes.push({ method, key: routeKey(method, url), url });
  }
  return routes;
}

/** Who a route answers to, which says which credentials a request carries. */
export type Surface = 'public' | 'static' | 'tracking' | 'crm' | 'addon' | 'web' | 'admin' | 'gmail';

export type Req = { method: string; path: string; query?: Record<string, string>; body?: unknown };
export type IdSource = (kind: IdKind) => string;

export type RouteCase = {
  /** `routeKey` of the route; a static-files case names its prefix instead and matches with `files`. */
  route: string;
  surface: Surface;
  /** Valid requests, one per shape the route takes; each id, token or key comes from `id`, in order. */
  variants: ((id: IdSource) => Req)[];
  /** Why account B cannot be reached through this route, when it cannot by construction. */
  noTenancy?: string;
  /** The answer is an event stream: read its head, then hang up. */
  stream?: boolean;
  /** The request ends the caller's web session (sign in again after it). */
  endsSession?: boolean;
};

const OBJECTS = ['contacts', 'companies', 'deals', 'emails'] as const;
type ObjectType = (typeof OBJECTS)[number];
const KIND: Record<ObjectType, IdKind> = { contacts: 'contact', companies: 'company', deals: 'deal', emails: 'email' };
const RECORDS = ['contacts', 'companies', 'deals'] as const;

let serial = 0;
const unique = (what: string) => `${what}-${process.pid}-${++serial}`;
const spec = (typeId: number) => ({ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId });
const assoc = (id: string, typeId: number) => ({ to: { id }, types: [spec(typeId)] });

/** A new record of each type, associated with existing ones where HubSpot allows it on create. */
const newRecord: Record<
  ObjectType,
  (id: IdSource) => { properties: Record<string, string>; associations?: unknown[] }
> = {
  contacts: (id) => ({
    properties: { email: `${unique('new')}@fuzz.test`, firstname: 'New', hubspot_owner_id: id('user') },
    associations: [assoc(id('company'), 279)],
  }),
  companies: (id) => ({
    properties: { name: 'New Co', domain: `${unique('new')}.test` },
    associations: [assoc(id('contact'), 280)],
  }),
  deals: (id) => ({
    properties: { dealname: 'New deal', amount: '10' },
    associations: [assoc(id('contact'), 3), assoc(id('company'), 341)],
  }),
  emails: (id) => ({
    properties: { hs_timestamp: '2026-01-01T00:00:00Z', hs_email_subject: 'New email', hs_email_direction: 'EMAIL' },
    associations: [assoc(id('contact'), 198), assoc(id('company'), 186), assoc(id('deal'), 210)],
  }),
};
const change: Record<ObjectType, (id: IdSource) => Record<string, string>> = {
  contacts: (id) => ({ jobtitle: 'Changed', hubspot_owner_id: id('user') }),
  companies: () => ({ description: 'Changed' }),
  deals: (id) => ({ dealname: 'Changed', hubspot_owner_id: id('user') }),
  emails: () => ({ hs_email_subject: 'Changed' }),
};

const perType = (make: (t: ObjectType) => (id: IdSource) => Req) => OBJECTS.map(make);

/** Pairs of types the v4 association routes are called with, from a record of the first to one of the second. */
const PAIRS: [ObjectType, ObjectType, number][] = [
  ['contacts', 'companies', 279],
  ['deals', 'contacts', 3],
  ['emails', 'deals', 210],
  ['companies', 'contacts', 280],
];

const rep = (id: IdSource) => `Rep <${id('userEmail')}>`;

function sidebarMessage(id: IdSource) {
  return {
    messageId: id('messageId'),
    threadId: id('threadId'),
    headers: [{ name: 'Subject', value: 'Fuzzed' }],
    from: rep(id),
    to: [id('contactEmail')],
    cc: [],
    date: '2026-03-03T10:00:00.000Z',
    subject: 'Fuzzed',
    html: '<p>Fuzzed</p>',
    text: 'Fuzzed',
    attachments: [{ name: 'a.txt', contentType: 'text/plain', size: 3, base64: 'YWJj' }],
  };
}

const on = (surface: Surface, noTenancy: string | undefined, cases: Omit<RouteCase, 'surface'>[]): RouteCase[] =>
  cases.map((c) => ({ ...c, surface, ...(noTenancy && { noTenancy }) }));

const TOKEN_IS_CREDENTIAL =
  'a pixel or link token is all a mail client has: whoever holds it may fetch it (it only ever records an event of its own email)';
const GMAIL =
  'the emulated Gmail (dev only) has no accounts: whoever reaches a dev server may use the demo mailboxes, as its page says';
const DEV_SIGN_IN =
  'dev sign-in picks any user of any account by design (--dev only); without --dev it is refused and lists nobody (tenancy.test.ts checks that)';

export const ROUTE_CASES: RouteCase[] = [
  // Public and static.
  {
    route: 'GET /',
    surface: 'static',
    variants: [() => ({ method: 'GET', path: '/' })],
    noTenancy: 'a redirect to the app',
  },
  {
    route: 'GET /healthz',
    surface: 'public',
    variants: [() => ({ method: 'GET', path: '/healthz' })],
    noTenancy: 'no account data',
  },
  {
    route: 'GET /openapi.json',
    surface: 'public',
    variants: [() => ({ method: 'GET', path: '/openapi.json' })],
    noTenancy: 'the API description',
  },
  {
    route: 'GET /app',
    surface: 'static',
    variants: [() => ({ method: 'GET', path: '/app' })],
    noTenancy: "the web app's files",
  },
  {
    route: 'GET /app/*',
    surface: 'static',
    variants: [() => ({ method: 'GET', path: '/app/contacts/1' })],
    noTenancy: "the web app's files",
  },

  // Tracking: the token is the credential, as for the mail client or proxy that fetches it.
  ...on('tracking', TOKEN_IS_CREDENTIAL, [
    { route: 'GET /t/o', variants: [() => ({ method: 'GET', path: '/t/o' })] },
    { route: 'GET /t/o/*', variants: [(id) => ({ method: 'GET', path: `/t/o/${id('intentToken')}.gif` })] },
    { route: 'GET /t/c', variants: [() => ({ method: 'GET', path: '/t/c' })] },
    { route: 'GET /t/c/*', variants: [(id) => ({ method: 'GET', path: `/t/c/${id('linkToken')}` })] },
  ]),

  // CRM API: the account's API key.
  ...on('crm', undefined, [
    {
      route: 'GET /crm/v3/objects/:',
      variants: perType((t) => (id) => ({
        method: 'GET',
        path: `/crm/v3/objects/${t}`,
        query: {
          after: id(KIND[t]),
          associations: 'contacts,companies,deals,emails',
          properties: 'email,name,dealname,hs_email_subject',
        },
      })),
    },
    {
      route: 'POST /crm/v3/objects/:',
      variants: perType((t) => (id) => ({ method: 'POST', path: `/crm/v3/objects/${t}`, body: newRecord[t](id) })),
    },
    {
      route: 'GET /crm/v3/objects/:/:',
      variants: [
        ...perType((t) => (id) => ({
          method: 'GET',
          path: `/crm/v3/objects/${t}/${id(KIND[t])}`,
          query: { associations: 'contacts,companies,deals,emails' },
        })),
        (id) => ({
          method: 'GET',
          path: `/crm/v3/objects/contacts/${encodeURIComponent(id('contactEmail'))}`,
          query: { idProperty: 'email' },
        }),
        (id) => ({
          method: 'GET',
          path: `/crm/v3/objects/companies/${id('companyDomain')}`,
          query: { idProperty: 'domain' },
        }),
      ],
    },
    {
      route: 'PATCH /crm/v3/objects/:/:',
      variants: [
        ...perType((t) => (id) => ({
          method: 'PATCH',
          path: `/crm/v3/objects/${t}/${id(KIND[t])}`,
          body: { properties: change[t](id) },
        })),
        (id) => ({
          method: 'PATCH',
          path: `/crm/v3/objects/contacts/${encodeURIComponent(id('contactEmail'))}`,
          query: { idProperty: 'email' },
          body: { properties: { jobtitle: 'Changed' } },
        }),
      ],
    },
    {
      route: 'DELETE /crm/v3/objects/:/:',
      variants: perType((t) => (id) => ({ method: 'DELETE', path: `/crm/v3/objects/${t}/${id(KIND[t])}` })),
    },
    {
      route: 'POST /crm/v3/objects/:/batch/read',
      variants: [
        ...perType((t) => (id) => ({
          method: 'POST',
          path: `/crm/v3/objects/${t}/batch/read`,
          body: { inputs: [{ id: id(KIND[t]) }], properties: ['email', 'name', 'dealname'] },
        })),
        (id) => ({
          method: 'POST',
          path: '/crm/v3/objects/contacts/batch/read',
          body: { idProperty: 'email', inputs: [{ id: id('contactEmail') }] },
        }),
        (id) => ({
          method: 'POST',
          path: '/crm/v3/objects/companies/batch/read',
          body: { idProperty: 'domain', inputs: [{ id: id('companyDomain') }] },
        }),
      ],
    },
    {
      route: 'POST /crm/v3/objects/:/batch/create',
      variants: perType((t) => (id) => ({
        method: 'POST',
        path: `/crm/v3/objects/${t}/batch/create`,
        body: { inputs: [newRecord[t](id)] },
      })),
    },
    {
      route: 'POST /crm/v3/objects/:/batch/update',
      variants: [
        ...perType((t) => (id) => ({
          method: 'POST',
          path: `/crm/v3/objects/${t}/batch/update`,
          body: { inputs: [{ id: id(KIND[t]), properties: change[t](id) }] },
        })),
        (id) => ({
          method: 'POST',
          path: '/crm/v3/objects/contacts/batch/update',
          body: { inputs: [{ id: id('contactEmail'), idProperty: 'email', properties: { jobtitle: 'Changed' } }] },
        }),
      ],
    },
    {
      route: 'POST /crm/v3/objects/:/batch/archive',
      variants: perType((t) => (id) => ({
        method: 'POST',
        path: `/crm/v3/objects/${t}/batch/archive`,
        body: { inputs: [{ id: id(KIND[t]) }] },
      })),
    },
    {
      route: 'POST /crm/v3/objects/:/search',
      variants: [
        ...perType((t) => (id) => ({
          method: 'POST',
          path: `/crm/v3/objects/${t}/search`,
          body: {
            filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'EQ', value: id(KIND[t]) }] }],
            sorts: ['-createdate'],
            limit: 10,
          },
        })),
        (id) => ({
          method: 'POST',
          path: '/crm/v3/objects/contacts/search',
          body: {
            filterGroups: [{ filters: [{ propertyName: 'email', operator: 'IN', values: [id('contactEmail')] }] }],
          },
        }),
        (id) => ({
          method: 'POST',
          path: '/crm/v3/objects/deals/search',
          body: {
            filterGroups: [{ filters: [{ propertyName: 'hubspot_owner_id', operator: 'EQ', value: id('user') }] }],
          },
        }),
        () => ({ method: 'POST', path: '/crm/v3/objects/contacts/search', body: { query: 'mark' } }),
      ],
    },
    {
      route: 'POST /crm/v3/objects/:/gdpr-delete',
      variants: [
        (id) => ({
          method: 'POST',
          path: '/crm/v3/objects/contacts/gdpr-delete',
          body: { objectId: id('spareContact') },
        }),
        (id) => ({
          method: 'POST',
          path: '/crm/v3/objects/contacts/gdpr-delete',
          body: { objectId: id('spareContactEmail'), idProperty: 'email' },
        }),
      ],
    },
    {
      route: 'GET /crm/v3/owners',
      variants: [
        (id) => ({ method: 'GET', path: '/crm/v3/owners', query: { email: id('userEmail') } }),
        (id) => ({ method: 'GET', path: '/crm/v3/owners', query: { after: id('user') } }),
      ],
    },
    { route: 'GET /crm/v3/owners/:', variants: [(id) => ({ method: 'GET', path: `/crm/v3/owners/${id('user')}` })] },
    {
      route: 'GET /crm/v3/properties/:',
      variants: perType((t) => () => ({ method: 'GET', path: `/crm/v3/properties/${t}` })),
    },
    {
      route: 'GET /crm/v3/properties/:/:',
      variants: [
        () => ({ method: 'GET', path: '/crm/v3/properties/contacts/hubspot_owner_id' }),
        () => ({ method: 'GET', path: '/crm/v3/properties/deals/dealstage' }),
      ],
    },
    {
      route: 'GET /crm/v4/objects/:/:/associations/:',
      variants: PAIRS.map(([from, to]) => (id) => ({
        method: 'GET',
        path: `/crm/v4/objects/${from}/${id(KIND[from])}/associations/${to}`,
        query: { after: id(KIND[to]) },
      })),
    },
    {
      route: 'PUT /crm/v4/objects/:/:/associations/default/:/:',
      variants: PAIRS.map(([from, to]) => (id) => ({
        method: 'PUT',
        path: `/crm/v4/objects/${from}/${id(KIND[from])}/associations/default/${to}/${id(KIND[to])}`,
      })),
    },
    {
      route: 'PUT /crm/v4/objects/:/:/associations/:/:',
      variants: PAIRS.map(([from, to, typeId]) => (id) => ({
        method: 'PUT',
        path: `/crm/v4/objects/${from}/${id(KIND[from])}/associations/${to}/${id(KIND[to])}`,
        body: [spec(typeId)],
      })),
    },
    {
      route: 'DELETE /crm/v4/objects/:/:/associations/:/:',
      variants: PAIRS.map(([from, to]) => (id) => ({
        method: 'DELETE',
        path: `/crm/v4/objects/${from}/${id(KIND[from])}/associations/${to}/${id(KIND[to])}`,
      })),
    },
    {
      route: 'POST /crm/v4/associations/:/:/batch/read',
      variants: PAIRS.map(([from, to]) => (id) => ({
        method: 'POST',
        path: `/crm/v4/associations/${from}/${to}/batch/read`,
        body: { inputs: [{ id: id(KIND[from]) }] },
      })),
    },
    {
      route: 'POST /crm/v4/associations/:/:/batch/associate/default',
      variants: PAIRS.map(([from, to]) => (id) => ({
        method: 'POST',
        path: `/crm/v4/associations/${from}/${to}/batch/associate/default`,
        body: { inputs: [{ from: { id: id(KIND[from]) }, to: { id: id(KIND[to]) } }] },
      })),
    },
    {
      route: 'POST /crm/v4/associations/:/:/batch/archive',
      variants: PAIRS.map(([from, to]) => (id) => ({
        method: 'POST',
        path: `/crm/v4/associations/${from}/${to}/batch/archive`,
        body: { inputs: [{ from: { id: id(KIND[from]) }, to: [{ id: id(KIND[to]) }] }] },
      })),
    },
    {
      route: 'POST /crm/v3/objects/:/batch/upsert',
      variants: [
        // By address, an unknown one is created with it: a new address each time, so no other account's shows up.
        () => ({
          method: 'POST',
          path: '/crm/v3/objects/contacts/batch/upsert',
          body: {
            inputs: [
              { id: `${unique('upsert')}@fuzz.test`, idProperty: 'email', properties: { jobtitle: 'Upserted' } },
            ],
          },
        }),
        (id) => ({
          method: 'POST',
          path: '/crm/v3/objects/contacts/batch/upsert',
          body: { inputs: [{ id: id('contact'), properties: { jobtitle: 'Upserted' } }] },
        }),
        (id) => ({
          method: 'POST',
          path: '/crm/v3/objects/deals/batch/upsert',
          body: { inputs: [{ id: id('deal'), properties: { dealname: 'Upserted' } }] },
        }),
      ],
    },
    {
      route: 'POST /crm/v4/associations/:/:/batch/create',
      variants: PAIRS.map(([from, to, typeId]) => (id) => ({
        method: 'POST',
        path: `/crm/v4/associations/${from}/${to}/batch/create`,
        body: { inputs: [{ from: { id: id(KIND[from]) }, to: { id: id(KIND[to]) }, types: [spec(typeId)] }] },
      })),
    },
    // Association labels: type ids are the account's own (a label of another account is a 404).
    {
      route: 'GET /crm/v4/associations/:/:/labels',
      variants: [() => ({ method: 'GET', path: '/crm/v4/associations/contacts/companies/labels' })],
    },
    {
      route: 'POST /crm/v4/associations/:/:/labels',
      variants: [
        () => ({
          method: 'POST',
          path: '/crm/v4/associations/contacts/companies/labels',
          body: { label: 'Fuzz', name: `fuzz_${++serial}` },
        }),
      ],
    },
    {
      route: 'PUT /crm/v4/associations/:/:/labels',
      variants: [
        () => ({
          method: 'PUT',
          path: '/crm/v4/associations/contacts/companies/labels',
          body: { associationTypeId: 1002, label: 'Fuzzed' },
        }),
      ],
    },
    {
      route: 'DELETE /crm/v4/associations/:/:/labels/:',
      variants: [() => ({ method: 'DELETE', path: '/crm/v4/associations/contacts/companies/labels/1004' })],
    },
    {
      route: 'POST /crm/v3/objects/:/merge',
      variants: [
        (id) => ({
          method: 'POST',
          path: '/crm/v3/objects/contacts/merge',
          body: { primaryObjectId: id('contact'), objectIdToMerge: id('spareContact') },
        }),
      ],
    },
    // Custom properties and groups: names are the account's own.
    {
      route: 'POST /crm/v3/properties/:',
      variants: [
        () => ({
          method: 'POST',
          path: '/crm/v3/properties/contacts',
          body: {
            name: `fuzz_${++serial}`,
            label: 'Fuzz',
            groupName: 'contactinformation',
            type: 'string',
            fieldType: 'text',
          },
        }),
      ],
    },
    {
      route: 'POST /crm/v3/properties/:/batch/create',
      variants: [
        () => ({
          method: 'POST',
          path: '/crm/v3/properties/deals/batch/create',
          body: {
            inputs: [
              {
                name: `fuzz_${++serial}`,
                label: 'Fuzz',
                groupName: 'dealinformation',
                type: 'number',
                fieldType: 'number',
              },
            ],
          },
        }),
      ],
    },
    {
      route: 'POST /crm/v3/properties/:/batch/read',
      variants: [
        () => ({
          method: 'POST',
          path: '/crm/v3/properties/contacts/batch/read',
          body: { inputs: [{ name: 'email' }] },
        }),
      ],
    },
    {
      route: 'GET /crm/v3/properties/:/groups',
      variants: [() => ({ method: 'GET', path: '/crm/v3/properties/contacts/groups' })],
    },
    {
      route: 'POST /crm/v3/properties/:/groups',
      variants: [
        () => ({
          method: 'POST',
          path: '/crm/v3/properties/contacts/groups',
          body: { name: `fuzz_${++serial}`, label: 'Fuzz' },
        }),
      ],
    },
    {
      route: 'GET /crm/v3/properties/:/groups/:',
      variants: [() => ({ method: 'GET', path: '/crm/v3/properties/contacts/groups/contactinformation' })],
    },
    // Pipelines: ids are the account's own (`default`, `0`, or new numeric ones), never another account's.
    {
      route: 'GET /crm/v3/pipelines/:',
      variants: [() => ({ method: 'GET', path: '/crm/v3/pipelines/deals' })],
    },
    {
      route: 'POST /crm/v3/pipelines/:',
      variants: [
        () => ({
          method: 'POST',
          path: '/crm/v3/pipelines/tickets',
          body: { label: 'Fuzz', displayOrder: 2, stages: [{ label: 'One', displayOrder: 0, metadata: {} }] },
        }),
      ],
    },
    {
      route: 'GET /crm/v3/pipelines/:/:',
      variants: [() => ({ method: 'GET', path: '/crm/v3/pipelines/deals/default' })],
    },
    {
      route: 'PATCH /crm/v3/pipelines/:/:',
      variants: [() => ({ method: 'PATCH', path: '/crm/v3/pipelines/tickets/0', body: { label: 'Support' } })],
    },
    {
      route: 'GET /crm/v3/pipelines/:/:/stages',
      variants: [() => ({ method: 'GET', path: '/crm/v3/pipelines/deals/default/stages' })],
    },
    {
      route: 'POST /crm/v3/pipelines/:/:/stages',
      variants: [
        () => ({
          method: 'POST',
          path: '/crm/v3/pipelines/deals/default/stages',
          body: { label: 'Fuzz stage', displayOrder: 9, metadata: { probability: '0.5', isClosed: 'false' } },
        }),
      ],
    },
    {
      route: 'GET /crm/v3/pipelines/:/:/stages/:',
      variants: [() => ({ method: 'GET', path: '/crm/v3/pipelines/deals/default/stages/closedwon' })],
    },
    {
      route: 'PATCH /crm/v3/pipelines/:/:/stages/:',
      variants: [
        () => ({
          method: 'PATCH',
          path: '/crm/v3/pipelines/deals/default/stages/contractsent',
          body: { label: 'Sent' },
        }),
      ],
    },
  ]),

  // Add-on API: the rep's Google ID token.
  ...on('addon', undefined, [
    {
      route: 'POST /addon/v1/compose/context',
      variants: [
        (id) => ({
          method: 'POST',
          path: '/addon/v1/compose/context',
          body: { to: [id('contactEmail')], cc: [id('alias')], bcc: [], neverLog: [] },
        }),
      ],
    },
    {
      route: 'POST /addon/v1/compose/intents',
      variants: [
        (id) => ({
          method: 'POST',
          path: '/addon/v1/compose/intents',
          body: {
            draftKey: unique('draft').replace(/[^A-Za-z0-9_-]/g, '_'),
            previousToken: id('intentLogSecret'),
            track: true,
            log: true,
            associations: [
              { type: 'contact', id: id('contact') },
              { type: 'company', id: id('company') },
              { type: 'deal', id: id('deal') },
            ],
            createContacts: [],
            neverLog: [],
            recipients: { to: [id('contactEmail')], cc: [], bcc: [] },
          },
        }),
      ],
    },
    {
      route: 'POST /addon/v1/compose/links',
      variants: [
        (id) => ({
          method: 'POST',
          path: '/addon/v1/compose/links',
          body: { token: id('intentLogSecret'), url: 'https://example.com/fuzz', text: 'Fuzz' },
        }),
      ],
    },
    {
      route: 'POST /addon/v1/compose/templates',
      variants: [
        (id) => ({
          method: 'POST',
          path: '/addon/v1/compose/templates',
          body: {
            templateId: id('template'),
            draftKey: unique('draft').replace(/[^A-Za-z0-9_-]/g, '_'),
            token: id('intentLogSecret'),
            recipients: { to: [id('contactEmail')], cc: [], bcc: [] },
          },
        }),
      ],
    },
    {
      route: 'POST /addon/v1/records/search',
      variants: [
        () => ({ method: 'POST', path: '/addon/v1/records/search', body: { query: 'fuzz' } }),
        () => ({ method: 'POST', path: '/addon/v1/records/search', body: { query: 'fuzz', kind: 'ticket' } }),
      ],
    },
    {
      route: 'POST /addon/v1/records/deals',
      variants: [
        (id) => ({
          method: 'POST',
          path: '/addon/v1/records/deals',
          body: {
            name: unique('Fuzz deal'),
            stage: 'default:appointmentscheduled',
            amount: '100',
            closeDate: '2026-06-30',
            people: [id('contactEmail')],
            neverLog: [],
          },
        }),
      ],
    },
    {
      route: 'POST /addon/v1/records/contacts',
      variants: [
        (id) => ({
          method: 'POST',
          path: '/addon/v1/records/contacts',
          body: { firstName: 'Fuzz', lastName: unique('Contact'), email: '', companyId: id('company'), neverLog: [] },
        }),
      ],
    },
    {
      route: 'POST /addon/v1/message/context',
      variants: [
        (id) => ({
          method: 'POST',
          path: '/addon/v1/message/context',
          body: {
            messageId: id('messageId'),
            threadId: id('threadId'),
            from: id('contactEmail'),
            to: [id('userEmail')],
            cc: [],
            subject: 'Hello',
            neverLog: [],
          },
        }),
      ],
    },
    {
      route: 'POST /addon/v1/messages',
      variants: [
        (id) => ({
          method: 'POST',
          path: '/addon/v1/messages',
          body: {
            message: sidebarMessage(id),
            associations: [
              { type: 'contact', id: id('contact') },
              { type: 'company', id: id('company') },
              { type: 'deal', id: id('deal') },
            ],
            createContacts: [],
            neverLog: [],
          },
        }),
      ],
    },
    {
      route: 'POST /addon/v1/viewing',
      variants: [
        (id) => ({
          method: 'POST',
          path: '/addon/v1/viewing',
          body: { threadId: id('threadId'), messageIds: [id('messageId')] },
        }),
      ],
    },
    { route: 'GET /addon/v1/me', variants: [() => ({ method: 'GET', path: '/addon/v1/me' })] },
    {
      route: 'GET /addon/v1/feed',
      variants: [() => ({ method: 'GET', path: '/addon/v1/feed', query: { limit: '50' } })],
    },
  ]),

  // Web API: the super admin's session cookie.
  {
    route: 'GET /web/v1/auth/config',
    surface: 'public',
    variants: [() => ({ method: 'GET', path: '/web/v1/auth/config' })],
    noTenancy: DEV_SIGN_IN,
  },
  {
    route: 'POST /web/v1/auth/dev',
    surface: 'public',
    variants: [(id) => ({ method: 'POST', path: '/web/v1/auth/dev', body: { userId: id('user') } })],
    noTenancy: DEV_SIGN_IN,
  },
  {
    route: 'POST /web/v1/auth/google',
    surface: 'public',
    variants: [() => ({ method: 'POST', path: '/web/v1/auth/google', body: { credential: 'not-a-google-token' } })],
    noTenancy: 'Google sign-in is not configured on the test server: it refuses everyone',
  },
  {
    route: 'POST /web/v1/auth/logout',
    surface: 'web',
    variants: [() => ({ method: 'POST', path: '/web/v1/auth/logout' })],
    endsSession: true,
  },
  { route: 'GET /web/v1/session', surface: 'web', variants: [() => ({ method: 'GET', path: '/web/v1/session' })] },
  {
    route: 'PUT /web/v1/session/language',
    surface: 'web',
    variants: [() => ({ method: 'PUT', path: '/web/v1/session/language', body: { language: 'fr' } })],
  },
  {
    route: 'GET /web/v1/records/:',
    surface: 'web',
    variants: RECORDS.map((t) => (id) => ({
      method: 'GET',
      path: `/web/v1/records/${t}`,
      query: { q: 'mark', after: id(KIND[t]) },
    })),
  },
  {
    route: 'GET /web/v1/records/:/:',
    surface: 'web',
    variants: RECORDS.map((t) => (id) => ({ method: 'GET', path: `/web/v1/records/${t}/${id(KIND[t])}` })),
  },
  {
    route: 'GET /web/v1/records/:/:/timeline',
    surface: 'web',
    variants: RECORDS.map((t) => (id) => ({ method: 'GET', path: `/web/v1/records/${t}/${id(KIND[t])}/timeline` })),
  },
  {
    route: 'POST /web/v1/records/:/:/pin',
    surface: 'web',
    variants: RECORDS.map((t) => (id) => ({
      method: 'POST',
      path: `/web/v1/records/${t}/${id(KIND[t])}/pin`,
      body: { emailId: id('email'), pinned: true },
    })),
  },
  {
    route: 'POST /web/v1/records/contacts/:/gdpr-delete',
    surface: 'admin',
    variants: [(id) => ({ method: 'POST', path: `/web/v1/records/contacts/${id('spareContact')}/gdpr-delete` })],
  },
  {
    route: 'GET /web/v1/emails/:',
    surface: 'web',
    variants: [(id) => ({ method: 'GET', path: `/web/v1/emails/${id('email')}` })],
  },
  {
    route: 'DELETE /web/v1/emails/:',
    surface: 'web',
    variants: [(id) => ({ method: 'DELETE', path: `/web/v1/emails/${id('email')}` })],
  },
  {
    route: 'PUT /web/v1/emails/:/associations',
    surface: 'web',
    variants: [
      (id) => ({
        method: 'PUT',
        path: `/web/v1/emails/${id('email')}/associations`,
        body: { contacts: [id('contact')], companies: [id('company')], deals: [id('deal')] },
      }),
    ],
  },
  {
    route: 'GET /web/v1/emails/:/attachments/:',
    surface: 'web',
    variants: [(id) => ({ method: 'GET', path: `/web/v1/emails/${id('email')}/attachments/${id('attachment')}` })],
  },
  { route: 'GET /web/v1/feed', surface: 'web', variants: [() => ({ method: 'GET', path: '/web/v1/feed' })] },
  {
    route: 'GET /web/v1/feed/stream',
    surface: 'web',
    variants: [() => ({ method: 'GET', path: '/web/v1/feed/stream' })],
    stream: true,
  },
  {
    route: 'GET /web/v1/dashboard',
    surface: 'web',
    variants: [() => ({ method: 'GET', path: '/web/v1/dashboard', query: { days: '30' } })],
  },
  { route: 'GET /web/v1/templates', surface: 'web', variants: [() => ({ method: 'GET', path: '/web/v1/templates' })] },
  {
    route: 'POST /web/v1/templates',
    surface: 'web',
    // No id position: the session names the owner and the account.
    variants: [
      () => ({
        method: 'POST',
        path: '/web/v1/templates',
        body: { kind: 'snippet', name: unique('snippet'), body: 'Hi {{contact.firstname | "there"}}', shared: false },
      }),
    ],
  },
  {
    route: 'PUT /web/v1/templates/:',
    surface: 'web',
    variants: [
      (id) => ({
        method: 'PUT',
        path: `/web/v1/templates/${id('template')}`,
        body: { kind: 'template', name: 'Renamed', subject: 'Hello', body: 'About', shared: true },
      }),
    ],
  },
  {
    route: 'DELETE /web/v1/templates/:',
    surface: 'web',
    variants: [(id) => ({ method: 'DELETE', path: `/web/v1/templates/${id('template')}` })],
  },
  { route: 'GET /web/v1/push/key', surface: 'web', variants: [() => ({ method: 'GET', path: '/web/v1/push/key' })] },
  // The caller's own logging addresses: no id position, the session names the user and the account.
  {
    route: 'GET /web/v1/logging-addresses',
    surface: 'web',
    variants: [() => ({ method: 'GET', path: '/web/v1/logging-addresses' })],
  },
  {
    route: 'POST /web/v1/logging-addresses/personal/rotate',
    surface: 'web',
    variants: [() => ({ method: 'POST', path: '/web/v1/logging-addresses/personal/rotate' })],
  },
  {
    route: 'POST /web/v1/logging-addresses/routing/rotate',
    surface: 'web',
    variants: [() => ({ method: 'POST', path: '/web/v1/logging-addresses/routing/rotate' })],
  },
  {
    route: 'POST /web/v1/push/subscriptions',
    surface: 'web',
    // Not an id position: a push endpoint is the browser's own secret, bound to the user who registered it (another
    // account's registration is refused: test/hostile/push-endpoints.test.ts). Removing one is scoped, tested below.
    variants: [
      () => ({
        method: 'POST',
        path: '/web/v1/push/subscriptions',
        body: {
          endpoint: `https://push.routes.test/${unique('endpoint')}`,
          expirationTime: null,
          keys: { p256dh: 'BPk', auth: 'au' },
        },
      }),
    ],
  },
  {
    route: 'DELETE /web/v1/push/subscriptions',
    surface: 'web',
    variants: [
      (id) => ({ method: 'DELETE', path: '/web/v1/push/subscriptions', body: { endpoint: id('pushEndpoint') } }),
    ],
  },
  {
    route: 'GET /web/v1/admin/settings',
    surface: 'admin',
    variants: [() => ({ method: 'GET', path: '/web/v1/admin/settings' })],
  },
  {
    route: 'PUT /web/v1/admin/settings',
    surface: 'admin',
    variants: [
      (id) => ({
        method: 'PUT',
        path: '/web/v1/admin/settings',
        body: {
          trackingAllowed: true,
          logByDefault: true,
          privacyMode: false,
          clickTracking: 'everyone',
          neverLog: [`@${id('companyDomain')}`],
        },
      }),
    ],
  },
  {
    route: 'GET /web/v1/admin/users',
    surface: 'admin',
    variants: [() => ({ method: 'GET', path: '/web/v1/admin/users' })],
  },
  {
    route: 'POST /web/v1/admin/users',
    surface: 'admin',
    variants: [
      (id) => ({
        method: 'POST',
        path: '/web/v1/admin/users',
        body: { email: id('userEmail'), name: 'Added', role: 'user' },
      }),
    ],
  },
  {
    route: 'PATCH /web/v1/admin/users/:',
    surface: 'admin',
    variants: [(id) => ({ method: 'PATCH', path: `/web/v1/admin/users/${id('user')}`, body: { paidSeat: true } })],
  },
  {
    route: 'POST /web/v1/admin/users/:/aliases',
    surface: 'admin',
    variants: [
      (id) => ({
        method: 'POST',
        path: `/web/v1/admin/users/${id('user')}/aliases`,
        body: { email: id('alias'), kind: 'alias' },
      }),
    ],
  },
  {
    route: 'DELETE /web/v1/admin/users/:/aliases/:',
    surface: 'admin',
    variants: [
      (id) => ({
        method: 'DELETE',
        path: `/web/v1/admin/users/${id('user')}/aliases/${encodeURIComponent(id('alias'))}`,
      }),
    ],
  },
  {
    route: 'GET /web/v1/admin/domains',
    surface: 'admin',
    variants: [() => ({ method: 'GET', path: '/web/v1/admin/domains' })],
  },
  {
    route: 'POST /web/v1/admin/domains',
    surface: 'admin',
    variants: [() => ({ method: 'POST', path: '/web/v1/admin/domains', body: { domain: `${unique('claim')}.test` } })],
  },
  {
    route: 'POST /web/v1/admin/domains/:/verify',
    surface: 'admin',
    // A domain is a name, not an id: verifying one only ever looks at this account's claims.
    variants: [() => ({ method: 'POST', path: `/web/v1/admin/domains/${unique('claim')}.test/verify`, body: {} })],
  },
  {
    route: 'GET /web/v1/admin/apikeys',
    surface: 'admin',
    variants: [() => ({ method: 'GET', path: '/web/v1/admin/apikeys' })],
  },
  {
    route: 'POST /web/v1/admin/apikeys',
    surface: 'admin',
    variants: [() => ({ method: 'POST', path: '/web/v1/admin/apikeys', body: { name: 'Fuzz key' } })],
  },
  {
    route: 'DELETE /web/v1/admin/apikeys/:',
    surface: 'admin',
    variants: [(id) => ({ method: 'DELETE', path: `/web/v1/admin/apikeys/${id('apiKey')}` })],
  },

  // The emulated Gmail (dev mode).
  {
    route: 'GET /web/v1/gmail/mailboxes',
    surface: 'gmail',
    variants: [() => ({ method: 'GET', path: '/web/v1/gmail/mailboxes' })],
    noTenancy: GMAIL,
  },
  {
    route: 'GET /web/v1/gmail/mailboxes/:/:',
    surface: 'gmail',
    variants: [() => ({ method: 'GET', path: '/web/v1/gmail/mailboxes/nobody%40example.com/inbox' })],
    noTenancy: GMAIL,
  },
  {
    route: 'POST /web/v1/gmail/mailboxes/:/messages/:/open',
    surface: 'gmail',
    variants: [
      () => ({ method: 'POST', path: '/web/v1/gmail/mailboxes/nobody%40example.com/messages/0123456789abcdef/open' }),
    ],
    noTenancy: GMAIL,
  },
  {
    route: 'POST /web/v1/gmail/send',
    surface: 'gmail',
    variants: [
      () => ({
        method: 'POST',
        path: '/web/v1/gmail/send',
        body: {
          from: 'nobody@example.com',
          to: ['someone@example.com'],
          cc: [],
          bcc: [],
          subject: 'Hi',
          html: '<p>Hi</p>',
        },
      }),
    ],
    noTenancy: GMAIL,
  },
  {
    route: 'POST /web/v1/gmail/addon',
    surface: 'gmail',
    variants: [
      () => ({
        method: 'POST',
        path: '/web/v1/gmail/addon',
        body: { user: 'nobody@example.com', trigger: 'homepage' },
      }),
    ],
    noTenancy: GMAIL,
  },
];

/** Files the static plugin registered one by one (their names carry build hashes): the web app's own files. */
export const STATIC_FILE = /^GET \/app\/[^:*]+$/;

/** The case of an app route, or undefined when the table does not know it. HEAD goes with GET (Fastify adds it). */
export function caseOf(route: AppRoute): RouteCase | undefined {
  const key = route.method === 'HEAD' ? `GET${route.key.slice(4)}` : route.key;
  if (STATIC_FILE.test(key)) return ROUTE_CASES.find((c) => c.route === 'GET /app/*');
  return ROUTE_CASES.find((c) => c.route === key);
}
