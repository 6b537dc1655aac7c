import type { FastifyBaseLogger } from 'fastify';
import type { FeedItem } from '../../../contract/feed';
import { madeByPerson } from '../../../contract/labels';
import type { Language } from '../../../contract/language';
import type { AccountScope, Store } from '../../store';
import type { Intent } from '../../store/intents';
import type { TrackingEvent } from '../../store/tracking-events';
import { classify } from '../classify';
import type { ClassifyConfig } from '../config';
import type { RequestFacts } from '../facts';
import { notificationItem } from '../feed';
import { describeItem } from '../item-words';
import { messageContext } from '../history';
import type { Ranges } from '../ranges';
import { coalesce } from './coalesce';
import { SenderClientsCache } from '../sender-clients';
import { googleChatMessage } from './google-chat';
import type { LiveFeed } from './live-feed';
import { notifies, settleDelayMs } from './policy';
import type { VapidKeys } from './vapid';
import { sendPush } from './web-push';
import type { WebhookDelivery } from './webhooks';

export type NotifierOptions = {
  store: Store;
  live: LiveFeed;
  ranges: Ranges;
  config: ClassifyConfig;
  publicUrl: () => string;
  push: { vapid: VapidKeys; subject: string };
  coalesceWindowMs: number;
  /** How long to wait before deciding; defaults to policy.settleDelayMs. */
  settleMs?: (kind: TrackingEvent['kind']) => number;
  /** Told when webhook deliveries were queued. */
  onQueued: () => void;
  /**
   * Told of a person's open once its label had time to settle (what may close a follow-up reminder early); the
   * label is read again from the store by whoever listens.
   */
  onPersonOpen?: (event: TrackingEvent) => void;
  logger: FastifyBaseLogger;
};

/** A committed event that may notify, with the request it came from, and when it is settled. */
type Candidate = { event: TrackingEvent; facts: RequestFacts; due: number };

const CANDIDATES_PER_EMAIL = 8;

/** The live-stream key of a user: user ids are per account. */
export const streamKey = (accountId: number, userId: number) => `${accountId}:${userId}`;

/**
 * Turns committed events into notifications (T4). An event that would notify waits `settleMs`, is classified once
 * more with what arrived meanwhile (the sender's viewing report, the rest of a sweep) and its label settled; if it
 * still notifies and is not folded into a recent one (coalescing), the notification is stored (what SSE resumes
 * from), handed to the live streams (of every instance), pushed to their browsers and queued for their webhooks.
 * A notification waiting when the process dies is lost; the event itself is not.
 */
export class Notifier {
  /** Per tracked email (intent id): the events waiting to be settled, and one timer for the first due. */
  private readonly waiting = new Map<number, { candidates: Candidate[]; timer: NodeJS.Timeout | null }>();
  private readonly inFlight = new Set<Promise<void>>();
  /**
   * Per tracked email: the last of its settling runs, and how many events its runs still hold. A run waits for the
   * one before, so that one email's notifications arrive in the order of its hits even when a timer fires while an
   * earlier run still reads; the events held count against CANDIDATES_PER_EMAIL, so a flood cannot queue runs.
   */
  private readonly settling = new Map<number, { last: Promise<void>; held: number }>();
  /** The certain person opens of the current turn, per email, gathered for confirmEarlier. */
  private confirming: Map<number, TrackingEvent[]> | null = null;

  /**
   * The clients of the sender's own fetches per email, for labelling here and in the Recorder: forgotten when an
   * event of the sender's own is written (Recorder) or relabelled (settle).
   */
  readonly senderClients: SenderClientsCache;

  constructor(private readonly o: NotifierOptions) {
    this.senderClients = new SenderClientsCache((accountId, intentId) =>
      o.store.forAccount(accountId).tracking.senderClients(intentId),
    );
  }

  /**
   * At most CANDIDATES_PER_EMAIL events of one email wait at a time; further ones are not considered until those
   * are settled. A person makes a handful of opens and clicks in a few seconds; thousands are a loop or an attack,
   * and settling each (reads and a write apiece) would cost the pixel its speed, for opens that coalescing folds
   * into one notification anyway. Their events are recorded all the same.
   */
  consider(event: TrackingEvent, facts: RequestFacts, mode: 'off' | 'anonymous' | 'identified'): void {
    if (event.kind === 'open' && !event.uncertain && madeByPerson('open', event.label)) {
      this.confirmEarlier(event);
      if (this.o.onPersonOpen) {
        const tell = this.o.onPersonOpen;
        setTimeout(() => tell(event), this.settleDelay('open')).unref();
      }
    }
    if (!notifies({ kind: event.kind, label: event.label, mode })) return;
    let waiting = this.waiting.get(event.intentId);
    if (!waiting) this.waiting.set(event.intentId, (waiting = { candidates: [], timer: null }));
    if (waiting.candidates.length + (this.settling.get(event.intentId)?.held ?? 0) >= CANDIDATES_PER_EMAIL) return;
    const delay = this.settleDelay(event.kind);
    waiting.candidates.push({ event, facts, due: Date.now() + delay });
    waiting.candidates.sort((a, b) => a.due - b.due);
    if (waiting.timer) clearTimeout(waiting.timer);
    waiting.timer = setTimeout(() => this.run(event.intentId), Math.max(0, waiting.candidates[0].due - Date.now()));
  }

  private settleDelay(kind: TrackingEvent['kind']): number {
    return (this.o.settleMs ?? ((k) => settleDelayMs(k, this.o.config)))(kind);
  }

  /** Settles the email's events that are due (all of them at shutdown), one after another, after its earlier runs. */
  private run(intentId: number, all = false): void {
    const waiting = this.waiting.get(intentId);
    if (!waiting) return;
    if (waiting.timer) clearTimeout(waiting.timer);
    const now = Date.now();
    const due = waiting.candidates.filter((c) => all || c.due <= now);
    waiting.candidates = waiting.candidates.filter((c) => !due.includes(c));
    if (waiting.candidates.length)
      waiting.timer = setTimeout(() => this.run(intentId), waiting.candidates[0].due - now);
    else this.waiting.delete(intentId);
    const runs = this.settling.get(intentId) ?? { last: Promise.resolve(), held: 0 };
    runs.held += due.length;
    const p = runs.last
      .then(() => this.settleAll(due))
      .catch((err: unknown) =>
        this.o.logger.error({ err, eventIds: due.map((c) => c.event.id) }, 'notifications not sent'),
      )
      .finally(() => {
        runs.held -= due.length;
        this.inFlight.delete(p);
        if (runs.last === p) this.settling.delete(intentId);
      });
    runs.last = p;
    this.settling.set(intentId, runs);
    this.inFlight.add(p);
  }

  /**
   * Settles due events of one email in hit order. The email is read once for them all: what a settle needs of it
   * (revoked or not, the tracking mode, its owner) is read after the wait, so a revocation meanwhile is seen.
   */
  private async settleAll(due: Candidate[]): Promise<void> {
    if (!due.length) return;
    const { accountId, intentId } = due[0].event;
    const scope = this.o.store.forAccount(accountId);
    const intent = await scope.intents.byId(intentId);
    if (!intent || intent.revokedAt !== null) return;
    for (const { event, facts } of due) {
      await this.settle(scope, intent, event, facts).catch((err: unknown) =>
        this.o.logger.error({ err, eventId: event.id }, 'notification not sent'),
      );
    }
  }

  private async settle(scope: AccountScope, intent: Intent, event: TrackingEvent, facts: RequestFacts): Promise<void> {
    const tracking = scope.tracking;
    const context = await messageContext(scope, intent, { request: facts, id: event.id }, this.o.config, {
      senderClients: (intentId) => this.senderClients.get(event.accountId, intentId),
    });
    const verdict = classify({ request: facts, ...context, ranges: this.o.ranges, config: this.o.config });
    if (
      verdict.label !== event.label ||
      verdict.uncertain !== event.uncertain ||
      verdict.reasons.join() !== event.reasons.join()
    ) {
      await tracking.relabel(event, verdict);
      const own = (e: { label: string; uncertain: boolean }) => e.label === 'self' && !e.uncertain;
      if (own(event) || own(verdict)) this.senderClients.forget(event.accountId, event.intentId);
    }
    if (!notifies({ kind: event.kind, label: verdict.label, mode: intent.mode })) return;
    if (
      !(await tracking.coalesceNotification(event, (last) => coalesce(last, event.occurredAt, this.o.coalesceWindowMs)))
    )
      return;

    // Written once for its reader, who is not asking: in the language they picked (English until they pick one).
    const language = (await scope.users.get(intent.userId))?.language ?? 'en';
    const item = await notificationItem(scope, intent, { ...event, ...verdict }, this.o.publicUrl(), language);
    const id = await scope.notifications.add({
      userId: intent.userId,
      intentId: intent.id,
      eventId: event.id,
      item,
      at: Date.now(),
    });
    this.o.live.stored();
    await Promise.all([
      this.pushToBrowsers(scope, intent.userId, item, language),
      this.queueWebhooks(scope, intent.userId, id as number, item, event, language),
    ]);
  }

  /**
   * Announces a notification that is no open or click (a reminder come due): `store` stores it and answers its id,
   * or null when there is nothing to announce after all; then the live streams read it and the user's browsers are
   * pushed it, in the language they picked.
   */
  async announce(
    scope: AccountScope,
    userId: number,
    item: FeedItem,
    store: () => Promise<number | null>,
  ): Promise<boolean> {
    if ((await store()) === null) return false;
    this.o.live.stored();
    const language = (await scope.users.get(userId))?.language ?? 'en';
    await this.pushToBrowsers(scope, userId, item, language);
    return true;
  }

  /**
   * A certain person's open settles the email's earlier opens that only timing made doubtful (an open seconds after
   * the send from a desktop client): the reader opening it again later from another network makes the first one
   * theirs too. Proxy opens are left as they are: the proxy's networks are everyone's, so a second one says nothing
   * about who made the first (docs/labels.md, "Settling"). The certain opens of one commit are gathered per email,
   * and their emails per account: one read of the uncertain opens serves them all, instead of a read per open.
   */
  private confirmEarlier(event: TrackingEvent): void {
    const gathering = this.confirming;
    if (gathering) {
      const same = gathering.get(event.intentId);
      if (same) same.push(event);
      else gathering.set(event.intentId, [event]);
      return;
    }
    const batch = new Map([[event.intentId, [event]]]);
    this.confirming = batch;
    const p = Promise.resolve()
      .then(async () => {
        this.confirming = null;
        const byAccount = new Map<number, TrackingEvent[][]>();
        for (const later of batch.values()) {
          const same = byAccount.get(later[0].accountId);
          if (same) same.push(later);
          else byAccount.set(later[0].accountId, [later]);
        }
        await Promise.all([...byAccount].map(([accountId, emails]) => this.confirmByLater(accountId, emails)));
      })
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  /** Settles the uncertain opens of these emails of one account that later certain opens of the same email confirm. */
  private async confirmByLater(accountId: number, emails: TrackingEvent[][]): Promise<void> {
    const scope = this.o.store.forAccount(accountId);
    const minGap = this.o.config.confirmAfterSeconds * 1000;
    const latest = (later: TrackingEvent[]) => Math.max(...later.map((e) => e.occurredAt));
    let uncertain: Map<number, TrackingEvent[]>;
    try {
      uncertain = await scope.tracking.uncertainOpens(
        emails.map((later) => ({ intentId: later[0].intentId, before: latest(later) - minGap })),
      );
    } catch (err) {
      this.o.logger.error({ err, eventIds: emails.flat().map((e) => e.id) }, 'earlier opens not settled');
      return;
    }
    await Promise.all(
      emails.map(async (later) => {
        try {
          for (const earlier of uncertain.get(later[0].intentId) ?? []) {
            if (!earlier.reasons[0]?.startsWith('open-soon-after-send')) continue;
            if (!later.some((e) => earlier.occurredAt < e.occurredAt - minGap && earlier.ip !== e.ip)) continue;
            await scope.tracking.relabel(earlier, {
              label: 'human',
              reasons: [...earlier.reasons, 'confirmed-by-later-open'],
              uncertain: false,
            });
          }
        } catch (err) {
          this.o.logger.error({ err, eventIds: later.map((e) => e.id) }, 'earlier opens not settled');
        }
      }),
    );
  }

  private async pushToBrowsers(scope: AccountScope, userId: number, item: FeedItem, language: Language): Promise<void> {
    const payload = {
      title: 'mailtrail',
      body: describeItem(item, language),
      tag: item.id,
      url: item.emailUrl ?? undefined,
    };
    for (const sub of await scope.push.list(userId)) {
      const result = await sendPush(sub, payload, this.o.push);
      if (result.outcome === 'gone') await scope.push.delete(sub.id);
      else if (result.outcome !== 'sent')
        this.o.logger.warn({ endpoint: new URL(sub.endpoint).host, ...result }, 'web push not delivered');
    }
  }

  private async queueWebhooks(
    scope: AccountScope,
    userId: number,
    id: number,
    item: FeedItem,
    event: TrackingEvent,
    language: Language,
  ): Promise<void> {
    const endpoints = await scope.webhooks.endpoints(userId);
    if (!endpoints.length) return;
    const webhook: WebhookDelivery = {
      id: `ntf_${id}`,
      type: event.kind === 'open' ? 'email.opened' : 'email.clicked',
      createdAt: new Date().toISOString(),
      data: item,
    };
    const chat = googleChatMessage(item, `mailtrail-${event.intentId}`, language);
    await scope.webhooks.enqueue(
      endpoints.map((e) => ({ endpointId: e.id, payload: e.kind === 'google_chat' ? chat : webhook })),
      Date.now(),
    );
    this.o.onQueued();
  }

  /** Decides every waiting notification now (shutdown), and waits for those being sent. */
  async close(): Promise<void> {
    for (const intentId of [...this.waiting.keys()]) this.run(intentId, true);
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }
}
