// What an attacker sends: strings that break parsers, databases and encodings; arbitrary JSON; valid bodies with
// one thing wrong; odd query strings and path segments.
import fc from 'fast-check';

/** Strings known to hurt somewhere: SQL, NUL (PostgreSQL text refuses it), lone surrogates, numbers past int8. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  "' OR 1=1 --",
  '"; DROP TABLE crm_objects; --',
  '1; select pg_sleep(0)',
  '%',
  '%00',
  '%zz',
  '..',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e400',
  '0x10',
  '9'.repeat(19),
  '9'.repeat(40),
  '-9223372036854775809',
  '1.5',
  'true',
  'null',
  '[]',
  '{}',
  'a'.repeat(300),
  'é'.repeat(600),
  '😀'.repeat(300),
  'x'.repeat(70_000),
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String) },
);

const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'properties',
  'inputs',
  'id',
  'email',
  'associations',
  'to',
  'types',
  'filterGroups',
  'after',
  'limit',
  'message',
  'token',
];
const key: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...KEYS), nastyString);

/** Any JSON value, its strings nasty, its keys sometimes ones the server reads. */
export const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.constantFrom(2 ** 53 + 1, -0, 1e308, Number.MAX_SAFE_INTEGER, -1),
    nastyString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;

type Path = (string | number)[];

function pathsOf(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...at, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out);
  return out;
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

type Mutation = 'replace' | 'delete' | 'wrap' | 'stringify' | 'repeat' | 'addKey' | 'nullify';

/** Changes one place of `body` (picked by `pick`): the near-valid request that gets past the first checks. */
export function mutate(body: unknown, pick: number, how: Mutation, value: unknown, extraKey: string): unknown {
  const paths = pathsOf(body);
  const path = paths[pick % paths.length];
  const root: Record<string, unknown> = { v: clone(body) };
  const full: Path = ['v', ...path];
  const last = full[full.length - 1];
  let parent: any = root;
  for (const p of full.slice(0, -1)) parent = parent[p];
  const current = parent[last];
  switch (how) {
    case 'replace':
      parent[last] = value;
      break;
    case 'nullify':
      parent[last] = null;
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
      break;
    case 'wrap':
      parent[last] = [current];
      break;
    case 'stringify':
      parent[last] = typeof current === 'string' ? Number(current) : JSON.stringify(current ?? null);
      break;
    case 'repeat':
      // Past every batch cap the server has (100, 500, 1000).
      parent[last] =
        Array.isArray(current) && current.length ? Array.from({ length: 1001 }, () => clone(current[0])) : current;
      break;
    case 'addKey':
      // defineProperty: `__proto__` must become a key of the JSON, not the object's prototype.
      if (current && typeof current === 'object' && !Array.isArray(current))
        Object.defineProperty(current, extraKey, { value, enumerable: true });
      else parent[last] = value;
      break;
  }
  return root.v;
}

export const mutation = fc.record({
  pick: fc.nat(),
  how: fc.constantFrom<Mutation>(
    'replace',
    'replace',
    'replace',
    'delete',
    'wrap',
    'stringify',
    'repeat',
    'addKey',
    'nullify',
  ),
  value: json,
  extraKey: key,
});

/** Query parameters the routes read, and others. */
const QUERY_KEYS = [
  'limit',
  'after',
  'properties',
  'associations',
  'archived',
  'idProperty',
  'q',
  'days',
  'email',
  '__proto__',
  'constructor[prototype]',
  'a[b]',
  '',
];

/** A query string: the valid one with some keys set to nasty values, repeated, or made up. */
export const queryEdit = fc.array(
  fc.record({ key: fc.oneof(fc.constantFrom(...QUERY_KEYS), nastyString), value: nastyString, repeat: fc.boolean() }),
  { minLength: 1, maxLength: 4 },
);

export function editQuery(
  query: Record<string, string> | undefined,
  edits: { key: string; value: string; repeat: boolean }[],
): string {
  const params = new URLSearchParams(query ?? {});
  for (const e of edits) {
    if (e.repeat) params.append(e.key, e.value);
    else params.set(e.key, e.value);
  }
  return params.toString();
}

/** Percent-encodes a path segment; a lone surrogate goes out as the bytes it would be in CESU-8, invalid UTF-8. */
export function encodeSegment(value: string): string {
  return Array.from(value, (ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%ED%A0%80';
    }
  }).join('');
}
