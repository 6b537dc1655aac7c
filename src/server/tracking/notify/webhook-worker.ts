import type { FastifyBaseLogger } from 'fastify';
import type { LeasedDelivery, WebhookQueue } from '../../store/webhooks';
import { type ChatMessage, sendGoogleChat } from './google-chat';
import { type WebhookDelivery, deliverWebhook, webhookRetryDelayMs } from './webhooks';

const LEASE_MS = 60_000;
// Also picks up what another instance queued, and leases left behind by a crash.
const IDLE_POLL_MS = 30_000;

/**
 * Sends the queued webhook and Google Chat deliveries: the queue is a table, so a delivery survives restarts and
 * is retried on the schedule of webhookRetryDelayMs until it succeeds or is given up.
 */
export class WebhookWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly queue: WebhookQueue,
    private readonly logger: FastifyBaseLogger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Something was queued or came due: look now. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.work()
      .catch((err: unknown) => this.logger.error({ err }, 'webhook worker failed; retrying later'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        } else void this.schedule();
      });
  }

  private async schedule(): Promise<void> {
    if (this.stopped) return;
    const next = await this.queue.nextDue().catch(() => null);
    if (this.stopped || this.running) return;
    const wait = next === null ? IDLE_POLL_MS : Math.min(IDLE_POLL_MS, Math.max(0, next - this.now()));
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref();
  }

  private async work(): Promise<void> {
    for (;;) {
      const now = this.now();
      const batch = await this.queue.lease(now, now + LEASE_MS, 20);
      if (!batch.length || this.stopped) return;
      await Promise.all(batch.map((d) => this.deliver(d)));
    }
  }

  private async deliver(d: LeasedDelivery): Promise<void> {
    const { endpoint } = d;
    let outcome: { ok: true } | { ok: false; error: string; giveUp: boolean };
    if (endpoint.kind === 'google_chat') {
      const r = await sendGoogleChat(endpoint.url, d.payload as ChatMessage);
      outcome =
        r.outcome === 'delivered' ? { ok: true } : { ok: false, error: r.error, giveUp: r.outcome === 'rejected' };
    } else {
      const r = await deliverWebhook(endpoint.url, d.payload as WebhookDelivery, endpoint.secret ?? '');
      outcome = r.outcome === 'delivered' ? { ok: true } : { ok: false, error: r.error, giveUp: false };
    }
    const at = this.now();
    if (outcome.ok) return this.queue.finish(d.id, { delivered: true, at });
    const attempts = d.attempts + 1;
    const delay = outcome.giveUp ? null : webhookRetryDelayMs(attempts, Math.random());
    this.logger.warn(
      { endpoint: endpoint.id, attempts, error: outcome.error, retryInMs: delay },
      delay === null ? 'webhook delivery given up' : 'webhook delivery failed; will retry',
    );
    await this.queue.finish(d.id, {
      delivered: false,
      attempts,
      error: outcome.error,
      retryAt: delay === null ? null : at + delay,
      at,
    });
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
