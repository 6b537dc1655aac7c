// README says Node 20 is all mailtrail needs, and CI runs Node 20: every package `npm ci` installs must accept the
// oldest Node that package.json's `engines` allows, or `npm ci` warns EBADENGINE (and a stricter npm refuses).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
type Lock = { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };

const parts = (v: string) =>
  v
    .replace(/^v/, '')
    .split('.')
    .map((n) => (/^\d+$/.test(n) ? Number(n) : NaN));
function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** One comparator of a node-semver range, in the forms package.json files use for `engines.node`. */
function satisfiesComparator(version: number[], comparator: string): boolean {
  if (comparator === '*' || comparator === '') return true;
  const match = /^(>=|<=|>|<|\^|~|=)?v?([\d.x*]+)$/.exec(comparator);
  if (!match) throw new Error(`unread range comparator "${comparator}"`);
  const [, op = '', raw] = match;
  const bound = parts(raw!.replace(/\.[x*].*$/, ''));
  const given = raw!.split('.').filter((p) => /^\d+$/.test(p)).length;
  const c = compare(
    version,
    bound.map((n) => (Number.isNaN(n) ? 0 : n)),
  );
  switch (op) {
    case '>=':
      return c >= 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '<':
      return c < 0;
    case '^':
      return c >= 0 && version[0] === bound[0];
    case '~':
      return c >= 0 && version[0] === bound[0] && (given < 2 || version[1] === bound[1]);
    default:
      // `20`, `20.x`, `=20.19.0`: every part given must match.
      return bound.slice(0, given).every((n, i) => version[i] === n);
  }
}

function satisfies(version: string, range: string): boolean {
  const v = parts(version);
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .replace(/(>=|<=|>|<|\^|~|=)\s+/g, '$1')
      .split(/\s+/)
      .every((comparator) => satisfiesComparator(v, comparator)),
  );
}

describe('engines', () => {
  it('reads ranges as npm does', () => {
    expect(satisfies('20.19.0', '>=22')).toBe(false);
    expect(satisfies('20.19.0', '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies('20.19.0', '20.x || 22.x')).toBe(true);
    expect(satisfies('20.19.0', '>=16 || 14 >=14.17')).toBe(true);
    expect(satisfies('20.19.0', '^14.18.0 || >=16.0.0')).toBe(true);
    expect(satisfies('20.19.0', '18 || 20 || >=22')).toBe(true);
    expect(satisfies('20.19.0', '^22.13.0 || >=23.5.0')).toBe(false);
  });

  it('every locked package accepts the oldest Node that package.json allows', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    const oldest = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(pkg.engines.node)?.[1];
    expect(oldest, `package.json engines.node is "${pkg.engines.node}"`).toBeDefined();
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lock;
    const refusing = Object.entries(lock.packages)
      .filter(([, p]) => p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => !satisfies(oldest!, (p.engines as { node: string }).node))
      .map(
        ([path, p]) =>
          `${path.replace(/^.*node_modules\//, '')}@${p.version} wants node ${(p.engines as { node: string }).node}`,
      );
    expect(refusing).toEqual([]);
  });
});
