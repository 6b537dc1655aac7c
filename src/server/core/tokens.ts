import { randomBytes } from 'node:crypto';

/**
 * Tracking tokens (intent / pixel tokens and link tokens): 18 random bytes, 144 bits, as 24 base64url characters.
 * They are opaque: what they stand for is in the database, so a token can be revoked and carries nothing a
 * reader could alter.
 */
export function newToken(): string {
  return randomBytes(18).toString('base64url');
}

// The shape IntentToken (src/contract/addon.ts) accepts. Anything else is answered without a database lookup.
const TOKEN = /^[A-Za-z0-9_-]{22,64}$/;

export function isWellFormedToken(value: string): boolean {
  return TOKEN.test(value);
}

/** The token in a pixel path segment `<token>.gif`, or null when the segment is not one. */
export function pixelToken(segment: string): string | null {
  if (segment.length > 68 || !segment.endsWith('.gif')) return null;
  const token = segment.slice(0, -4);
  return isWellFormedToken(token) ? token : null;
}
