import pg from 'pg';

export type ChannelListener = { close(): Promise<void> };

export type ChannelHandlers = {
  onNotify(payload: string | undefined): void;
  /** After each (re)connection. Notifications sent while no connection listened are lost: read what was missed here. */
  onListening(): void;
  onLost(err: unknown, retryInMs: number): void;
};

const FIRST_RETRY_MS = 200;
const LAST_RETRY_MS = 5_000;

/**
 * A connection of its own that LISTENs on a PostgreSQL channel (LISTEN belongs to a session, so a pooled
 * connection cannot hold it). When it drops (PostgreSQL restarted, the network cut) it reconnects, waiting 0.2 s,
 * then twice as long each failure up to 5 s. Resolves once the first attempt has listened or failed; after a
 * failure it keeps trying.
 */
export async function listenTo(url: string, channel: string, handlers: ChannelHandlers): Promise<ChannelListener> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel))
    throw new RangeError(`"${channel}" is not a channel name (lower-case letters, digits, _)`);
  let current: pg.Client | null = null;
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const connect = (): Promise<void> => {
    // Named, so that an operator can tell it apart in pg_stat_activity.
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
      application_name: `mailtrail listen ${channel}`,
    });
    current = client;
    // Both 'error' and 'end' may come for one loss; the first one counts.
    const lost = (err?: unknown) => {
      if (current !== client) return;
      current = null;
      void client.end().catch(() => {});
      if (closed) return;
      const delay = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** failures++);
      handlers.onLost(err ?? new Error('PostgreSQL closed the connection'), delay);
      timer = setTimeout(() => {
        timer = null;
        void connect();
      }, delay);
      timer.unref();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (m) => {
      if (m.channel === channel) handlers.onNotify(m.payload);
    });
    return client
      .connect()
      .then(() => client.query(`listen ${channel}`))
      .then(() => {
        if (current !== client) return;
        failures = 0;
        handlers.onListening();
      }, lost);
  };

  await connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const client = current;
      current = null;
      await client?.end().catch(() => {});
    },
  };
}
