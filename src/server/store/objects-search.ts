import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { ObjectType } from '../../contract/crm';
import { QUERY_PROPERTIES, propertyDefinition, type PropertyDefinition } from '../../contract/crm-properties';
import { normaliseDomain, parseDateTime } from '../../contract/crm-property-values';
import type { Filter, SearchRequest } from '../../contract/crm-search';
import { normaliseAddress } from '../../contract/addresses';
import { jsonText } from './dialect';
import { toRecord, type ObjectRecord } from './objects';
import type { AccountScope } from './scope';
import type { Database } from './schema';

/** A filter or sort the store cannot run: an unknown property or a value of the wrong type. */
export class SearchInputError extends Error {}

type Eb = ExpressionBuilder<Database, 'crm_objects'>;
type Kind = 'text' | 'number' | 'millis';

/**
 * How a property is read in SQL. Record id and times are columns; a contact's email and a company's domain are
 * indexed columns (already normalised); everything else is read from the JSON properties, typed by the catalogue.
 */
/** The account's property definitions of the type searched (fixed and custom). */
export type DefinitionOf = (name: string) => PropertyDefinition | undefined;

function column(
  scope: AccountScope,
  type: ObjectType,
  definitionOf: DefinitionOf,
  name: string,
): { expr: RawBuilder<unknown>; text: RawBuilder<unknown>; kind: Kind; normalise?: (v: string) => string } {
  const def = definitionOf(name);
  if (!def)
    throw new SearchInputError(
      `There is no property "${name}" on ${type}. See GET /crm/v3/properties/${type} for the list.`,
    );
  const columnOf = (name: string, kind: Kind) => ({
    expr: sql.ref(name),
    text: sql`cast(${sql.ref(name)} as text)`,
    kind,
  });
  switch (name) {
    case 'hs_object_id':
      return columnOf('id', 'number');
    case 'createdate':
    case 'hs_createdate':
      return columnOf('created_at', 'millis');
    case 'lastmodifieddate':
    case 'hs_lastmodifieddate':
      return columnOf('updated_at', 'millis');
  }
  if (type === 'contacts' && name === 'email')
    return { expr: sql.ref('email'), text: sql.ref('email'), kind: 'text', normalise: normaliseAddress };
  if (type === 'companies' && name === 'domain')
    return { expr: sql.ref('domain'), text: sql.ref('domain'), kind: 'text', normalise: normaliseDomain };
  const text = jsonText(scope.dialect, sql.ref('properties'), name);
  if (def.type === 'number')
    return {
      expr: scope.dialect === 'postgres' ? sql`(${text})::double precision` : sql`cast(${text} as real)`,
      text,
      kind: 'number',
    };
  // Date-times are stored as ISO strings in UTC with milliseconds, so they order as text.
  if (def.type === 'datetime') return { expr: text, text, kind: 'text', normalise: (v) => isoValue(name, v) };
  if (def.type === 'date') return { expr: text, text, kind: 'text', normalise: (v) => isoValue(name, v).slice(0, 10) };
  return { expr: text, text, kind: 'text' };
}

function isoValue(name: string, value: string): string {
  const d = parseDateTime(value);
  if (!d)
    throw new SearchInputError(
      `${JSON.stringify(value)} is not a date for "${name}": use epoch milliseconds or ISO 8601`,
    );
  return d.toISOString();
}

function typedValue(name: string, kind: Kind, value: string, normalise?: (v: string) => string): string | number {
  if (kind === 'number') {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n))
      throw new SearchInputError(`${JSON.stringify(value)} is not a number for "${name}"`);
    return n;
  }
  if (kind === 'millis') {
    const d = parseDateTime(value);
    if (!d)
      throw new SearchInputError(
        `${JSON.stringify(value)} is not a date for "${name}": use epoch milliseconds or ISO 8601`,
      );
    return d.getTime();
  }
  return normalise ? normalise(value) : value;
}

/** Text compares case-insensitively, as HubSpot's search does; indexed columns are stored lower-case already. */
function comparable(kind: Kind, expr: RawBuilder<unknown>, indexed: boolean): Expression<unknown> {
  return kind === 'text' && !indexed ? sql`lower(${expr})` : expr;
}

function likePattern(value: string): string {
  const escaped = value.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  // `*` is HubSpot's wildcard; without one, the token may sit anywhere in the value.
  return escaped.includes('*') ? escaped.replace(/\*/g, '%') : `%${escaped}%`;
}

function condition(
  scope: AccountScope,
  type: ObjectType,
  definitionOf: DefinitionOf,
  eb: Eb,
  f: Filter,
): Expression<SqlBool> {
  const { expr, text, kind, normalise } = column(scope, type, definitionOf, f.propertyName);
  const indexed = normalise === normaliseAddress || normalise === normaliseDomain;
  const lhs = comparable(kind, expr, indexed);
  const value = (v: string) => {
    const typed = typedValue(f.propertyName, kind, v, normalise);
    return typeof typed === 'string' && !indexed ? typed.toLowerCase() : typed;
  };
  const one = () => value(f.value!);
  const isNull = eb(expr, 'is', null);
  switch (f.operator) {
    case 'EQ':
      return eb(lhs, '=', one());
    case 'NEQ':
      return eb.or([isNull, eb(lhs, '<>', one())]);
    case 'IN':
      return eb(lhs, 'in', f.values!.map(value));
    case 'NOT_IN':
      return eb.or([isNull, eb(lhs, 'not in', f.values!.map(value))]);
    case 'GT':
      return eb(lhs, '>', one());
    case 'GTE':
      return eb(lhs, '>=', one());
    case 'LT':
      return eb(lhs, '<', one());
    case 'LTE':
      return eb(lhs, '<=', one());
    case 'BETWEEN':
      return eb.and([eb(lhs, '>=', one()), eb(lhs, '<=', value(f.highValue!))]);
    case 'HAS_PROPERTY':
      return eb(expr, 'is not', null);
    case 'NOT_HAS_PROPERTY':
      return isNull;
    case 'CONTAINS_TOKEN':
      return sql<SqlBool>`lower(${text}) like ${likePattern(f.value!)} escape '\\'`;
    case 'NOT_CONTAINS_TOKEN':
      return eb.or([isNull, sql<SqlBool>`lower(${text}) not like ${likePattern(f.value!)} escape '\\'`]);
  }
}

/** `POST …/search`: filter groups OR'd, filters in a group AND'ed, a free-text query, sorts, offset paging. */
export class ObjectSearch {
  constructor(private readonly scope: AccountScope) {}

  async run(
    type: ObjectType,
    request: SearchRequest,
    offset: number,
    // The fixed catalogue unless the caller passes the account's (the CRM API does, for custom properties).
    definitionOf: DefinitionOf = (name) => propertyDefinition(type, name),
  ): Promise<{ total: number; records: ObjectRecord[] }> {
    const { scope } = this;
    const where = (eb: Eb) => {
      const parts: Expression<SqlBool>[] = [];
      const groups = request.filterGroups.filter((g) => g.filters.length);
      if (groups.length)
        parts.push(eb.or(groups.map((g) => eb.and(g.filters.map((f) => condition(scope, type, definitionOf, eb, f))))));
      const query = request.query?.trim();
      if (query) {
        const pattern = likePattern(query);
        parts.push(
          eb.or(
            QUERY_PROPERTIES[type].map(
              (name) =>
                sql<SqlBool>`lower(${column(scope, type, definitionOf, name).text}) like ${pattern} escape '\\'`,
            ),
          ),
        );
      }
      return eb.and(parts);
    };
    const base = scope.db
      .selectFrom('crm_objects')
      .where('account_id', '=', scope.accountId)
      .where('object_type', '=', type)
      .where('archived_at', 'is', null)
      .where(where);

    let page = base.selectAll();
    for (const s of request.sorts) {
      const { expr } = column(scope, type, definitionOf, s.propertyName);
      // Records without the property come last either way, on both databases (their defaults differ).
      page = page.orderBy(expr, (ob) => (s.direction === 'DESCENDING' ? ob.desc() : ob.asc()).nullsLast());
    }
    page = page.orderBy('id').limit(request.limit).offset(offset);

    const [rows, count] = await Promise.all([
      page.execute(),
      base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return { total: Number(count.n), records: rows.map(toRecord) };
  }
}
