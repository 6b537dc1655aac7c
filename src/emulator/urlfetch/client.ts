// Synchronous HTTP for UrlFetchApp: the calling thread posts the requests to a worker and sleeps in Atomics.wait
// until the worker has the answers. One worker per process, started on first use and never keeping node alive.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { WireReply, WireRequest, WireResult } from './protocol';

/** Slack on top of the longest request timeout before the caller gives up on the worker itself. */
const WORKER_GRACE_MS = 5_000;

let shared: { worker: Worker; port: MessagePort } | undefined;
let lastCall = 0;

/**
 * Built (dist/cli.js), the worker is dist/fetch-worker.js beside this bundle. Run from TypeScript (vitest, tsx),
 * worker.ts is bundled on the fly with esbuild, which is then a dev dependency at hand.
 */
function startWorker(port: MessagePort): Worker {
  const options = { workerData: { port }, transferList: [port] };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./fetch-worker.js', import.meta.url), options);
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const { outputFiles } = esbuild.buildSync({
    entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  return new Worker(outputFiles[0].text, { ...options, eval: true });
}

function channel(): { worker: Worker; port: MessagePort } {
  if (shared) return shared;
  const { port1, port2 } = new MessageChannel();
  const worker = startWorker(port2);
  worker.unref();
  port1.unref();
  worker.on('exit', () => {
    if (shared?.worker === worker) shared = undefined;
  });
  return (shared = { worker, port: port1 });
}

/** Performs the requests in parallel and blocks the calling thread until all have an answer. */
export function fetchSync(requests: WireRequest[]): WireResult[] {
  const { port } = channel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const id = ++lastCall;
  port.postMessage({ id, signal, requests });
  const limit = Math.max(0, ...requests.map((r) => r.timeoutMs)) + WORKER_GRACE_MS;
  if (Atomics.wait(signal, 0, 0, limit) === 'timed-out') {
    // A worker that does not answer is stuck: the next call starts a new one.
    void shared?.worker.terminate();
    shared = undefined;
    throw new Error(`the UrlFetchApp worker did not answer within ${limit} ms`);
  }
  // A call cut short (the vm's watchdog can stop a runaway add-on mid-wait) leaves its late answer queued: skip it.
  for (let reply = receiveMessageOnPort(port); reply; reply = receiveMessageOnPort(port)) {
    const message = reply.message as WireReply;
    if (message.id === id) return message.results;
  }
  throw new Error('the UrlFetchApp worker woke the caller without an answer');
}
