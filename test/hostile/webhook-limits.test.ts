// Not tested before the hardening issue: webhook delivery limits. A receiver is outside our control: one that never
// answers, answers a success with a body that never ends, or answers an error with a body of hundreds of megabytes
// must not hold the delivery worker (the other endpoints' deliveries go out meanwhile) or its memory (no more than
// the start of an answer is read), and its delivery is retried later as any failure is.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/server/store';
import { WebhookWorker } from '../../src/server/tracking/notify/webhook-worker';
import { deliverWebhook, newWebhookSecret } from '../../src/server/tracking/notify/webhooks';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startHttpReceiver } from '../helpers/http-receiver';

const delivery = { id: 'ntf_1', type: 'email.opened', createdAt: '2026-11-02T10:15:00.000Z', data: {} };
const HUGE = 300 * 1024 * 1024;

/** A receiver that behaves as `answer` says, and tells how much of its answer the client took before it hung up. */
async function hostileReceiver(answer: 'never' | 'endless-success' | 'huge-error') {
  const sockets = new Set<Socket>();
  let written = 0;
  let requests = 0;
  let hungUp!: () => void;
  const clientHungUp = new Promise<void>((resolve) => (hungUp = resolve));
  const server: Server = createServer((req, res) => {
    requests++;
    req.resume();
    req.socket.on('close', hungUp);
    if (answer === 'never') return;
    res.writeHead(answer === 'endless-success' ? 200 : 500, { 'content-type': 'text/plain' });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const pump = () => {
      while (!res.destroyed && (answer === 'endless-success' || written < HUGE)) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    requests: () => requests,
    written: () => written,
    clientHungUp,
    open: () => sockets.size,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('webhook delivery against hostile receivers', () => {
  it('gives up on a receiver that never answers after its timeout, and retries it later', async () => {
    const receiver = await hostileReceiver('never');
    try {
      const outcome = await deliverWebhook(receiver.url, delivery, newWebhookSecret());
      expect(outcome).toMatchObject({
        outcome: 'retry',
        status: null,
        error: expect.stringMatching(/no answer within/),
      });
      await receiver.clientHungUp;
    } finally {
      await receiver.close();
    }
  }, 30_000);

  it('takes a success answered with a body that never ends as delivered, and hangs up', async () => {
    const receiver = await hostileReceiver('endless-success');
    try {
      expect(await deliverWebhook(receiver.url, delivery, newWebhookSecret())).toEqual({
        outcome: 'delivered',
        status: 200,
      });
      await receiver.clientHungUp;
      expect(receiver.written()).toBeLessThan(HUGE / 10);
    } finally {
      await receiver.close();
    }
  }, 30_000);

  it('reads only the start of a 300 MB error answer, and hangs up on the rest', async () => {
    const receiver = await hostileReceiver('huge-error');
    try {
      const outcome = await deliverWebhook(receiver.url, delivery, newWebhookSecret());
      expect(outcome).toMatchObject({ outcome: 'retry', status: 500 });
      expect((outcome as { error: string }).error).toMatch(/^answered 500 x+$/);
      expect((outcome as { error: string }).error.length).toBeLessThanOrEqual(220);
      await receiver.clientHungUp;
      // What the receiver could push before the hang-up is what the sockets buffer, not the 300 MB.
      expect(receiver.written()).toBeLessThan(HUGE / 10);
    } finally {
      await receiver.close();
    }
  }, 30_000);
});

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('the webhook worker with a receiver that never answers', db), () => {
    let store: Store;
    let drop: () => Promise<void>;
    let account: TestAccount;

    beforeAll(async () => {
      const fresh = await db.create();
      drop = fresh.drop;
      store = await Store.open(fresh.target);
      account = await createTestAccount(store);
    });
    afterAll(async () => {
      await store?.close();
      await drop?.();
    });

    it("delivers the other endpoints' events while one receiver hangs, and queues the hung one for a retry", async () => {
      const hanging = await hostileReceiver('never');
      const good = await startHttpReceiver();
      const scope = store.forAccount(account.accountId);
      const worker = new WebhookWorker(store.webhookQueue, pino({ level: 'silent' }));
      try {
        const stuck = await scope.webhooks.addEndpoint({
          userId: account.admin.id,
          kind: 'webhook',
          url: hanging.url,
          secret: newWebhookSecret(),
        });
        const fine = await scope.webhooks.addEndpoint({
          userId: account.admin.id,
          kind: 'webhook',
          url: `${good.url}/hook`,
          secret: newWebhookSecret(),
        });
        await scope.webhooks.enqueue(
          [
            { endpointId: stuck.id, payload: { ...delivery, id: 'ntf_stuck' } },
            ...[1, 2, 3].map((n) => ({ endpointId: fine.id, payload: { ...delivery, id: `ntf_${n}` } })),
          ],
          Date.now(),
        );
        worker.kick();
        await expect.poll(() => good.received.length, { timeout: 10_000 }).toBe(3);
        // Delivered while the hanging receiver still holds its request open.
        expect(hanging.requests()).toBe(1);
        expect(hanging.open()).toBe(1);

        await hanging.clientHungUp;
        await expect
          .poll(
            async () => (await scope.webhooks.deliveries(stuck.id)).map((d) => [Number(d.attempts), d.delivered_at]),
            {
              timeout: 15_000,
            },
          )
          .toEqual([[1, null]]);
        const [retry] = await scope.webhooks.deliveries(stuck.id);
        expect(retry.last_error).toMatch(/no answer within/);
        expect(Number(retry.next_attempt_at)).toBeGreaterThan(Date.now());
      } finally {
        await worker.close();
        await hanging.close();
        await good.close();
      }
    }, 40_000);
  });
}
