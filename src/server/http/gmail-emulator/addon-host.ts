import { Worker } from 'node:worker_threads';
import type { AddonCall, AddonResult } from '../../../contract/web';
import type { WorkerInit, WorkerReply } from './addon-worker';

/** Upper bound of one add-on call: Apps Script gives a callback 30 s; the driver's own deadline comes first. */
const CALL_TIMEOUT_MS = 45_000;

/**
 * Owns the worker thread that runs the add-on. Built (dist/cli.js), the worker is dist/gmail-addon-worker.js; run
 * from TypeScript (tests, tsx), it is addon-worker.ts, loaded through the same `--import tsx` the process runs with.
 */
export class AddonHost {
  private worker: Worker | undefined;
  private next = 1;
  private readonly pending = new Map<number, (result: AddonResult) => void>();

  /** `init` is read when the worker starts, on the first call: by then the server knows its own URL. */
  constructor(private readonly init: () => WorkerInit) {}

  call(call: AddonCall): Promise<AddonResult> {
    const worker = this.start();
    const id = this.next++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ response: null, error: `The add-on did not answer within ${CALL_TIMEOUT_MS / 1000} s.`, fetches: 0 });
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      worker.postMessage({ id, call });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const ts = import.meta.url.endsWith('.ts');
    const file = new URL(ts ? './addon-worker.ts' : './gmail-addon-worker.js', import.meta.url);
    const worker = new Worker(file, { workerData: this.init() });
    worker.on('message', (reply: WorkerReply) => {
      this.pending.get(reply.id)?.(reply.result);
      this.pending.delete(reply.id);
    });
    const fail = (message: string) => {
      for (const resolve of this.pending.values()) resolve({ response: null, error: message, fetches: 0 });
      this.pending.clear();
      if (this.worker === worker) this.worker = undefined;
    };
    worker.on('error', (err) => fail(`The add-on runtime crashed: ${err.message}`));
    worker.on('exit', () => fail('The add-on runtime stopped.'));
    worker.unref();
    return (this.worker = worker);
  }
}
