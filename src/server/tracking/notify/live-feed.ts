import type { FastifyBaseLogger } from 'fastify';
import { type ChannelListener, listenTo } from '../../store/listener';
import { NOTIFICATIONS_CHANNEL, type NotificationLog } from '../../store/notifications';
import type { EventHub } from './hub';
import { streamKey } from './notifier';

/** How stored notifications reach this instance's live streams (the hub behind SSE). */
export interface LiveFeed {
  /** This instance stored a notification: publish what the table holds. */
  stored(): void;
  /** Publishes what the database holds and the hub has not had yet. */
  catchUp(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const PAGE = 500;
const RETRY_MS = 1_000;

/**
 * The table is what the streams publish, in id order, whoever stored a notification (the notifier, a logged email).
 * With PostgreSQL and any number of instances, each stored notification also rings a channel (in the storing
 * transaction), and every instance, the one that stored it included, then reads the table after the last id its hub
 * published and publishes what it finds; with SQLite there is one instance, and storing tells it directly. The table is the only source, read in id order by one pass at a time, so the streams get
 * each notification once, in order, with the ids Last-Event-ID resumes from, on whichever instance a client
 * reconnects to. A ring missed while the listening connection was down is made up for when it is back.
 */
export class StoredFeed implements LiveFeed {
  private listener: ChannelListener | null = null;
  private queued: Promise<void> | null = null;
  private last: Promise<void> = Promise.resolve();
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly o: {
      /** The PostgreSQL to listen to; none with SQLite. */
      url?: string;
      notifications: NotificationLog;
      hub: EventHub;
      logger: FastifyBaseLogger;
    },
  ) {}

  stored(): void {
    void this.catchUp();
  }

  /** Callers that come while a pass waits to start share it; one that comes during a pass gets the next one. */
  catchUp(): Promise<void> {
    if (this.queued) return this.queued;
    const pass = this.last.then(() => {
      this.queued = null;
      return this.publishNew();
    });
    this.queued = this.last = pass;
    return pass;
  }

  private async publishNew(): Promise<void> {
    const { hub } = this.o;
    try {
      for (;;) {
        const rows = await this.o.notifications.since(hub.latestId, PAGE);
        for (const n of rows) hub.publish(streamKey(n.accountId, n.userId), 'feed', n.item, n.id);
        if (rows.length < PAGE) return;
      }
    } catch (err) {
      if (this.closed || this.retry) return;
      this.o.logger.warn({ err }, 'live notifications: cannot read the new ones; trying again in a second');
      this.retry = setTimeout(() => {
        this.retry = null;
        void this.catchUp();
      }, RETRY_MS);
      this.retry.unref();
    }
  }

  async start(): Promise<void> {
    if (!this.o.url) return;
    let lost = false;
    this.listener = await listenTo(this.o.url, NOTIFICATIONS_CHANNEL, {
      onNotify: () => void this.catchUp(),
      onListening: () => {
        if (lost) this.o.logger.info('live notifications: listening to PostgreSQL again');
        void this.catchUp();
      },
      onLost: (err, retryInMs) => {
        lost = true;
        this.o.logger.warn({ err, retryInMs }, 'live notifications: lost the PostgreSQL listener; reconnecting');
      },
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await this.listener?.close();
    await this.last;
  }
}
