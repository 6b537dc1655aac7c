import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local HTTP endpoint standing in for a webhook receiver or Google Chat: records each request, answers with
// the status the test sets.

export type Received = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

export type HttpReceiver = {
  url: string;
  received: Received[];
  answer(status: number, headers?: Record<string, string>): void;
  close(): Promise<void>;
};

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const received: Received[] = [];
  let status = 200;
  let extra: Record<string, string> = {};
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    res.writeHead(status, extra).end(status >= 400 ? 'receiver says no' : '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    answer: (s, h = {}) => {
      status = s;
      extra = h;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
