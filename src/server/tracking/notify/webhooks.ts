import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { postJson } from './http-post';

/**
 * Outbound webhooks. Each delivery is signed over `<timestamp>.<body>` with the endpoint's secret (HMAC-SHA256),
 * in `X-Mailtrail-Signature: t=<unix seconds>,v1=<hex>`; the timestamp lets receivers refuse replays. The event id
 * is repeated in `X-Mailtrail-Event-Id` so a receiver can drop the duplicates that retries may cause.
 */
export const SIGNATURE_HEADER = 'x-mailtrail-signature';

export type WebhookDelivery = { id: string; type: string; createdAt: string; data: unknown };

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

function mac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signWebhook(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${mac(secret, timestamp, body)}`;
}

/** What a receiver does with the header; also how tests check ours. Several `v1=` are allowed (secret rotation). */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  body: string,
  now: number,
  toleranceSeconds = 300,
): boolean {
  if (!header) return false;
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isSafeInteger(t) || Math.abs(now - t) > toleranceSeconds) return false;
  const expected = Buffer.from(mac(secret, t, body), 'hex');
  return parts.some(
    ([k, v]) => k === 'v1' && /^[0-9a-f]{64}$/.test(v ?? '') && timingSafeEqual(Buffer.from(v, 'hex'), expected),
  );
}

// About two days in all, the first retries quick for a receiver that blinked, the last ones spread out.
const RETRY_DELAYS_SECONDS = [30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 24 * 3600];

/**
 * When to try again after `failedAttempts` failures, or null to give up. `jitter` in [0, 1) spreads retries of
 * many deliveries that failed together (pass Math.random()); up to a quarter of the delay is added.
 */
export function webhookRetryDelayMs(failedAttempts: number, jitter = 0): number | null {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1)
    throw new RangeError('failedAttempts counts failures: 1 or more');
  const base = RETRY_DELAYS_SECONDS[failedAttempts - 1];
  return base === undefined ? null : Math.round(base * 1000 * (1 + 0.25 * Math.min(Math.max(jitter, 0), 1)));
}

export type WebhookOutcome =
  { outcome: 'delivered'; status: number } | { outcome: 'retry'; status: number | null; error: string };

/** One attempt. Anything but a 2xx is retried on the schedule above: nothing is dropped on one bad answer. */
export async function deliverWebhook(
  url: string,
  delivery: WebhookDelivery,
  secret: string,
  options: { timeoutMs?: number; now?: () => number } = {},
): Promise<WebhookOutcome> {
  const body = JSON.stringify(delivery);
  const timestamp = Math.floor((options.now ?? Date.now)() / 1000);
  const result = await postJson(
    url,
    body,
    {
      [SIGNATURE_HEADER]: signWebhook(secret, body, timestamp),
      'x-mailtrail-event-id': delivery.id,
      'x-mailtrail-event-type': delivery.type,
    },
    options.timeoutMs ?? 10_000,
  );
  return result.error === null
    ? { outcome: 'delivered', status: result.status }
    : { outcome: 'retry', status: result.status, error: result.error };
}
