import { bareAddress } from '../../contract/addresses';
import type { RecipientLists } from '../../contract/addon';
import { splitBcc } from './draft';

/**
 * The CacheService key of a compose context: the same recipients (in any order, any case, without the logging
 * address Apply adds) and the same never-log list give the same key. Cache keys are limited to 250 characters,
 * so the lists are hashed (two 32-bit FNV-1a passes; a collision would show another draft's statuses, so 64 bits).
 */
export function composeCacheKey(recipients: RecipientLists, neverLog: readonly string[], bccDomain: string): string {
  const list = (values: readonly string[]) => values.map(bareAddress).sort().join(',');
  const canonical = [
    list(recipients.to),
    list(recipients.cc),
    list(splitBcc(recipients.bcc, bccDomain).others),
    neverLog.slice().sort().join(','),
  ].join('|');
  return `compose:${fnv1a(canonical, 0x811c9dc5)}${fnv1a(canonical, 0x01000193)}`;
}

function fnv1a(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
