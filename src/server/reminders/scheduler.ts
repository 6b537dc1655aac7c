import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../store';
import type { ClosedReason, Reminder } from '../store/reminders';
import { reminderItems } from '../tracking/feed';
import type { Notifier } from '../tracking/notify/notifier';
import type { Clock } from '../core/clock';
import { close, closeIfMet } from './close';
import { closingReason } from './conditions';

/** How long a claimed reminder is kept from other instances while this one decides it. */
const LEASE_MS = 60_000;
/** How often an idle scheduler looks again: reminders other instances registered, leases a crash left behind. */
const IDLE_POLL_MS = 60_000;
const BATCH = 20;
/** Emails remembered as having no waiting reminder, at most (a few hundred KiB). */
const REMEMBERED_EMAILS = 20_000;

export type ReminderOutcome = { id: number; outcome: 'fired' } | { id: number; outcome: ClosedReason };

/**
 * Fires reminders at their due time (P3). Every instance runs one: each pass claims the due reminders with a lease
 * (store.reminderQueue), decides each from what the database says now (opened by a person? a reply logged? the task
 * completed?) and either fires it (a stored notification, its live stream and Web Push) or closes it and completes
 * its task. Fired or closed is set once, conditionally, in the same transaction as the notification: a reminder
 * fires once whatever instance, restart or expired lease, and one that was due while every instance was down fires
 * at the next start.
 */
export class ReminderScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ReminderOutcome[]> | null = null;
  private stopped = false;
  private readonly early = new Set<Promise<unknown>>();
  /** Emails (account:intent) known to have no waiting reminder, oldest first. */
  private readonly withoutReminder = new Set<string>();
  /** Emails whose reminder is being read, and whether another open arrived meanwhile. */
  private readonly checking = new Map<string, boolean>();

  constructor(
    private readonly o: {
      store: Store;
      clock: Clock;
      notifier: Notifier;
      publicUrl: () => string;
      logger: FastifyBaseLogger;
    },
  ) {}

  start(): void {
    void this.runDue();
  }

  /**
   * Decides every reminder due by the clock now, and answers what this instance did with each one it claimed: in a
   * pass already under way (its timer's), then in its own.
   */
  runDue(): Promise<ReminderOutcome[]> {
    if (this.running) return this.running.then(async (earlier) => [...earlier, ...(await this.runDue())]);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const pass = this.pass()
      .catch((err: unknown) => {
        this.o.logger.error({ err }, 'reminders: pass failed; trying again later');
        return [];
      })
      .finally(() => {
        this.running = null;
        void this.schedule();
      });
    this.running = pass;
    return pass;
  }

  private async schedule(): Promise<void> {
    if (this.stopped) return;
    const next = await this.o.store.reminderQueue.nextDue().catch(() => null);
    if (this.stopped || this.running) return;
    const wait = next === null ? IDLE_POLL_MS : Math.min(IDLE_POLL_MS, Math.max(0, next - this.o.clock.now()));
    this.timer = setTimeout(() => void this.runDue(), wait);
    this.timer.unref();
  }

  private async pass(): Promise<ReminderOutcome[]> {
    const done: ReminderOutcome[] = [];
    for (;;) {
      const now = this.o.clock.now();
      const batch = await this.o.store.reminderQueue.claim(now, now + LEASE_MS, BATCH);
      for (const r of batch) {
        if (this.stopped) return done;
        const outcome = await this.decide(r).catch((err: unknown) => {
          this.o.logger.error({ err, reminder: r.id }, 'reminders: not decided; retried when its lease runs out');
          return null;
        });
        if (outcome) done.push({ id: r.id, outcome } as ReminderOutcome);
      }
      if (batch.length < BATCH || this.stopped) return done;
    }
  }

  private async decide(r: Reminder): Promise<ReminderOutcome['outcome'] | null> {
    const scope = this.o.store.forAccount(r.accountId);
    const reason = await closingReason(scope, r);
    const now = this.o.clock.now();
    if (reason) return (await close(scope, r, reason, now)) ? reason : null;
    const fired = { ...r, firedAt: now };
    const [item] = await reminderItems(scope, [fired], this.o.publicUrl());
    const announced = await this.o.notifier.announce(scope, r.userId, item, () =>
      scope.transaction(async (tx) => {
        if (!(await tx.reminders.settle(r.id, { fired: true }, now))) return null;
        // A reminder has no tracking event behind it: 0 names none.
        return tx.notifications.add({ userId: r.userId, intentId: r.intentId, eventId: null, item, at: now });
      }),
    );
    return announced ? 'fired' : null;
  }

  /**
   * A person opened this email: its reminder closes now rather than at its due time (errors only logged). An email
   * found with no waiting reminder is not read again: once sent it never gets one (Apply reuses only an unsent
   * intent), and a busy email is opened thousands of times. Opens arriving while its read is in flight are answered
   * by one more read after it, not one each.
   */
  closeEarly(accountId: number, intentId: number): void {
    const key = `${accountId}:${intentId}`;
    if (this.stopped || this.withoutReminder.has(key)) return;
    if (this.checking.has(key)) {
      this.checking.set(key, true);
      return;
    }
    const scope = this.o.store.forAccount(accountId);
    const p = (async () => {
      do {
        this.checking.set(key, false);
        if ((await closeIfMet(scope, intentId, this.o.clock.now())) !== 'waiting') {
          this.remember(key);
          return;
        }
      } while (this.checking.get(key) && !this.stopped);
    })()
      .catch((err: unknown) => this.o.logger.error({ err, intentId }, 'reminders: not closed early; closed when due'))
      .finally(() => {
        this.checking.delete(key);
        this.early.delete(p);
      });
    this.early.add(p);
  }

  private remember(key: string): void {
    if (this.withoutReminder.size >= REMEMBERED_EMAILS)
      this.withoutReminder.delete(this.withoutReminder.values().next().value as string);
    this.withoutReminder.add(key);
  }

  async close(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.early]);
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
