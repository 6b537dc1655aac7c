/**
 * In-process fan-out of live events to each user's open streams (SSE). Event ids increase across the hub; the
 * last `capacity` events stay in memory so that a client reconnecting with `Last-Event-ID` gets what it missed.
 * Further back, a `backfill` (the durable event log) can answer; without one the subscriber is told to resync.
 */
export type HubEvent = { id: number; type: string; data: unknown };
export type Backfill = (userId: string, afterId: number) => Promise<HubEvent[]>;

export type Subscription = { close(): void };
export type SubscribeOptions = {
  /** The last event id the client has; null for a fresh connection (no replay). */
  afterId: number | null;
  deliver: (event: HubEvent) => void;
  /** Called before any replay when events after `afterId` can no longer all be found. */
  onGap?: () => void;
};

type Stored = HubEvent & { userId: string };

const EVENT_TYPE = /^[a-z][a-z0-9_.-]{0,63}$/;

export class EventHub {
  private readonly capacity: number;
  private readonly ring: Stored[] = [];
  private next = 0;
  private lastId = 0;
  private readonly listeners = new Map<string, Set<(e: HubEvent) => void>>();

  /**
   * `lastId`: the last id already handed out (by the durable log), so that new ones continue after it. `sync`:
   * brings the hub up to what the durable log holds (other instances publish there); a client whose
   * Last-Event-ID is ahead of this hub waits for it rather than being taken for one from before a restart.
   */
  constructor(
    private readonly options: {
      capacity?: number;
      backfill?: Backfill;
      lastId?: number;
      sync?: () => Promise<void>;
    } = {},
  ) {
    this.capacity = options.capacity ?? 1000;
    this.lastId = options.lastId ?? 0;
    if (!Number.isInteger(this.capacity) || this.capacity < 1)
      throw new RangeError('the event hub needs a capacity of at least 1');
  }

  /**
   * Sends an event to the user's streams. The id defaults to the next one; a caller that numbers events itself
   * (the durable log) passes its id, which must be larger than any before.
   */
  publish(userId: string, type: string, data: unknown, id: number = this.lastId + 1): HubEvent {
    if (!EVENT_TYPE.test(type))
      throw new RangeError(`"${type}" is not an event type (lower-case letters, digits, . _ -)`);
    if (!Number.isSafeInteger(id) || id <= this.lastId)
      throw new RangeError(`event id ${id} is not after the last one, ${this.lastId}`);
    this.lastId = id;
    const event: HubEvent = { id, type, data };
    if (this.ring.length < this.capacity) this.ring.push({ ...event, userId });
    else this.ring[this.next] = { ...event, userId };
    this.next = (this.next + 1) % this.capacity;
    for (const deliver of this.listeners.get(userId) ?? []) deliver(event);
    return event;
  }

  /** The id of the last event published. */
  get latestId(): number {
    return this.lastId;
  }

  /** The user's events after `afterId` still in memory, oldest first, and whether they are all there is. */
  replay(userId: string, afterId: number): { events: HubEvent[]; complete: boolean } {
    const ordered =
      this.ring.length < this.capacity ? this.ring : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
    const oldest = ordered.length ? ordered[0].id : this.lastId + 1;
    const complete = afterId >= oldest - 1 && afterId <= this.lastId;
    const events = ordered
      .filter((e) => e.userId === userId && e.id > afterId)
      .map(({ id, type, data }) => ({ id, type, data }));
    return { events, complete };
  }

  async subscribe(userId: string, options: SubscribeOptions): Promise<Subscription> {
    const { afterId, deliver } = options;
    let live: ((e: HubEvent) => void) | null = null;
    const pending: HubEvent[] = [];
    const listener = (e: HubEvent) => (live ? live(e) : pending.push(e));
    let set = this.listeners.get(userId);
    if (!set) this.listeners.set(userId, (set = new Set()));
    set.add(listener);
    const subscription = {
      close: () => {
        set.delete(listener);
        if (set.size === 0 && this.listeners.get(userId) === set) this.listeners.delete(userId);
      },
    };

    if (afterId !== null && afterId > this.lastId && this.options.sync) {
      try {
        await this.options.sync();
      } catch (err) {
        subscription.close();
        throw err;
      }
    }
    // An id still above the last one comes from before a restart: everything in memory may be new to the client.
    const from = afterId !== null && afterId > this.lastId ? 0 : afterId;
    let delivered = from ?? this.lastId;
    const send = (e: HubEvent) => {
      if (e.id <= delivered) return;
      delivered = e.id;
      deliver(e);
    };
    if (from !== null) {
      const memory = this.replay(userId, from);
      if (from !== afterId) options.onGap?.();
      else if (!memory.complete && this.options.backfill) {
        // Events published while the backfill runs wait in `pending`, then everything goes out once, in order.
        let older: HubEvent[];
        try {
          older = await this.options.backfill(userId, from);
        } catch (err) {
          subscription.close();
          throw err;
        }
        memory.events = [...older, ...this.replay(userId, from).events];
      } else if (!memory.complete) options.onGap?.();
      const merged = new Map<number, HubEvent>();
      for (const e of [...memory.events, ...pending]) merged.set(e.id, e);
      [...merged.values()].sort((a, b) => a.id - b.id).forEach(send);
    }
    live = send;
    return subscription;
  }
}
