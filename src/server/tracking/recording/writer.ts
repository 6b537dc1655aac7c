import type { EventLog } from '../../store/tracking-append';
import type { OverflowHit } from '../../store/tracking-overflow';
import type { NewTrackingEvent, TrackingEvent } from '../../store/tracking-events';

type Pending = {
  events: readonly NewTrackingEvent[];
  /** Times of pixel fetches answered without an event: counted in the same commit. */
  misses: readonly number[];
  /** Hits over an email's budgets: summarised in the same commit. */
  overflow: readonly OverflowHit[];
  resolve: (e: TrackingEvent[]) => void;
  reject: (err: unknown) => void;
};

/**
 * Group commit for tracking events. `append` resolves once its events are committed, and the pixel and link routes
 * answer only then: an answered event survives `kill -9` (SQLite in WAL with synchronous=NORMAL is durable across
 * a process crash; PostgreSQL commits are durable). The caller brings the events of a turn of the event loop
 * (Recorder); when no commit is running they are committed at once, and every group that arrives while one runs
 * waits for the next, which takes them all: under load one commit serves hundreds of requests.
 */
export class EventWriter {
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly log: EventLog,
    private readonly options: { maxBatch?: number; onError?: (err: unknown, count: number) => void } = {},
  ) {}

  append(events: readonly NewTrackingEvent[]): Promise<TrackingEvent[]> {
    return this.enqueue(events, [], []);
  }

  /** Summarises a hit over its email's budgets in the next commit and resolves with it (its answer waits too). */
  async overflow(hit: OverflowHit): Promise<void> {
    await this.enqueue([], [], [hit]);
  }

  /**
   * Counts a pixel fetch that records no event (an unknown, revoked or untracked token) in the next commit and
   * resolves with it: its answer takes as long as a recorded one's, so timing tells nothing about a token.
   */
  async miss(at: number): Promise<void> {
    await this.enqueue([], [at], []);
  }

  private enqueue(
    events: readonly NewTrackingEvent[],
    misses: readonly number[],
    overflow: readonly OverflowHit[],
  ): Promise<TrackingEvent[]> {
    if (this.closed) return Promise.reject(new Error('the event writer is closed (the server is shutting down)'));
    return new Promise((resolve, reject) => {
      this.queue.push({ events, misses, overflow, resolve, reject });
      this.running ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      // Whole groups, up to maxBatch rows (a larger group goes alone).
      const size = (p: Pending) => p.events.length + p.misses.length + p.overflow.length;
      let take = 0;
      for (
        let n = 0;
        take < this.queue.length && (take === 0 || n + size(this.queue[take]) <= (this.options.maxBatch ?? 2000));
        take++
      )
        n += size(this.queue[take]);
      const batch = this.queue.splice(0, take);
      const events = batch.flatMap((p) => p.events);
      try {
        const ids = await this.log.append(events, {
          misses: batch.flatMap((p) => p.misses),
          overflow: batch.flatMap((p) => p.overflow),
        });
        let i = 0;
        for (const p of batch) p.resolve(p.events.map((e) => ({ ...e, id: ids[i++] })));
      } catch (err) {
        this.options.onError?.(err, events.length);
        for (const p of batch) p.reject(err);
      }
    }
    this.running = null;
  }

  /** Refuses new events and waits for the queued ones to be committed. */
  async close(): Promise<void> {
    this.closed = true;
    await this.running;
  }
}
