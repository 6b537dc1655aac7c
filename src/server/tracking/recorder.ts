import type { IncomingHttpHeaders } from 'node:http';
import type { Store } from '../store';
import { type Intent, TrackedLookups } from '../store/intents';
import type { Notifier } from '../notify/notifier';
import { classify } from './classify';
import type { ClassifyConfig } from './config';
import { type EventKind, requestFacts } from './facts';
import { messageContext } from './history';
import { truncateIp } from './ip';
import type { Ranges } from './ranges';
import type { EventWriter } from './writer';

export type HitRequest = { method: string; headers: IncomingHttpHeaders; ip: string };

/**
 * What happens behind `/t/o` and `/t/c`: find what the token stands for, label the hit, and append it. Returns
 * once the event is committed (or when there is nothing to record: an unknown or revoked token, an untracked email).
 */
export class Recorder {
  private readonly lookups: TrackedLookups;

  constructor(
    private readonly o: { store: Store; writer: EventWriter; notifier: Notifier; ranges: Ranges; config: ClassifyConfig },
  ) {
    this.lookups = new TrackedLookups(o.store.db);
  }

  async open(token: string, request: HitRequest): Promise<void> {
    const intent = await this.lookups.intentByToken(token);
    if (!intent || intent.revokedAt !== null || !intent.track || intent.mode === 'off') return;
    await this.record(intent, 'open', null, request);
  }

  /**
   * The link's target, or null when the token names no link. A revoked email's links still lead where they did,
   * and so does a link whose click could not be recorded (`onError` hears why): the reader comes first.
   */
  async click(token: string, request: HitRequest, onError: (err: unknown) => void): Promise<string | null> {
    const link = await this.lookups.linkByToken(token);
    if (!link) return null;
    try {
      const intent = await this.lookups.intentOf(link);
      if (intent && intent.revokedAt === null && intent.clicks && intent.mode !== 'off') await this.record(intent, 'click', link.id, request);
    } catch (err) {
      onError(err);
    }
    return link.url;
  }

  private async record(intent: Intent, kind: EventKind, linkId: number | null, request: HitRequest): Promise<void> {
    const at = Date.now();
    const facts = requestFacts({ kind, method: request.method, headers: request.headers, ip: request.ip, at, ...(linkId === null ? {} : { linkId: String(linkId) }) });
    const scope = this.o.store.forAccount(intent.accountId);
    const context = await messageContext(scope, intent, { kind, at }, this.o.config, (userId, messageId) => this.lookups.lastViewed(intent.accountId, userId, messageId));
    const verdict = classify({ request: facts, ...context, ranges: this.o.ranges, config: this.o.config });
    const identified = intent.mode === 'identified';
    const event = await this.o.writer.append({
      accountId: intent.accountId,
      intentId: intent.id,
      userId: intent.userId,
      linkId,
      kind,
      label: verdict.label,
      reasons: verdict.reasons,
      anonymous: !identified,
      contactId: identified ? (intent.attributedTo?.contactId ?? null) : null,
      method: facts.method.slice(0, 10),
      ip: truncateIp(request.ip),
      userAgent: facts.userAgent || null,
      occurredAt: at,
    });
    this.o.notifier.consider(event, facts, intent.mode);
  }
}
