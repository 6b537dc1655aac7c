// Runs the real add-on bundle through the emulator's driver, off the server's thread: the driver's UrlFetchApp
// blocks its thread while the add-on calls the server, which must stay free to answer.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { AddonRuntime, Mailbox } from '../../../emulator';
import type { AddonCall, AddonResult } from '../../../contract/web';
import { Mailboxes } from './mailboxes';

export type WorkerInit = { backendUrl: string; bundlePath: string; stateDir: string; mailboxRoot: string };
export type WorkerRequest = { id: number; call: AddonCall };
export type WorkerReply = { id: number; result: AddonResult };

const init = workerData as WorkerInit;
const mailboxes = new Mailboxes(init.mailboxRoot);
mkdirSync(init.stateDir, { recursive: true });

const runtimes = new Map<string, AddonRuntime>();

/** One runtime per user, kept between calls, so its cache behaves as Apps Script's does across a session. */
function runtimeOf(user: string): AddonRuntime {
  let runtime = runtimes.get(user);
  if (!runtime) {
    runtime = new AddonRuntime({
      bundlePath: init.bundlePath,
      backendUrl: init.backendUrl,
      user,
      mailbox: new Mailbox(),
      // Properties outlive the server, per user, as they do in Apps Script.
      stateFile: join(init.stateDir, `${user.replace(/[^a-z0-9@._+-]/gi, '_')}.json`),
    });
    runtimes.set(user, runtime);
  }
  return runtime;
}

async function run(call: AddonCall): Promise<AddonResult> {
  let runtime: AddonRuntime | undefined;
  try {
    runtime = runtimeOf(call.user);
    // Messages that arrived since the last call (adding one twice keeps one).
    for (const raw of mailboxes.allRaw(call.user)) await runtime.mailbox.add(raw);
    const response = dispatch(runtime, call);
    return { response, error: null, fetches: runtime.fetches.length };
  } catch (err) {
    return {
      response: null,
      error: err instanceof Error ? err.message : String(err),
      fetches: runtime?.fetches.length ?? 0,
    };
  }
}

function dispatch(rt: AddonRuntime, call: AddonCall): unknown {
  switch (call.trigger) {
    case 'homepage':
      return rt.homepage();
    case 'compose':
      return rt.compose(call.draft ?? { to: [], cc: [], bcc: [] });
    case 'message':
      if (!call.messageId) throw new Error('the message trigger needs the id of the open message');
      return rt.message(call.messageId);
    case 'universal':
      return rt.universal(call.fn ?? 'onSettings', { draft: call.draft, messageId: call.messageId });
    case 'action':
      if (!call.fn) throw new Error('an action needs the name of its function');
      return rt.action(call.fn, {
        parameters: call.parameters,
        formInputs: call.formInputs,
        draft: call.draft,
        messageId: call.messageId,
      });
  }
}

parentPort!.on('message', (request: WorkerRequest) => {
  run(request.call).then((result) => parentPort!.postMessage({ id: request.id, result } satisfies WorkerReply));
});
