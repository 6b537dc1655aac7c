import type { ServerResponse } from 'node:http';
import type { EventHub, HubEvent } from './hub';

export type EventStreamOptions = {
  hub: EventHub;
  userId: string;
  /** The request's `Last-Event-ID` header as it came. */
  lastEventId: string | string[] | undefined;
  /** A comment line this often keeps proxies and load balancers from closing an idle stream. */
  heartbeatMs?: number;
  /** How long the browser waits before reconnecting. */
  retryMs?: number;
  /** A client this far behind is cut off; it reconnects with Last-Event-ID and misses nothing. */
  maxBufferedBytes?: number;
  /** Ends the stream, e.g. when the server shuts down. */
  signal?: AbortSignal;
};

/** `Last-Event-ID` is an id this server wrote, or it is ignored (the stream then starts from now). */
export function parseLastEventId(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[header.length - 1] : header;
  return value !== undefined && /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : null;
}

function frame(e: HubEvent): string {
  // JSON has no raw line breaks, so the data stays on one `data:` line.
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

/**
 * Serves a user's live events as Server-Sent Events on a raw response until the client goes away. In a Fastify
 * route: `reply.hijack(); await streamEvents(reply.raw, { hub, userId, lastEventId: request.headers['last-event-id'] })`.
 * When the missed events cannot all be replayed, a `resync` event comes first: the client reloads its feed.
 */
export async function streamEvents(res: ServerResponse, options: EventStreamOptions): Promise<void> {
  const { hub, userId, heartbeatMs = 25_000, retryMs = 3_000, maxBufferedBytes = 1 << 20 } = options;
  const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
  const end = () => res.end();
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
  });
  // HEAD gets the headers and no body: node sends them only at the end, so a HEAD stream would hang forever.
  if (res.req?.method === 'HEAD') {
    res.end();
    return;
  }
  options.signal?.addEventListener('abort', end, { once: true });
  res.write(`retry: ${retryMs}\n\n`);

  const write = (text: string) => {
    if (res.destroyed) return;
    if (res.writableLength > maxBufferedBytes) res.destroy();
    else res.write(text);
  };
  const subscription = await hub.subscribe(userId, {
    afterId: parseLastEventId(options.lastEventId),
    deliver: (e) => write(frame(e)),
    onGap: () => write('event: resync\ndata: {}\n\n'),
  });
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs);
  try {
    if (options.signal?.aborted) end();
    if (!res.destroyed) await closed;
  } finally {
    clearInterval(heartbeat);
    subscription.close();
    options.signal?.removeEventListener('abort', end);
  }
}
