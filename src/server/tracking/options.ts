import { type ClassifyConfig, classifyConfig } from './config';
import { DEFAULT_COALESCE_WINDOW_MS } from '../notify/coalesce';

/**
 * Tracking's own settings, from the environment of `mailtrail serve` (documented in docs/operations.md):
 *   MAILTRAIL_TRACKING_THRESHOLDS    JSON overrides of the classifier's thresholds, e.g. {"clickAfterSendSeconds":15}
 *   MAILTRAIL_TRACKING_RETENTION_DAYS  raw events older than this are purged, counters kept (default 395; 0 keeps all)
 *   MAILTRAIL_NOTIFY_SETTLE_MS       how long a notification waits for late evidence (default: per kind, see policy.ts)
 *   MAILTRAIL_NOTIFY_COALESCE_MS     opens of one email within this window make one notification (default 10 min)
 *   MAILTRAIL_VAPID_SUBJECT          mailto: or https: contact for push services (default mailto:postmaster@<public host>)
 */
export type TrackingOptions = {
  thresholds: ClassifyConfig;
  retentionDays: number;
  settleMs: number | null;
  coalesceWindowMs: number;
  vapidSubject: string | null;
};

function whole(env: NodeJS.ProcessEnv, name: string): number | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  if (!/^\d{1,12}$/.test(raw)) throw new Error(`${name} must be a whole number, not ${JSON.stringify(raw)}`);
  return Number(raw);
}

export function trackingOptions(env: NodeJS.ProcessEnv = process.env): TrackingOptions {
  let overrides: Record<string, unknown> = {};
  if (env.MAILTRAIL_TRACKING_THRESHOLDS) {
    try {
      overrides = JSON.parse(env.MAILTRAIL_TRACKING_THRESHOLDS) as Record<string, unknown>;
    } catch {
      throw new Error('MAILTRAIL_TRACKING_THRESHOLDS must be a JSON object such as {"clickAfterSendSeconds":15}');
    }
  }
  const subject = env.MAILTRAIL_VAPID_SUBJECT || null;
  if (subject && !/^(mailto:|https:\/\/)/.test(subject))
    throw new Error(
      `MAILTRAIL_VAPID_SUBJECT must be a mailto: address or an https: URL, not ${JSON.stringify(subject)}`,
    );
  return {
    thresholds: classifyConfig(overrides),
    retentionDays: whole(env, 'MAILTRAIL_TRACKING_RETENTION_DAYS') ?? 395,
    settleMs: whole(env, 'MAILTRAIL_NOTIFY_SETTLE_MS'),
    coalesceWindowMs: whole(env, 'MAILTRAIL_NOTIFY_COALESCE_MS') ?? DEFAULT_COALESCE_WINDOW_MS,
    vapidSubject: subject,
  };
}
