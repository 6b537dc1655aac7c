import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KNOWN_PUSH_SERVICES } from '../../src/server/core/config';
import { loadOrCreateVapidKeys } from '../../src/server/tracking/notify/vapid';
import { sendPush } from '../../src/server/tracking/notify/web-push';
import { type PushReceiver, startPushReceiver } from '../helpers/webpush-receiver';

let dir: string;
let receiver: PushReceiver;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mailtrail-push-'));
  receiver = await startPushReceiver();
});
afterEach(async () => {
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

// What the notifier sends; the service worker (src/web/public/sw.js) shows it.
const notification = {
  title: 'mailtrail',
  body: 'Ada Lovelace opened “Q3 proposal — final” ✓',
  tag: 'e1',
  url: 'http://localhost:8787/app/emails/1',
};

describe('VAPID keys', () => {
  it('are made on first start, kept private, and the same on the next start', () => {
    const file = join(dir, 'push', 'vapid.json');
    const first = loadOrCreateVapidKeys(file);
    expect(first.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateVapidKeys(file)).toEqual(first);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject(first);
  });

  it('refuses a damaged key file rather than silently replacing it', () => {
    const file = join(dir, 'vapid.json');
    writeFileSync(file, '{"publicKey": "oops"}');
    expect(() => loadOrCreateVapidKeys(file)).toThrow(
      /is not a VAPID key file .* every browser must then subscribe to notifications again/,
    );
    expect(readFileSync(file, 'utf8')).toBe('{"publicKey": "oops"}');
  });
});

describe('sendPush', () => {
  it('delivers an encrypted, signed notification that the browser can read', async () => {
    const vapid = loadOrCreateVapidKeys(join(dir, 'vapid.json'));
    const outcome = await sendPush(receiver.subscription, notification, {
      vapid,
      subject: 'mailto:ops@seller.example',
    });
    expect(outcome).toEqual({ outcome: 'sent', status: 201 });

    const push = await receiver.next();
    expect(JSON.parse(push.plaintext)).toEqual(notification);
    expect(push.body.toString('latin1')).not.toContain('Ada');
    expect(push.vapid).toEqual({
      subject: 'mailto:ops@seller.example',
      audience: new URL(receiver.subscription.endpoint).origin,
    });
    expect(push.headers.ttl).toBe('300');
    expect(push.headers.urgency).toBe('high');
  });

  it.each([
    [410, 'gone'],
    [404, 'gone'],
    [429, 'retry'],
    [503, 'retry'],
    [400, 'rejected'],
    [403, 'rejected'],
  ])('a push service answering %i means %s', async (status, outcome) => {
    const vapid = loadOrCreateVapidKeys(join(dir, 'vapid.json'));
    receiver.answer(status);
    expect(
      await sendPush(receiver.subscription, notification, { vapid, subject: 'mailto:ops@seller.example' }),
    ).toMatchObject({ outcome, status });
  });

  it('retries later when the push service cannot be reached', async () => {
    const vapid = loadOrCreateVapidKeys(join(dir, 'vapid.json'));
    const endpoint = receiver.subscription.endpoint;
    await receiver.close();
    const result = await sendPush({ ...receiver.subscription, endpoint }, notification, {
      vapid,
      subject: 'mailto:ops@seller.example',
    });
    expect(result).toMatchObject({ outcome: 'retry', status: null });
    receiver = await startPushReceiver();
  });

  it('refuses what no push service would take, without sending', async () => {
    const vapid = loadOrCreateVapidKeys(join(dir, 'vapid.json'));
    const big = await sendPush(
      receiver.subscription,
      { ...notification, body: 'x'.repeat(5000) },
      { vapid, subject: 'mailto:ops@seller.example' },
    );
    expect(big).toMatchObject({ outcome: 'rejected', error: expect.stringMatching(/a push carries at most 3993/) });
    const badKey = await sendPush(
      { ...receiver.subscription, keys: { p256dh: 'A'.repeat(87), auth: receiver.subscription.keys.auth } },
      notification,
      {
        vapid,
        subject: 'mailto:ops@seller.example',
      },
    );
    expect(badKey).toMatchObject({
      outcome: 'rejected',
      error: expect.stringMatching(/^cannot encrypt for this subscription/),
    });
    expect(receiver.received).toHaveLength(0);
  });
});

describe('push subscriptions', () => {
  it('takes only endpoints at the known push services, as browsers give them', async () => {
    const { Store } = await import('../../src/server/store');
    const { EventHub } = await import('../../src/server/tracking/notify/hub');
    const { trackingActivity } = await import('../../src/server/tracking/notify/activity');
    const { StoredFeed } = await import('../../src/server/tracking/notify/live-feed');
    const { default: pino } = await import('pino');
    const { createTestAccount } = await import('../helpers/accounts');
    const store = await Store.open({ kind: 'sqlite', path: join(dir, 'mailtrail.db') });
    try {
      const acme = await createTestAccount(store);
      const hub = new EventHub();
      const logger = pino({ level: 'silent' });
      const activity = trackingActivity({
        store,
        hub,
        live: new StoredFeed({ notifications: store.notifications, hub, logger }),
        logger,
        vapid: loadOrCreateVapidKeys(join(dir, 'vapid.json')),
        publicUrl: () => 'https://crm.example',
        streams: new AbortController().signal,
        pushServices: KNOWN_PUSH_SERVICES,
      });
      const keys = receiver.subscription.keys;
      await expect(
        activity.subscribe(acme.accountId, acme.admin.id, { endpoint: 'http://10.0.0.5:8080/internal', keys }),
      ).rejects.toThrow("must be at one of the browsers' push services");
      await activity.subscribe(acme.accountId, acme.admin.id, {
        endpoint: 'https://fcm.googleapis.com/fcm/send/abc',
        keys,
      });
      const rows = await store.db.selectFrom('push_subscriptions').select('endpoint').execute();
      expect(rows).toEqual([{ endpoint: 'https://fcm.googleapis.com/fcm/send/abc' }]);
    } finally {
      await store.close();
    }
  });
});
