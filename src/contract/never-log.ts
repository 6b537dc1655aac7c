import { domainOf, isAddress, normaliseAddress } from './addresses';

/**
 * A never-log rule (L5) is one of:
 *   ada@example.com   that address only
 *   @example.com      every address at exactly that domain
 *   *.example.com     the domain and all its subdomains
 */
export type NeverLogRule = { kind: 'address' | 'domain' | 'subdomains'; value: string; text: string };

const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;

/** Parses one entry as a user types it; returns an error message for anything that is not a rule. */
export function parseNeverLogEntry(input: string): NeverLogRule | { error: string } {
  const text = normaliseAddress(input);
  if (text.startsWith('*.')) {
    const value = text.slice(2);
    return DOMAIN.test(value)
      ? { kind: 'subdomains', value, text }
      : { error: `"${input}" is not a domain pattern like *.example.com` };
  }
  if (text.startsWith('@')) {
    const value = text.slice(1);
    return DOMAIN.test(value)
      ? { kind: 'domain', value, text }
      : { error: `"${input}" is not a domain like @example.com` };
  }
  return isAddress(text)
    ? { kind: 'address', value: text, text }
    : { error: `"${input}" is not an address, @domain or *.domain` };
}

export function isNeverLogged(address: string, rules: readonly NeverLogRule[]): boolean {
  const a = normaliseAddress(address);
  const d = domainOf(a);
  return rules.some((r) =>
    r.kind === 'address'
      ? r.value === a
      : r.kind === 'domain'
        ? r.value === d
        : d === r.value || d.endsWith(`.${r.value}`),
  );
}

/** Parses a list, keeping valid rules once each in their first order, and reporting the rest. */
export function parseNeverLogList(entries: readonly string[]): { rules: NeverLogRule[]; errors: string[] } {
  const rules: NeverLogRule[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (!entry.trim()) continue;
    const parsed = parseNeverLogEntry(entry);
    if ('error' in parsed) errors.push(parsed.error);
    else if (!seen.has(parsed.text)) {
      seen.add(parsed.text);
      rules.push(parsed);
    }
  }
  return { rules, errors };
}
