// Utilities: encoding, digests, blobs, dates, UUIDs. sleep() is recorded and returns at once, so retry logic
// can be tested without waiting.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { Blob } from './blob';
import { fromByteArray, toByteArray } from './bytes';
import { Check, describe } from './check';
import { encodeText } from './charset';
import { formatDate } from './format-date';
import type { Realm } from './realm';

const names = <T extends string>(...values: T[]) =>
  Object.freeze(Object.fromEntries(values.map((v) => [v, v]))) as { readonly [K in T]: K };

export const Charset = names('US_ASCII', 'UTF_8');
export const DigestAlgorithm = names('MD2', 'MD5', 'SHA_1', 'SHA_256', 'SHA_384', 'SHA_512');
export const MacAlgorithm = names('HMAC_MD5', 'HMAC_SHA_1', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512');

const NODE_HASH: Record<string, string> = {
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
};
export const MAX_SLEEP_MS = 300_000;

export function createUtilities(deps: { realm: Realm; onSleep: (ms: number) => void }) {
  const c: Check = new Check(deps.realm);

  function bytesOf(name: string, data: unknown, charset?: unknown): Buffer {
    if (typeof data === 'string') {
      const bytes = encodeText(data, charset === undefined ? undefined : c.oneOf('charset', charset, Charset));
      if (!bytes) return c.fail(`Invalid argument: charset`);
      return bytes;
    }
    const bytes = fromByteArray(data);
    if (!bytes) c.fail(`Invalid argument: ${name} (expected a string or a byte array, got ${describe(data)})`);
    return bytes;
  }

  function decode64(encoded: unknown): number[] {
    const text = c.text('encoded', encoded);
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text.replace(/\s/g, ''))) c.fail('Invalid argument: encoded (not base64)');
    return toByteArray(Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
  }

  function hash(algorithm: unknown): string {
    const name = c.oneOf('algorithm', algorithm, DigestAlgorithm);
    return NODE_HASH[name] ?? c.notEmulated(`Utilities.computeDigest(${name})`, 'node has no MD2');
  }

  return {
    Charset,
    DigestAlgorithm,
    MacAlgorithm,
    sleep(milliseconds: number): void {
      const ms = c.int('milliseconds', milliseconds, 0);
      if (ms > MAX_SLEEP_MS) c.fail(`Invalid argument: milliseconds (at most ${MAX_SLEEP_MS})`);
      deps.onSleep(ms);
    },
    base64Encode: (data: string | number[], charset?: string | number) =>
      bytesOf('data', data, charset).toString('base64'),
    /** Apps Script's web-safe alphabet keeps the = padding. */
    base64EncodeWebSafe: (data: string | number[], charset?: string | number) =>
      bytesOf('data', data, charset).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
    base64Decode: (encoded: string) => decode64(encoded),
    base64DecodeWebSafe: (encoded: string) => decode64(encoded),
    computeDigest: (algorithm: string | number, value: string | number[], charset?: string | number) =>
      toByteArray(
        createHash(hash(algorithm))
          .update(bytesOf('value', value, charset))
          .digest(),
      ),
    computeHmacSignature: (
      algorithm: string | number,
      value: string | number[],
      key: string | number[],
      charset?: string | number,
    ) => {
      const name = c.oneOf('algorithm', algorithm, MacAlgorithm);
      return toByteArray(
        createHmac(hash(name.slice(5)), bytesOf('key', key, charset))
          .update(bytesOf('value', value, charset))
          .digest(),
      );
    },
    computeHmacSha256Signature: (value: string | number[], key: string | number[], charset?: string | number) =>
      toByteArray(
        createHmac('sha256', bytesOf('key', key, charset))
          .update(bytesOf('value', value, charset))
          .digest(),
      ),
    newBlob(data: string | number[], contentType?: string, name?: string): Blob {
      return new Blob(
        deps.realm,
        bytesOf('data', data),
        contentType === undefined ? null : c.text('contentType', contentType),
        name === undefined ? null : c.text('name', name),
      );
    },
    formatDate(date: Date, timeZone: string, format: string): string {
      const ms = date !== null && typeof date === 'object' && typeof date.getTime === 'function' ? date.getTime() : NaN;
      if (Number.isNaN(ms)) c.fail(`Invalid argument: date (expected a Date, got ${describe(date)})`);
      const zone = c.text('timeZone', timeZone);
      return formatDate(ms, zone, c.text('format', format)) ?? c.fail(`Invalid argument: timeZone (${zone})`);
    },
    /** sprintf-like: %s, %d, %f (with optional precision) and %%. */
    formatString(template: string, ...args: unknown[]): string {
      return c
        .text('template', template)
        .replace(/%(?:\.(\d+))?([sdf%])/g, (_m, precision: string | undefined, kind: string) => {
          if (kind === '%') return '%';
          const value = args.shift();
          if (kind === 's') return String(value);
          if (kind === 'd') return String(Math.trunc(Number(value)));
          return precision === undefined ? String(Number(value)) : Number(value).toFixed(Number(precision));
        });
    },
    getUuid: () => randomUUID(),
  };
}
