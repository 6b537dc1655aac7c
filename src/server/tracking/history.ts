import type { Intent } from '../store/intents';
import type { AccountScope } from '../store/scope';
import type { ClassifyConfig } from './config';
import type { EventKind, MessageFacts, MessageHistory } from './facts';

/**
 * What the classifier needs to know about an email around one event, read from the store: the send, the number of
 * tracked links, the nearest other clicks of each link (all that a sweep or a burst is judged on), and when the
 * sender last reported reading it (`lastViewed`: the Recorder shares one read among the hits of a turn).
 */
export async function messageContext(
  scope: AccountScope,
  intent: Intent,
  event: { kind: EventKind; at: number; id?: number },
  config: ClassifyConfig,
  lastViewed: (userId: number, messageId: string) => Promise<number | undefined> = (u, m) =>
    scope.loggedEmails.lastViewed(u, m),
): Promise<{ message: MessageFacts; history: MessageHistory }> {
  if (event.kind === 'open') {
    const viewed = intent.messageId ? await lastViewed(intent.userId, intent.messageId) : undefined;
    return {
      message: { sentAt: intent.sentAt, linkCount: 0 },
      history: { clicks: [], views: viewed === undefined ? [] : [viewed] },
    };
  }
  const span = 1000 * Math.max(config.sweepWindowSeconds, config.datacenterBurstSeconds);
  const { linkCount, clicks } = await scope.tracking.clicksNear(intent.id, event.at, span, event.id);
  return { message: { sentAt: intent.sentAt, linkCount }, history: { clicks, views: [] } };
}
