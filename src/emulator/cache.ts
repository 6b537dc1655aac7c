// CacheService: a script cache and one cache per user, with Apps Script's limits (keys ≤ 250 characters,
// values ≤ 100 KB, expiry from 1 s to 6 h, 10 min by default, 1,000 items) and expiry read from an injectable
// clock, so tests can move time instead of waiting.
import { Check } from './check';
import type { Realm } from './realm';

export const MAX_CACHE_KEY_LENGTH = 250;
export const MAX_CACHE_VALUE_BYTES = 100 * 1024;
export const DEFAULT_CACHE_SECONDS = 600;
export const MAX_CACHE_SECONDS = 21_600;
export const MAX_CACHE_ITEMS = 1000;

type Entry = { value: string; expiresAt: number };

export class CacheStores {
  private readonly scriptCache = new Map<string, Entry>();
  private readonly userCaches = new Map<string, Map<string, Entry>>();

  constructor(readonly clock: () => number = Date.now) {}

  script(): Map<string, Entry> {
    return this.scriptCache;
  }
  user(email: string): Map<string, Entry> {
    let cache = this.userCaches.get(email);
    if (!cache) this.userCaches.set(email, (cache = new Map()));
    return cache;
  }
}

export class Cache {
  private readonly c: Check;
  constructor(
    realm: Realm,
    private readonly entries: Map<string, Entry>,
    private readonly clock: () => number,
  ) {
    this.c = new Check(realm);
  }

  get(key: string): string | null {
    const k = this.key(key);
    const entry = this.entries.get(k);
    if (!entry) return null;
    if (entry.expiresAt <= this.clock()) {
      this.entries.delete(k);
      return null;
    }
    return entry.value;
  }
  getAll(keys: string[]): { [key: string]: string } {
    if (!Array.isArray(keys)) this.c.fail('Invalid argument: keys (expected an array of strings)');
    const found: Record<string, string> = {};
    for (const key of keys) {
      const value = this.get(key);
      if (value !== null) found[key] = value;
    }
    return found;
  }
  put(key: string, value: string, expirationInSeconds?: number): void {
    this.store([[this.key(key), this.value(value)]], this.seconds(expirationInSeconds));
  }
  putAll(values: { [key: string]: string }, expirationInSeconds?: number): void {
    if (values === null || typeof values !== 'object') this.c.fail('Invalid argument: values');
    const checked = Object.entries(values).map(([k, v]): [string, string] => [this.key(k), this.value(v)]);
    this.store(checked, this.seconds(expirationInSeconds));
  }
  remove(key: string): void {
    this.entries.delete(this.key(key));
  }
  removeAll(keys: string[]): void {
    if (!Array.isArray(keys)) this.c.fail('Invalid argument: keys (expected an array of strings)');
    keys.map((k) => this.key(k)).forEach((k) => this.entries.delete(k));
  }

  private key(key: unknown): string {
    const k = this.c.text('key', key);
    if (k.length > MAX_CACHE_KEY_LENGTH) this.c.fail('Argument too large: key');
    return k;
  }
  private value(value: unknown): string {
    if (value === null || value === undefined || typeof value === 'object')
      this.c.fail('Invalid argument: value (cache values are strings)');
    const v = this.c.text('value', value);
    if (Buffer.byteLength(v) > MAX_CACHE_VALUE_BYTES) this.c.fail('Argument too large: value');
    return v;
  }
  private seconds(expirationInSeconds: unknown): number {
    if (expirationInSeconds === undefined) return DEFAULT_CACHE_SECONDS;
    const s = this.c.int('expirationInSeconds', expirationInSeconds, 1);
    if (s > MAX_CACHE_SECONDS)
      this.c.fail(`Invalid argument: expirationInSeconds (at most ${MAX_CACHE_SECONDS} seconds, 6 hours)`);
    return s;
  }
  private store(pairs: [string, string][], seconds: number): void {
    const expiresAt = this.clock() + seconds * 1000;
    for (const [key, value] of pairs) {
      this.entries.delete(key); // re-inserted last: the oldest write is evicted first when the cache is full
      this.entries.set(key, { value, expiresAt });
    }
    while (this.entries.size > MAX_CACHE_ITEMS) this.entries.delete(this.entries.keys().next().value as string);
  }
}

export function createCacheService(deps: { realm: Realm; caches: CacheStores; user: string }) {
  const { realm, caches } = deps;
  return {
    getScriptCache: () => new Cache(realm, caches.script(), caches.clock),
    getUserCache: () => new Cache(realm, caches.user(deps.user), caches.clock),
    /** Gmail add-ons have no bound document. */
    getDocumentCache: (): null => null,
  };
}
