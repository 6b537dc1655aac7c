import type { EventLabel, TrackingMode } from '../../../contract/addon';
import { madeByPerson } from '../../../contract/labels';
import type { ClassifyConfig } from '../config';
import type { EventKind } from '../facts';

/**
 * Who gets told (T4, T7, T8, T9): only events attributed to the one reader of an `identified` email, and only
 * those a person most likely made. A Gmail image-proxy fetch is a person opening (Gmail fetches when the message
 * is opened), so it notifies; Apple's prefetch, Gmail's prefetcher, scanners and the sender never do.
 */
export function notifies(event: { kind: EventKind; label: EventLabel; mode: TrackingMode }): boolean {
  if (event.mode !== 'identified') return false;
  return madeByPerson(event.kind, event.label);
}

/**
 * How long a notification waits before the event is classified once more with what arrived meanwhile: the sender's
 * viewing report comes after Gmail's proxy fetch, and the rest of a sweep after its first click.
 */
export function settleDelayMs(kind: EventKind, config: ClassifyConfig): number {
  const seconds =
    kind === 'open' ? config.selfBeforeViewSeconds : Math.max(config.sweepWindowSeconds, config.datacenterBurstSeconds);
  return seconds * 1000;
}
