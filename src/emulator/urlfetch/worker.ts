// The HTTP side of UrlFetchApp, in a worker thread: it does the requests (in parallel for fetchAll) and wakes the
// add-on's thread, which sleeps in Atomics.wait as Apps Script's synchronous UrlFetchApp does.
import http from 'node:http';
import https from 'node:https';
import { type MessagePort, workerData } from 'node:worker_threads';
import zlib from 'node:zlib';
import type { WireCall, WireReply, WireRequest, WireResult } from './protocol';

const MAX_REDIRECTS = 10;

/** An object, so that node still adds Host and Content-Length; a repeated header is joined as HTTP allows. */
function headerObject(pairs: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) out[name] = name in out ? `${out[name]}, ${value}` : value;
  return out;
}

function once(
  request: WireRequest,
  url: URL,
): Promise<{ status: number; headers: [string, string][]; body: Buffer; location?: string }> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    const req = transport.request(
      url,
      {
        method: request.method,
        headers: headerObject(request.headers),
        rejectUnauthorized: request.validateHttpsCertificates,
        timeout: request.timeoutMs,
      },
      (res) => {
        const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
        const stream =
          encoding === 'gzip'
            ? res.pipe(zlib.createGunzip())
            : encoding === 'deflate'
              ? res.pipe(zlib.createInflate())
              : encoding === 'br'
                ? res.pipe(zlib.createBrotliDecompress())
                : res;
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (request.maxResponseBytes !== undefined && size > request.maxResponseBytes) {
            reject(
              Object.assign(new Error(`the response is over ${request.maxResponseBytes} bytes`), {
                code: 'ERESPONSETOOLARGE',
              }),
            );
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        stream.on('error', reject);
        stream.on('end', () => {
          const headers: [string, string][] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
          resolve({
            status: res.statusCode ?? 0,
            headers,
            body: Buffer.concat(chunks),
            location: res.headers.location,
          });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error(`no response within ${request.timeoutMs} ms`), { code: 'ETIMEDOUT' })),
    );
    req.on('error', reject);
    req.end(request.body ? Buffer.from(request.body) : undefined);
  });
}

async function perform(request: WireRequest): Promise<WireResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    let current = { ...request };
    let url = new URL(request.url);
    for (let hop = 0; ; hop++) {
      const res = await once(current, url);
      const redirect = res.status >= 300 && res.status < 400 && res.location;
      if (!redirect || !request.followRedirects || hop === MAX_REDIRECTS) {
        return { ok: true, status: res.status, headers: res.headers, body: res.body, ms: ms() };
      }
      url = new URL(res.location!, url);
      // As browsers and Apps Script do: 303 (and 301/302 after a POST) continue as a GET without the body.
      if (
        res.status === 303 ||
        ((res.status === 301 || res.status === 302) && current.method !== 'GET' && current.method !== 'HEAD')
      ) {
        current = {
          ...current,
          method: 'GET',
          body: undefined,
          headers: current.headers.filter(([k]) => !/^content-(type|length)$/i.test(k)),
        };
      }
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { ok: false, code: e.code ?? 'ERROR', message: e.message, ms: ms() };
  }
}

const port = (workerData as { port: MessagePort }).port;
port.on('message', async ({ id, signal, requests }: WireCall) => {
  const reply: WireReply = { id, results: await Promise.all(requests.map(perform)) };
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
