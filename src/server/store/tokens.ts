import type { Kysely } from 'kysely';
import { toIntent, toLink, type Intent, type TrackedLink } from './intents';
import { loggingSecretBySecret, type LoggingSecret } from './logging-secrets';
import type { Database } from './schema';
import type { AccountScope } from './scope';

async function intentByToken(db: Kysely<Database>, token: string): Promise<Intent | undefined> {
  const row = await db.selectFrom('intents').selectAll().where('token', '=', token).executeTakeFirst();
  return row && toIntent(row);
}

async function linkByToken(db: Kysely<Database>, token: string): Promise<TrackedLink | undefined> {
  const row = await db.selectFrom('tracked_links').selectAll().where('token', '=', token).executeTakeFirst();
  return row && toLink(row);
}

/**
 * The tokens' door to the store (`store.tokens`): the intent or link a token names, in whichever account, since the
 * pixel endpoint, the link redirect and the BCC listener see only the token. Like the Identity reads, these are
 * cross-account lookups that hand back the account to scope to.
 */
export class TokenLookups {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly forAccount: (accountId: number) => AccountScope,
  ) {}

  /** The intent a pixel token names, read afresh. */
  intent(token: string): Promise<Intent | undefined> {
    return intentByToken(this.db, token);
  }

  /** The intent whose `log+<secret>@…` address this is (never found by its pixel token). */
  async intentByLogSecret(secret: string): Promise<Intent | undefined> {
    const row = await this.db.selectFrom('intents').selectAll().where('log_secret', '=', secret).executeTakeFirst();
    return row && toIntent(row);
  }

  /** The personal or routing secret of a `bcc+…` or `route+…` address, current or retired. */
  loggingSecret(kind: LoggingSecret['kind'], secret: string): Promise<LoggingSecret | undefined> {
    return loggingSecretBySecret(this.db, kind, secret);
  }

  /** The link a click token names, read afresh. */
  link(token: string): Promise<TrackedLink | undefined> {
    return linkByToken(this.db, token);
  }

  /** The same reads kept for a while, for the pixel and link routes (TrackedLookups): one cache per caller. */
  cached(o: { ttlMs?: number; capacity?: number } = {}): TrackedLookups {
    return new TrackedLookups(this.db, this.forAccount, o);
  }
}

/**
 * The reads behind every pixel fetch and link click, kept for TRACKED_CACHE_MS: a read email's pixel is fetched
 * again each time the message is shown, and each hit would otherwise read and parse the intent row. Only sent
 * intents are kept, since nothing of them changes afterwards but a revocation (contact erasure); links never
 * change. A revocation made in this process empties every cache at once (`intentsRevoked`); one made elsewhere
 * (the CLI, another server on the same PostgreSQL) takes effect within TRACKED_CACHE_MS (docs/decisions.md,
 * "Tracking: the hot path").
 */
export class TrackedLookups {
  private readonly intents: Expiring<Intent>;
  private readonly links: Expiring<TrackedLink>;
  private revocationsSeen = revocations;
  /** Reads under way, shared by the hits that miss the cache meanwhile: an expired entry is read once, not per hit. */
  private readonly loading = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly forAccount: (accountId: number) => AccountScope,
    o: { ttlMs?: number; capacity?: number },
  ) {
    this.intents = new Expiring(o.ttlMs ?? TRACKED_CACHE_MS, o.capacity ?? 10_000);
    this.links = new Expiring(o.ttlMs ?? TRACKED_CACHE_MS, o.capacity ?? 10_000);
  }

  /** The intent a pixel token names (see TokenLookups.intent). */
  intentByToken(token: string): Promise<Intent | undefined> {
    return this.intent(`t:${token}`, () => intentByToken(this.db, token));
  }

  /** The intent a link belongs to. */
  intentOf(link: TrackedLink): Promise<Intent | undefined> {
    return this.intent(`i:${link.intentId}`, () => this.forAccount(link.accountId).intents.byId(link.intentId));
  }

  async linkByToken(token: string): Promise<TrackedLink | undefined> {
    const hit = this.links.get(token);
    if (hit) return hit;
    return this.once(`l:${token}`, async () => {
      const link = await linkByToken(this.db, token);
      if (link) this.links.set(token, link);
      return link;
    });
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let read = this.loading.get(key) as Promise<T> | undefined;
    if (!read) {
      read = load().finally(() => this.loading.delete(key));
      this.loading.set(key, read);
    }
    return read;
  }

  private async intent(key: string, load: () => Promise<Intent | undefined>): Promise<Intent | undefined> {
    if (this.revocationsSeen !== revocations) {
      this.revocationsSeen = revocations;
      this.intents.clear();
    }
    const hit = this.intents.get(key);
    if (hit) return hit;
    // Keyed by the revocations seen too: a read begun before a revocation is not shared with hits after it.
    const seen = revocations;
    return this.once(`${key}:${seen}`, async () => {
      const intent = await load();
      // A row read while a revocation was being made may predate it.
      if (intent && intent.sentAt !== null && seen === revocations) this.intents.set(key, intent);
      return intent;
    });
  }
}

/** A bounded map whose entries expire; the oldest entry makes room. */
class Expiring<T> {
  private readonly entries = new Map<string, { value: T; until: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly capacity: number,
  ) {}

  get(key: string): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until > Date.now()) return e.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, until: Date.now() + this.ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }
}

export const TRACKED_CACHE_MS = 5_000;

let revocations = 0;

/** Tells every TrackedLookups of this process that intents were revoked: they read them afresh. */
export function intentsRevoked(): void {
  revocations++;
}
