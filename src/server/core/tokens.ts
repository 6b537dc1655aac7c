import { randomBytes } from 'node:crypto';

/**
 * A new random token (intent / pixel tokens and link tokens) in the shape the contract's TOKEN_PATTERN accepts:
 * 18 random bytes, 144 bits. Tokens are opaque: what they stand for is in the database, so a token can be revoked
 * and carries nothing a reader could alter.
 */
export function newToken(): string {
  return randomBytes(18).toString('base64url');
}
