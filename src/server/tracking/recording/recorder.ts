import type { IncomingHttpHeaders } from 'node:http';
import type { Store } from '../../store';
import type { Intent } from '../../store/intents';
import type { TrackedLookups } from '../../store/tokens';
import type { NewTrackingEvent, TrackingEvent } from '../../store/tracking-events';
import type { NearbyClicks } from '../../store/tracking-label-reads';
import type { Notifier } from '../notify/notifier';
import { madeByPerson } from '../../../contract/labels';
import { classify } from '../classify';
import type { ClassifyConfig } from '../config';
import { type EventKind, type RequestFacts, requestFacts } from '../facts';
import { clickSpan, messageContext } from '../history';
import { truncateIp } from '../ip';
import type { Ranges } from '../ranges';
import { HitBudget } from './budget';
import type { EventWriter } from './writer';

export type HitRequest = { method: string; headers: IncomingHttpHeaders; ip: string };

/** A hit waiting to be labelled and committed with the others of its turn of the event loop. */
type Hit = {
  intent: Intent;
  facts: RequestFacts;
  linkId: number | null;
  ip: string;
  done: () => void;
  failed: (err: unknown) => void;
};

/**
 * What happens behind `/t/o` and `/t/c`: find what the token stands for, label the hit, and append it. Returns
 * once the event is committed; an unknown or revoked token, an untracked email, once its fetch is counted as a miss
 * in the same kind of commit (so the answer's timing tells nothing about the token).
 * The hits of one turn of the event loop are labelled together (one read of the sender's viewing report per email,
 * made after all of them arrived) and go to the writer as one group, committed in the same turn.
 */
export class Recorder {
  private readonly lookups: TrackedLookups;
  private pending: Hit[] = [];
  private readonly budget = new HitBudget();

  constructor(
    private readonly o: {
      store: Store;
      writer: EventWriter;
      notifier: Notifier;
      ranges: Ranges;
      config: ClassifyConfig;
    },
  ) {
    this.lookups = o.store.tokens.cached();
  }

  /** The clients of the sender's own fetches, kept by the notifier, which relabels events (one cache for both). */
  private get senderClients() {
    return this.o.notifier.senderClients;
  }

  async open(token: string, request: HitRequest): Promise<void> {
    const intent = await this.lookups.intentByToken(token);
    if (!intent || intent.revokedAt !== null || !intent.track || intent.mode === 'off')
      return this.o.writer.miss(Date.now());
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
      if (intent && intent.revokedAt === null && intent.clicks && intent.mode !== 'off')
        await this.record(intent, 'click', link.id, request);
    } catch (err) {
      onError(err);
    }
    return link.url;
  }

  private record(intent: Intent, kind: EventKind, linkId: number | null, request: HitRequest): Promise<void> {
    const at = Date.now();
    const over = this.budget.spend(intent.id, sourceOf(request.ip), at);
    if (over !== null)
      return this.o.writer.overflow({ accountId: intent.accountId, intentId: intent.id, source: over, at });
    const facts = requestFacts({
      kind,
      method: request.method,
      headers: request.headers,
      ip: request.ip,
      at,
      ...(linkId === null ? {} : { linkId: String(linkId) }),
    });
    return new Promise((done, failed) => {
      if (this.pending.length === 0) setImmediate(() => void this.flush());
      this.pending.push({ intent, facts, linkId, ip: request.ip, done, failed });
    });
  }

  private async flush(): Promise<void> {
    const hits = this.pending;
    this.pending = [];
    const lastViewed = this.viewsOf(hits);
    const clicksNear = this.clicksNearOf(hits);
    const reads = ({ intent: { accountId } }: Hit, near?: Promise<NearbyClicks>) => ({
      lastViewed: (userId: number, messageId: string) => lastViewed(accountId, userId, messageId),
      senderClients: (intentId: number) => this.senderClients.get(accountId, intentId),
      ...(near ? { clicksNear: () => near } : {}),
    });
    const labelled = await Promise.all(
      hits.map(async (hit) => {
        try {
          return { hit, event: await this.label(hit, reads(hit, clicksNear.get(hit))) };
        } catch (err) {
          hit.failed(err);
          return null;
        }
      }),
    );
    const ready = labelled.filter((l) => l !== null);
    if (!ready.length) return;
    let events: TrackingEvent[];
    try {
      events = await this.o.writer.append(ready.map((l) => l.event));
    } catch (err) {
      for (const { hit } of ready) hit.failed(err);
      return;
    }
    ready.forEach(({ hit }, i) => {
      if (events[i].label === 'self' && !events[i].uncertain)
        this.senderClients.forget(hit.intent.accountId, hit.intent.id);
      this.o.notifier.consider(events[i], hit.facts, hit.intent.mode);
      hit.done();
    });
  }

  /**
   * When the senders last reported reading the emails opened in this commit (what labelling asks of each open of
   * an email with a message id): one read per sender, instead of one per email, which on PostgreSQL is a round trip.
   */
  private viewsOf(hits: readonly Hit[]) {
    const wanted = new Map<string, { accountId: number; userId: number; messageIds: Set<string> }>();
    for (const { intent, facts } of hits) {
      if (facts.kind !== 'open' || !intent.messageId) continue;
      const key = `${intent.accountId}:${intent.userId}`;
      let group = wanted.get(key);
      if (!group) wanted.set(key, (group = { ...intent, messageIds: new Set() }));
      group.messageIds.add(intent.messageId);
    }
    const reads = new Map(
      [...wanted].map(([key, { accountId, userId, messageIds }]) => [
        key,
        this.o.store.forAccount(accountId).loggedEmails.lastViewedMany(userId, [...messageIds]),
      ]),
    );
    return async (accountId: number, userId: number, messageId: string): Promise<number | undefined> => {
      const read = reads.get(`${accountId}:${userId}`);
      if (!read) return this.o.store.forAccount(accountId).loggedEmails.lastViewed(userId, messageId);
      return (await read).get(messageId);
    };
  }

  /**
   * What each click of this commit is judged on: one read per account for all of them (on PostgreSQL one round
   * trip instead of one per click).
   */
  private clicksNearOf(hits: readonly Hit[]): Map<Hit, Promise<NearbyClicks>> {
    const byAccount = new Map<number, Hit[]>();
    for (const hit of hits) {
      if (hit.facts.kind !== 'click') continue;
      const list = byAccount.get(hit.intent.accountId);
      if (list) list.push(hit);
      else byAccount.set(hit.intent.accountId, [hit]);
    }
    const near = new Map<Hit, Promise<NearbyClicks>>();
    for (const [accountId, clicks] of byAccount) {
      const read = this.o.store.forAccount(accountId).tracking.clicksNearMany(
        clicks.map((h) => ({ intentId: h.intent.id, at: h.facts.at })),
        clickSpan(this.o.config),
      );
      clicks.forEach((hit, i) =>
        near.set(
          hit,
          read.then((all) => all[i]),
        ),
      );
    }
    return near;
  }

  private async label(hit: Hit, reads: Parameters<typeof messageContext>[4]): Promise<NewTrackingEvent> {
    const { intent, facts } = hit;
    const context = await messageContext(
      this.o.store.forAccount(intent.accountId),
      intent,
      { request: facts },
      this.o.config,
      reads,
    );
    const verdict = classify({ request: facts, ...context, ranges: this.o.ranges, config: this.o.config });
    const identified = intent.mode === 'identified';
    const repeat =
      facts.kind === 'open' &&
      madeByPerson('open', verdict.label) &&
      this.budget.repeatedOpen(intent.id, sourceOf(hit.ip), facts.userAgent, facts.at);
    return {
      accountId: intent.accountId,
      intentId: intent.id,
      userId: intent.userId,
      linkId: hit.linkId,
      kind: facts.kind,
      label: verdict.label,
      reasons: verdict.reasons,
      uncertain: verdict.uncertain,
      anonymous: !identified,
      contactId: identified ? (intent.attributedTo?.contactId ?? null) : null,
      method: facts.method.slice(0, 10),
      ip: truncateIp(hit.ip),
      userAgent: facts.userAgent || null,
      occurredAt: facts.at,
      repeat,
    };
  }
}

/** Where a hit comes from, as budgets count it: the address truncated as events store it. */
const sourceOf = (ip: string) => truncateIp(ip) ?? ip;
