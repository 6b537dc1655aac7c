import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/contract/feed';
import {
  googleChatMessage,
  googleChatText,
  isGoogleChatWebhookUrl,
  sendGoogleChat,
} from '../../src/server/tracking/notify/google-chat';
import {
  SIGNATURE_HEADER,
  type WebhookDelivery,
  deliverWebhook,
  newWebhookSecret,
  signWebhook,
  verifyWebhookSignature,
  webhookRetryDelayMs,
} from '../../src/server/tracking/notify/webhooks';
import { type HttpReceiver, startHttpReceiver } from '../helpers/http-receiver';

let receiver: HttpReceiver;
beforeEach(async () => {
  receiver = await startHttpReceiver();
});
afterEach(() => receiver.close());

const notification: FeedItem = {
  id: 'e1',
  kind: 'opened',
  label: 'proxy',
  uncertain: false,
  why: "through Google's image proxy, which fetches when the reader opens the email",
  machines: [],
  machineCount: 0,
  anonymous: false,
  at: '2026-11-02T10:15:00.000Z',
  subject: 'Q3 proposal',
  contact: { id: 'c1', name: 'Ada Lovelace', email: 'ada@analytical.example' },
  opens: ['2026-11-02T10:15:00.000Z'],
  url: null,
  reason: null,
  emailUrl: 'https://crm.seller.example/app/emails/1',
};
const delivery: WebhookDelivery = {
  id: 'ntf_42',
  type: 'email.opened',
  createdAt: notification.at,
  data: notification,
};
const NOW = Date.parse('2026-11-02T10:15:01Z');

describe('webhook signatures', () => {
  it('sign the timestamp and body; a receiver checks them with the secret', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify(delivery);
    const t = Math.floor(NOW / 1000);
    const header = signWebhook(secret, body, t);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, body, t)).toBe(true);
    expect(verifyWebhookSignature(secret, header, body.replace('Ada', 'Eve'), t)).toBe(false);
    expect(verifyWebhookSignature(newWebhookSecret(), header, body, t)).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, t + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, `${header},v1=${'0'.repeat(64)}`, body, t)).toBe(true);
    expect(verifyWebhookSignature(secret, 't=abc,v1=zz', body, t)).toBe(false);
    expect(verifyWebhookSignature(secret, undefined, body, t)).toBe(false);
  });
});

describe('webhook retry schedule', () => {
  it('backs off from seconds to a day, then gives up after about two days', () => {
    const delays = Array.from({ length: 10 }, (_, i) => webhookRetryDelayMs(i + 1));
    expect(delays).toEqual([30e3, 120e3, 600e3, 1800e3, 3600e3, 10800e3, 21600e3, 43200e3, 86400e3, null]);
    const total = delays.reduce<number>((sum, d) => sum + (d ?? 0), 0);
    expect(total / 3600e3).toBeCloseTo(46.7, 1);
  });

  it('adds at most a quarter for jitter', () => {
    expect(webhookRetryDelayMs(1, 0.999)).toBe(37_493);
    expect(webhookRetryDelayMs(1, 5)).toBe(37_500);
    expect(() => webhookRetryDelayMs(0)).toThrow('1 or more');
  });
});

describe('deliverWebhook', () => {
  it('posts the signed event the receiver can verify and dedupe', async () => {
    const secret = newWebhookSecret();
    const outcome = await deliverWebhook(`${receiver.url}/hooks/mailtrail`, delivery, secret, { now: () => NOW });
    expect(outcome).toEqual({ outcome: 'delivered', status: 200 });
    const [req] = receiver.received;
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(req.headers['x-mailtrail-event-id']).toBe('ntf_42');
    expect(req.headers['x-mailtrail-event-type']).toBe('email.opened');
    expect(JSON.parse(req.body)).toEqual(delivery);
    expect(
      verifyWebhookSignature(secret, req.headers[SIGNATURE_HEADER] as string, req.body, Math.floor(NOW / 1000)),
    ).toBe(true);
  });

  it.each([500, 404, 401, 429])('retries when the receiver answers %i', async (status) => {
    receiver.answer(status);
    expect(await deliverWebhook(receiver.url, delivery, newWebhookSecret())).toMatchObject({
      outcome: 'retry',
      status,
      error: `answered ${status} receiver says no`,
    });
  });

  it('does not follow a redirect, and says to configure the final URL', async () => {
    receiver.answer(301, { location: 'https://elsewhere.example/' });
    expect(await deliverWebhook(receiver.url, delivery, newWebhookSecret())).toEqual({
      outcome: 'retry',
      status: 301,
      error: 'answered 301 (redirect to https://elsewhere.example/); configure the final URL',
    });
    expect(receiver.received).toHaveLength(1);
  });

  it('retries when the receiver is down', async () => {
    const url = receiver.url;
    await receiver.close();
    const outcome = await deliverWebhook(url, delivery, newWebhookSecret());
    expect(outcome).toMatchObject({
      outcome: 'retry',
      status: null,
      error: expect.stringMatching(/unreachable: ECONNREFUSED/),
    });
    receiver = await startHttpReceiver();
  });
});

describe('Google Chat', () => {
  it('accepts only incoming-webhook URLs', () => {
    expect(
      isGoogleChatWebhookUrl('https://chat.googleapis.com/v1/spaces/AAAAx1y2/messages?key=AIza-k&token=t0k%3D'),
    ).toBe(true);
    expect(isGoogleChatWebhookUrl('https://chat.googleapis.com/v1/spaces/AAAAx1y2/messages?key=k')).toBe(false);
    expect(isGoogleChatWebhookUrl('http://chat.googleapis.com/v1/spaces/AAAAx1y2/messages?key=k&token=t')).toBe(false);
    expect(isGoogleChatWebhookUrl('https://chat.googleapis.com.evil.example/v1/spaces/A/messages?key=k&token=t')).toBe(
      false,
    );
    expect(isGoogleChatWebhookUrl('not a url')).toBe(false);
  });

  it('says who opened what, without letting names become mentions or links', () => {
    expect(googleChatText(notification, 'en')).toBe(
      'Ada Lovelace opened “Q3 proposal”\n<https://crm.seller.example/app/emails/1|Open in mailtrail>',
    );
    const sneaky = {
      ...notification,
      contact: { ...notification.contact!, name: '<users/all> Eve' },
      subject: 'see <https://evil.example|here>',
      opens: ['2026-11-02T10:20:00.000Z', notification.at, notification.at],
    };
    expect(googleChatText(sneaky, 'en')).toBe(
      '‹users/all› Eve opened “see ‹https://evil.example|here›” (3 opens)\n<https://crm.seller.example/app/emails/1|Open in mailtrail>',
    );
    const click = {
      ...notification,
      kind: 'clicked' as const,
      label: 'human' as const,
      opens: [],
      url: 'https://seller.example/pricing?a=1|2',
      emailUrl: 'https://crm.seller.example/app/emails/1?x=<y>',
    };
    expect(googleChatText(click, 'en')).toBe(
      'Ada Lovelace clicked https://seller.example/pricing?a=1|2 in “Q3 proposal”\n<https://crm.seller.example/app/emails/1?x=%3Cy%3E|Open in mailtrail>',
    );
  });

  it('posts to the space, one thread per email', async () => {
    const message = googleChatMessage(notification, 'mailtrail-7', 'en');
    expect(await sendGoogleChat(`${receiver.url}/v1/spaces/AAAAx1y2/messages?key=k&token=t`, message)).toEqual({
      outcome: 'delivered',
    });
    const [req] = receiver.received;
    const url = new URL(req.url, receiver.url);
    expect(url.searchParams.get('messageReplyOption')).toBe('REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
    expect(url.searchParams.get('token')).toBe('t');
    expect(JSON.parse(req.body)).toEqual({
      text: googleChatText(notification, 'en'),
      thread: { threadKey: 'mailtrail-7' },
    });
  });

  it.each([
    [429, 'retry'],
    [503, 'retry'],
    [404, 'rejected'],
    [400, 'rejected'],
  ])('a %i from Chat means %s', async (status, outcome) => {
    receiver.answer(status);
    expect(
      await sendGoogleChat(
        `${receiver.url}/v1/spaces/A/messages?key=k&token=t`,
        googleChatMessage(notification, 't', 'en'),
      ),
    ).toMatchObject({ outcome, status });
  });
});
