import webpush from 'web-push';
import { answerStart } from './http-post';
import type { VapidKeys } from './vapid';

/** A browser's subscription as `PushSubscription.toJSON()` gives it (RFC 8030 endpoint, RFC 8291 keys). */
export type PushSubscription = { endpoint: string; keys: { p256dh: string; auth: string } };

/**
 * Whether the server may post to this endpoint: its scheme, host and port are one of the allowed push services'
 * origins (`https://*.push.apple.com` takes any subdomain of push.apple.com). An endpoint is the browser's to give,
 * so anything else (loopback, the server's own port, a private address) would have the server connect where a
 * user chose.
 */
export function isAllowedPushEndpoint(endpoint: string, services: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  return services.some((service) => {
    const wildcard = service.includes('://*.');
    const allowed = new URL(service.replace('://*.', '://'));
    if (url.protocol !== allowed.protocol || url.port !== allowed.port) return false;
    return wildcard ? url.hostname.endsWith(`.${allowed.hostname}`) : url.hostname === allowed.hostname;
  });
}

export type PushOptions = {
  vapid: VapidKeys;
  /** Who the push service may contact about our traffic: `mailto:` or an https URL (RFC 8292 `sub`). */
  subject: string;
  /** An open alert is stale after a few minutes; the push service drops it rather than deliver it late. */
  ttlSeconds?: number;
  timeoutMs?: number;
};

/**
 * - `sent`: the push service took it;
 * - `gone`: the subscription no longer exists (404/410): delete it;
 * - `retry`: the push service is busy or unreachable (429, 5xx, network): try again later;
 * - `rejected`: the request itself is wrong (bad keys, too large, VAPID refused): retrying will not help.
 */
export type PushOutcome =
  | { outcome: 'sent'; status: number }
  | { outcome: 'gone'; status: number }
  | { outcome: 'retry'; status: number | null; error: string }
  | { outcome: 'rejected'; status: number | null; error: string };

// RFC 8291 leaves 4096 bytes per record; aes128gcm takes 86 of them for its header, tag and padding delimiter.
export const MAX_PUSH_PAYLOAD = 3993;

/**
 * Encrypts the payload for the subscription (RFC 8291, aes128gcm) and signs the request (VAPID) with `web-push`,
 * then posts it with fetch.
 */
export async function sendPush(
  subscription: PushSubscription,
  payload: unknown,
  options: PushOptions,
): Promise<PushOutcome> {
  const body = JSON.stringify(payload);
  if (Buffer.byteLength(body) > MAX_PUSH_PAYLOAD) {
    return {
      outcome: 'rejected',
      status: null,
      error: `the payload is ${Buffer.byteLength(body)} bytes; a push carries at most ${MAX_PUSH_PAYLOAD}`,
    };
  }
  let details: webpush.RequestDetails;
  try {
    details = webpush.generateRequestDetails(subscription, body, {
      vapidDetails: {
        subject: options.subject,
        publicKey: options.vapid.publicKey,
        privateKey: options.vapid.privateKey,
      },
      TTL: options.ttlSeconds ?? 300,
      urgency: 'high',
      contentEncoding: 'aes128gcm',
    });
  } catch (err) {
    return {
      outcome: 'rejected',
      status: null,
      error: `cannot encrypt for this subscription: ${(err as Error).message}`,
    };
  }
  const headers = Object.fromEntries(
    Object.entries(details.headers as Record<string, string | number>)
      .filter(([k]) => k.toLowerCase() !== 'content-length')
      .map(([k, v]) => [k, String(v)]),
  );
  let res: Response;
  try {
    res = await fetch(details.endpoint, {
      method: 'POST',
      headers,
      body: details.body ? new Uint8Array(details.body) : null,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (err) {
    return {
      outcome: 'retry',
      status: null,
      error: `push service unreachable: ${(err as Error).cause ?? (err as Error).message}`,
    };
  }
  if (res.status >= 200 && res.status < 300) {
    await res.body?.cancel().catch(() => {});
    return { outcome: 'sent', status: res.status };
  }
  const text = (await answerStart(res)).slice(0, 300);
  if (res.status === 404 || res.status === 410) return { outcome: 'gone', status: res.status };
  if (res.status === 429 || res.status >= 500)
    return { outcome: 'retry', status: res.status, error: `push service answered ${res.status} ${text}`.trim() };
  return { outcome: 'rejected', status: res.status, error: `push service answered ${res.status} ${text}`.trim() };
}
