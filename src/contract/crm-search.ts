import * as z from 'zod/mini';
import { Paging, SimplePublicObject } from './crm';

/** `POST /crm/v3/objects/{type}/search`, with HubSpot's limits: 5 groups, 6 filters each, 18 in all, 200 a page. */
export const FILTER_OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export const SEARCH_MAX_GROUPS = 5;
export const SEARCH_MAX_FILTERS_PER_GROUP = 6;
export const SEARCH_MAX_FILTERS = 18;
export const SEARCH_MAX_LIMIT = 200;
/** HubSpot stops paging a search at 10,000 results. */
export const SEARCH_MAX_RESULTS = 10_000;

const Scalar = z.pipe(
  z.union([z.string().check(z.maxLength(65_536)), z.number(), z.boolean()]),
  z.transform((v) => String(v)),
);

export const Filter = z
  .object({
    propertyName: z.string().check(z.minLength(1), z.maxLength(100)),
    operator: z.enum(FILTER_OPERATORS),
    value: z.optional(Scalar),
    highValue: z.optional(Scalar),
    values: z.optional(z.array(Scalar).check(z.maxLength(100))),
  })
  .check(
    z.superRefine((f, ctx) => {
      const need = (what: string) =>
        ctx.addIssue({
          code: 'custom',
          message: `operator ${f.operator} on "${f.propertyName}" needs ${what}`,
          input: f,
        });
      if ((f.operator === 'IN' || f.operator === 'NOT_IN') && !f.values?.length) need('a non-empty "values" list');
      else if (f.operator === 'BETWEEN' && (f.value === undefined || f.highValue === undefined))
        need('"value" and "highValue"');
      else if (
        !['IN', 'NOT_IN', 'BETWEEN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY'].includes(f.operator) &&
        f.value === undefined
      )
        need('a "value"');
    }),
  );
export type Filter = z.infer<typeof Filter>;

export const FilterGroup = z.object({ filters: z.array(Filter).check(z.maxLength(SEARCH_MAX_FILTERS_PER_GROUP)) });

/** Sorts come as `{propertyName, direction}` or, as older clients send them, a bare property name (`-name` descends). */
export const Sort = z.pipe(
  z.union([
    z.string().check(z.minLength(1), z.maxLength(101)),
    z.object({
      propertyName: z.string().check(z.minLength(1), z.maxLength(100)),
      direction: z.optional(z.enum(['ASCENDING', 'DESCENDING'])),
    }),
  ]),
  z.transform((s) =>
    typeof s === 'string'
      ? {
          propertyName: s.replace(/^-/, ''),
          direction: s.startsWith('-') ? ('DESCENDING' as const) : ('ASCENDING' as const),
        }
      : { propertyName: s.propertyName, direction: s.direction ?? ('ASCENDING' as const) },
  ),
);
export type Sort = z.infer<typeof Sort>;

export const SearchRequest = z
  .object({
    filterGroups: z._default(z.array(FilterGroup).check(z.maxLength(SEARCH_MAX_GROUPS)), []),
    sorts: z._default(z.array(Sort).check(z.maxLength(5)), []),
    query: z.optional(z.string().check(z.maxLength(3000))),
    properties: z.optional(z.array(z.string())),
    limit: z._default(z.int().check(z.minimum(1), z.maximum(SEARCH_MAX_LIMIT)), 10),
    after: z.optional(
      z.union([
        z.string().check(z.regex(/^\d{0,6}$/, 'must be the paging.next.after value of the previous page')),
        z.int().check(z.nonnegative()),
      ]),
    ),
  })
  .check(
    z.refine((r) => r.filterGroups.reduce((n, g) => n + g.filters.length, 0) <= SEARCH_MAX_FILTERS, {
      message: `a search takes at most ${SEARCH_MAX_FILTERS} filters in all`,
      path: ['filterGroups'],
    }),
  );
export type SearchRequest = z.infer<typeof SearchRequest>;

export const SearchResponse = z.object({
  total: z.int(),
  results: z.array(SimplePublicObject),
  paging: z.optional(Paging),
});
