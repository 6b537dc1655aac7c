import * as z from 'zod/mini';

/**
 * Email addresses are compared in one normal form everywhere (server, add-on, web app): trimmed and lower-cased.
 * The local part is case-sensitive in theory (RFC 5321) but no mail system a sales team meets treats it so, and
 * HubSpot itself de-duplicates contacts case-insensitively.
 */
export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** Pulls the bare address out of a header value such as `"Ada Lovelace" <ada@example.com>`. */
export function bareAddress(headerValue: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(headerValue);
  return normaliseAddress(angle ? angle[1] : headerValue);
}

export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : normaliseAddress(address.slice(at + 1));
}

// Deliberately simple: one @, no spaces, a dot in the domain. Full RFC 5322 syntax admits addresses no CRM wants.
const ADDRESS = /^[^\s@<>()",;:]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/;

export function isAddress(value: string): boolean {
  return value.length <= 254 && ADDRESS.test(normaliseAddress(value));
}

export const EmailAddress = z.pipe(
  z.string().check(
    z.maxLength(254),
    z.refine((v) => isAddress(v), 'must be an email address like name@example.com'),
  ),
  z.transform((v) => normaliseAddress(v)),
);
