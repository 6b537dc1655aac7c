import * as z from 'zod/mini';
import { isAddress, normaliseAddress } from './addresses';
import { MAX_TEXT_LENGTH, type PropertyDefinition } from './crm-properties';

// Value checking. Every stored value is the canonical string a read gives back.

export type PropertyProblem = { name: string; error: string; message: string };

/** `https://www.Example.com/about` → `example.com`: the form companies are matched on. */
export function normaliseDomain(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/:\d+$/, '')
    .replace(/^www\./, '')
    .replace(/\.$/, '');
}

const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/** Epoch milliseconds or an ISO 8601 date or date-time, as HubSpot accepts; anything else is refused. */
export function parseDateTime(value: string): Date | undefined {
  const trimmed = value.trim();
  if (/^-?\d{1,15}$/.test(trimmed)) {
    const d = new Date(Number(trimmed));
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed))
    return undefined;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00.000Z` : trimmed);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const EmailHeaderPerson = z.object({
  email: z.string(),
  firstName: z.optional(z.string()),
  lastName: z.optional(z.string()),
});
export const EmailHeaders = z.object({
  from: z.optional(EmailHeaderPerson),
  sender: z.optional(EmailHeaderPerson),
  to: z.optional(z.array(EmailHeaderPerson)),
  cc: z.optional(z.array(EmailHeaderPerson)),
  bcc: z.optional(z.array(EmailHeaderPerson)),
});
export type EmailHeaders = z.infer<typeof EmailHeaders>;

function canonicalLegalBasis(value: string): string {
  return value.trim().replace(/ - /, ' – ');
}

/**
 * Checks one incoming value against its definition and returns the string to store (`null` clears the property).
 * Owners are checked for existence by the caller, which knows the account.
 */
export function normalisePropertyValue(
  def: PropertyDefinition,
  raw: string | number | boolean | null,
): { value: string | null } | PropertyProblem {
  const problem = (error: string, message: string): PropertyProblem => ({ name: def.name, error, message });
  if (def.readOnly) return problem('READ_ONLY_VALUE', `Property "${def.name}" is read-only: mailtrail computes it`);
  if (raw === null || raw === '') return { value: null };
  const value = String(raw);
  if (value.length > (def.maxLength ?? MAX_TEXT_LENGTH)) {
    return problem(
      'INVALID_LENGTH',
      `${def.name} is ${value.length} characters long; the limit is ${def.maxLength ?? MAX_TEXT_LENGTH}`,
    );
  }
  switch (def.type) {
    case 'number': {
      const n = Number(value.trim());
      if (typeof raw === 'boolean' || value.trim() === '' || !Number.isFinite(n))
        return problem('INVALID_DOUBLE', `${JSON.stringify(value)} was not a valid number.`);
      return { value: String(n) };
    }
    case 'datetime': {
      const d = typeof raw === 'number' ? new Date(raw) : parseDateTime(value);
      if (!d || Number.isNaN(d.getTime()))
        return problem(
          'INVALID_DATE',
          `${JSON.stringify(value)} is not a valid date: send epoch milliseconds or ISO 8601 such as 2026-01-31T12:00:00Z`,
        );
      return { value: d.toISOString() };
    }
    case 'date': {
      const d = typeof raw === 'number' ? new Date(raw) : parseDateTime(value);
      if (!d || Number.isNaN(d.getTime()))
        return problem(
          'INVALID_DATE',
          `${JSON.stringify(value)} is not a valid date: send YYYY-MM-DD or epoch milliseconds`,
        );
      return { value: d.toISOString().slice(0, 10) };
    }
    case 'bool': {
      if (value !== 'true' && value !== 'false')
        return problem('INVALID_OPTION', `${JSON.stringify(value)} is not true or false`);
      return { value };
    }
    case 'enumeration': {
      if (def.format === 'owner')
        return /^\d{1,18}$/.test(value)
          ? { value }
          : problem('INVALID_OWNER_ID', `${JSON.stringify(value)} is not a valid owner id`);
      const allowed = new Set(def.options?.map((o) => o.value));
      const parts = def.multiple ? value.split(';').map(canonicalLegalBasis).filter(Boolean) : [value];
      const bad = parts.filter((p) => !allowed.has(p));
      if (bad.length) {
        return problem(
          'INVALID_OPTION',
          `${bad.map((b) => JSON.stringify(b)).join(', ')} was not one of the allowed options: ${[...allowed].map((a) => JSON.stringify(a)).join(', ')}`,
        );
      }
      return { value: parts.join(';') };
    }
    case 'string':
      break;
  }
  switch (def.format) {
    case 'email':
      return isAddress(value)
        ? { value: normaliseAddress(value) }
        : problem('INVALID_EMAIL', `Email address ${value} is invalid`);
    case 'domain': {
      const domain = normaliseDomain(value);
      return DOMAIN.test(domain)
        ? { value: domain }
        : problem('INVALID_DOMAIN', `${JSON.stringify(value)} is not a domain such as example.com`);
    }
    case 'email-headers': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        return problem(
          'INVALID_JSON',
          'hs_email_headers must be a JSON string such as {"from":{"email":"a@x.com"},"to":[{"email":"b@y.com"}]}',
        );
      }
      const checked = z.safeParse(EmailHeaders, parsed);
      return checked.success
        ? { value }
        : problem(
            'INVALID_JSON',
            `hs_email_headers does not have the shape {from:{email}, to:[{email}], cc:[…], bcc:[…]}`,
          );
    }
    default:
      return { value };
  }
}
