import type { Intent } from '../store/intents';
import type { AccountScope } from '../store/scope';
import type { NearbyClicks } from '../store/tracking-label-reads';
import type { ClassifyConfig } from './config';
import type { MessageFacts, MessageHistory, RequestFacts } from './facts';
import { mailProxyAgent, scannerAgent } from './user-agents';

export type SenderClients = (intentId: number) => Promise<{ network: string | null; userAgent: string }[]>;
export type ClicksNear = (intentId: number, at: number, span: number, exceptId?: number) => Promise<NearbyClicks>;

/** How far either side of a click, in ms, the classifier looks at the email's other clicks. */
export function clickSpan(config: ClassifyConfig): number {
  return (
    1000 *
    Math.max(
      config.sweepWindowSeconds,
      config.datacenterBurstSeconds,
      config.sweepAllLinksSeconds,
      config.checkerAfterHeadSeconds,
      config.checkedBeforePersonSeconds,
    )
  );
}

/**
 * Whether the sender's own clients could say anything about this request: not for proxies (every Gmail reader shares
 * Google's agent) nor for agents that are machines whoever sends them. Spares the pixel a read on most hits.
 */
function mayBeSenderClient(request: RequestFacts): boolean {
  return (
    request.userAgent !== '' &&
    mailProxyAgent(request.userAgent) === null &&
    scannerAgent(request.userAgent, request.kind) === null
  );
}

/**
 * What the classifier needs to know about an email around one event, read from the store: the send, the number of
 * tracked links, the nearest other clicks of each link (all that a sweep, a burst or a checker is judged on), when
 * the sender last reported reading it (`lastViewed`), and the clients the sender's own fetches came from (the
 * Recorder shares one read of each among the hits of a turn).
 */
export async function messageContext(
  scope: AccountScope,
  intent: Intent,
  event: { request: RequestFacts; id?: number },
  config: ClassifyConfig,
  reads: {
    lastViewed?: (userId: number, messageId: string) => Promise<number | undefined>;
    senderClients?: SenderClients;
    clicksNear?: ClicksNear;
  } = {},
): Promise<{ message: MessageFacts; history: MessageHistory }> {
  const { request } = event;
  const lastViewed = reads.lastViewed ?? ((u, m) => scope.loggedEmails.lastViewed(u, m));
  const senderClients = reads.senderClients ?? ((id) => scope.tracking.senderClients(id));
  const clients = mayBeSenderClient(request) && intent.sentAt !== null ? senderClients(intent.id) : [];
  if (request.kind === 'open') {
    const [viewed, own] = await Promise.all([
      intent.messageId ? lastViewed(intent.userId, intent.messageId) : undefined,
      clients,
    ]);
    return {
      message: { sentAt: intent.sentAt, linkCount: 0 },
      history: { clicks: [], views: viewed === undefined ? [] : [viewed], senderClients: own },
    };
  }
  const clicksNear = reads.clicksNear ?? ((...a) => scope.tracking.clicksNear(...a));
  const [{ linkCount, clicks }, own] = await Promise.all([
    clicksNear(intent.id, request.at, clickSpan(config), event.id),
    clients,
  ]);
  return { message: { sentAt: intent.sentAt, linkCount }, history: { clicks, views: [], senderClients: own } };
}
