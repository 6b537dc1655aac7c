import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';
import { type NewTrackingEvent, type TrackingEvent, appendTrackingEvents } from '../store/tracking';

type Pending = { event: NewTrackingEvent; resolve: (e: TrackingEvent) => void; reject: (err: unknown) => void };

/**
 * Group commit for tracking events. `append` resolves once the event is committed, and the pixel and link routes
 * answer only then: an answered event survives `kill -9` (SQLite in WAL with synchronous=NORMAL is durable across
 * a process crash; PostgreSQL commits are durable). Every event that arrives while a commit is running waits for
 * the next one, so under load batches grow by themselves and one commit serves hundreds of requests; a lone event
 * is committed on the next turn of the event loop.
 */
export class EventWriter {
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: { maxBatch?: number; onError?: (err: unknown, count: number) => void } = {},
  ) {}

  append(event: NewTrackingEvent): Promise<TrackingEvent> {
    if (this.closed) return Promise.reject(new Error('the event writer is closed (the server is shutting down)'));
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      if (!this.running) this.running = new Promise<void>((done) => setImmediate(done)).then(() => this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.options.maxBatch ?? 2000);
      try {
        const ids = await appendTrackingEvents(this.db, batch.map((p) => p.event));
        batch.forEach((p, i) => p.resolve({ ...p.event, id: ids[i] }));
      } catch (err) {
        this.options.onError?.(err, batch.length);
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
