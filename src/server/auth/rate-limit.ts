/**
 * A rolling-window request counter per key, kept in this process's memory: with several server instances each
 * enforces its own share, so the effective limit is N times the setting. The window is cut into buckets; a request
 * counts against the buckets of the last `windowMs`.
 */
export class RollingLimit {
  private readonly counters = new Map<string, { buckets: Uint32Array; stamps: Float64Array }>();
  private readonly bucketMs: number;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly bucketCount = 10,
  ) {
    this.bucketMs = windowMs / bucketCount;
  }

  /** Counts one request for `key`; returns whether it is allowed and how many remain in the window. */
  take(key: string, now = Date.now()): { allowed: boolean; remaining: number } {
    if (this.limit <= 0) return { allowed: true, remaining: Number.POSITIVE_INFINITY };
    let counter = this.counters.get(key);
    if (!counter) {
      if (this.counters.size > 100_000) this.sweep(now);
      counter = { buckets: new Uint32Array(this.bucketCount), stamps: new Float64Array(this.bucketCount) };
      this.counters.set(key, counter);
    }
    const slot = Math.floor(now / this.bucketMs);
    const index = slot % this.bucketCount;
    if (counter.stamps[index] !== slot) {
      counter.stamps[index] = slot;
      counter.buckets[index] = 0;
    }
    let used = 0;
    for (let i = 0; i < this.bucketCount; i++)
      if (slot - counter.stamps[i] < this.bucketCount) used += counter.buckets[i];
    if (used >= this.limit) return { allowed: false, remaining: 0 };
    counter.buckets[index]++;
    return { allowed: true, remaining: this.limit - used - 1 };
  }

  private sweep(now: number) {
    const oldest = Math.floor(now / this.bucketMs) - this.bucketCount;
    for (const [key, counter] of this.counters) if (Math.max(...counter.stamps) < oldest) this.counters.delete(key);
  }
}
