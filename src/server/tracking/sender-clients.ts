import type { SenderClients } from './history';

type Clients = ReturnType<SenderClients>;

/** How long a read is kept at most: what another instance, a retention purge or an erasure changed shows after it. */
const KEEP_MS = 60_000;
const CAPACITY = 10_000;

/**
 * The clients of the sender's own fetches of each email (TrackingRepo.senderClients), kept between commits: every
 * person open of a busy email needs them, and they change only when an event of the sender's own is written or
 * relabelled, which this process reports with `forget`. A read in flight when its email is forgotten is not kept.
 */
export class SenderClientsCache {
  private readonly entries = new Map<string, { read: Clients; until: number }>();

  constructor(private readonly read: (accountId: number, intentId: number) => Clients) {}

  get(accountId: number, intentId: number): Clients {
    const key = `${accountId}:${intentId}`;
    const now = Date.now();
    const kept = this.entries.get(key);
    if (kept && kept.until > now) return kept.read;
    const read = this.read(accountId, intentId);
    if (this.entries.size >= CAPACITY && !kept) this.entries.delete(this.entries.keys().next().value as string);
    const entry = { read, until: now + KEEP_MS };
    this.entries.set(key, entry);
    read.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return read;
  }

  /** An event of the sender's own was written or relabelled for this email: read it afresh next time. */
  forget(accountId: number, intentId: number): void {
    this.entries.delete(`${accountId}:${intentId}`);
  }
}
