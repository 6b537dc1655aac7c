import { type IncomingHttpHeaders, type IncomingMessage, request } from 'node:http';

// A Server-Sent Events client for tests: real HTTP, the parsing rules of the HTML standard (§9.2.6). node:http
// rather than fetch, so that closing destroys the socket there and then, as a browser tab going away does.

export type SseMessage = { id: string | undefined; event: string; data: string };

export type SseClient = {
  status: number;
  headers: IncomingHttpHeaders;
  /** The next message; comments (heartbeats) are collected in `comments`. */
  next(): Promise<SseMessage>;
  comments: string[];
  retry: number | undefined;
  close(): void;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
};

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const req = request(url, { headers: { accept: 'text/event-stream', ...headers } });
  const res = await new Promise<IncomingMessage>((resolve, reject) =>
    req.on('response', resolve).on('error', reject).end(),
  );
  const queue: SseMessage[] = [];
  const waiting: ((m: SseMessage) => void)[] = [];
  const client: SseClient = {
    status: res.statusCode ?? 0,
    headers: res.headers,
    comments: [],
    retry: undefined,
    next: () => new Promise((resolve) => (queue.length ? resolve(queue.shift()!) : waiting.push(resolve))),
    close: () => req.destroy(),
    ended: Promise.resolve(),
  };
  const dispatch = (m: SseMessage) => (waiting.length ? waiting.shift()!(m) : queue.push(m));

  client.ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    let id: string | undefined;
    let event = '';
    let data: string[] = [];
    try {
      for await (const chunk of res) {
        buffer += decoder.decode(chunk as Buffer, { stream: true });
        let nl: number;
        while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
          if (line === '') {
            if (data.length) dispatch({ id, event: event || 'message', data: data.join('\n') });
            event = '';
            data = [];
            continue;
          }
          if (line.startsWith(':')) {
            client.comments.push(line.slice(1).trim());
            continue;
          }
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'data') data.push(value);
          else if (field === 'event') event = value;
          else if (field === 'id') id = value;
          else if (field === 'retry' && /^\d+$/.test(value)) client.retry = Number(value);
        }
      }
    } catch (err) {
      // Closing the client aborts the response: that is how a stream ends from this side.
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET' && (err as Error).message !== 'aborted') throw err;
    }
  })();
  return client;
}
