import type { Generated, Kysely, Selectable } from 'kysely';
import type { ReminderCondition } from '../../contract/reminders';
import type { Database } from './schema';
import type { AccountScope } from './scope';

// The reminders table of migration 0014_reminders, added to the store's Database interface like schema-web.ts.
export interface RemindersTable {
  id: Generated<number>;
  account_id: number;
  user_id: number;
  intent_id: number;
  condition: ReminderCondition;
  days: number;
  time_zone: string;
  due_at: number;
  task_id: number;
  lease_until: number | null;
  fired_at: number | null;
  closed_at: number | null;
  closed_reason: ClosedReason | null;
  created_at: number;
}

declare module './schema' {
  interface Database {
    reminders: RemindersTable;
  }
}

/**
 * Why a reminder closed without firing: a person opened the email, a reply was logged, the user completed or
 * deleted its task, Apply was clicked again without it, or the email was never sent.
 */
export type ClosedReason = 'opened' | 'replied' | 'task_done' | 'cancelled' | 'not_sent';

export type Reminder = {
  id: number;
  accountId: number;
  userId: number;
  intentId: number;
  condition: ReminderCondition;
  days: number;
  timeZone: string;
  dueAt: number;
  taskId: number;
  firedAt: number | null;
  closedAt: number | null;
  closedReason: ClosedReason | null;
  createdAt: number;
};

function toReminder(r: Selectable<RemindersTable>): Reminder {
  return {
    id: r.id,
    accountId: r.account_id,
    userId: r.user_id,
    intentId: r.intent_id,
    condition: r.condition,
    days: r.days,
    timeZone: r.time_zone,
    dueAt: r.due_at,
    taskId: r.task_id,
    firedAt: r.fired_at,
    closedAt: r.closed_at,
    closedReason: r.closed_reason,
    createdAt: r.created_at,
  };
}

export type NewReminder = Pick<
  Reminder,
  'userId' | 'intentId' | 'condition' | 'days' | 'timeZone' | 'dueAt' | 'taskId'
>;

/** One account's reminders (`scope.reminders`). */
export class RemindersRepo {
  constructor(private readonly scope: AccountScope) {}

  private rows() {
    return this.scope.db.selectFrom('reminders').selectAll().where('account_id', '=', this.scope.accountId);
  }

  /** The reminder of an applied email, whatever its state: Apply clicked again finds it. */
  async ofIntent(intentId: number): Promise<Reminder | undefined> {
    const row = await this.rows().where('intent_id', '=', intentId).executeTakeFirst();
    return row && toReminder(row);
  }

  async add(r: NewReminder, at: number): Promise<Reminder> {
    const row = await this.scope.db
      .insertInto('reminders')
      .values({
        account_id: this.scope.accountId,
        user_id: r.userId,
        intent_id: r.intentId,
        condition: r.condition,
        days: r.days,
        time_zone: r.timeZone,
        due_at: r.dueAt,
        task_id: r.taskId,
        created_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toReminder(row);
  }

  /** Removes a reminder that never fired (Apply clicked again with another choice); its task goes separately. */
  async remove(id: number): Promise<void> {
    await this.scope.db
      .deleteFrom('reminders')
      .where('account_id', '=', this.scope.accountId)
      .where('id', '=', id)
      .where('fired_at', 'is', null)
      .execute();
  }

  /**
   * Marks the reminder fired, or closed with a reason, unless it already is one or the other: true for the one
   * caller that changed it. This conditional update is what makes a reminder fire once, whatever leases did.
   */
  async settle(id: number, outcome: { fired: true } | { closed: ClosedReason }, at: number): Promise<boolean> {
    const result = await this.scope.db
      .updateTable('reminders')
      .set(
        'fired' in outcome
          ? { fired_at: at, lease_until: null }
          : { closed_at: at, closed_reason: outcome.closed, lease_until: null },
      )
      .where('account_id', '=', this.scope.accountId)
      .where('id', '=', id)
      .where('fired_at', 'is', null)
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The user's fired reminders, newest first, fired before `before` (the feed's page). */
  async firedForFeed(userId: number, before: number, limit: number): Promise<Reminder[]> {
    const rows = await this.rows()
      .where('user_id', '=', userId)
      .where('fired_at', 'is not', null)
      .where('fired_at', '<', before)
      .orderBy('fired_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toReminder);
  }
}

/**
 * The schedulers' door (`store.reminderQueue`): every account's reminders that are due. Each instance's scheduler
 * claims a batch with a lease in one UPDATE … RETURNING, so two instances never work on the same one at once; a
 * lease left by a crashed instance runs out and the reminder is claimed again.
 */
export class ReminderQueue {
  constructor(private readonly db: Kysely<Database>) {}

  async claim(now: number, leaseUntil: number, limit: number): Promise<Reminder[]> {
    const waiting = (db: Kysely<Database>) =>
      db
        .selectFrom('reminders')
        .select('id')
        .where('fired_at', 'is', null)
        .where('closed_at', 'is', null)
        .where('due_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .orderBy('due_at')
        .limit(limit);
    // The conditions are checked again by the UPDATE itself: on PostgreSQL a row another instance claimed meanwhile
    // is re-read after its lock and no longer matches, so it is not returned twice.
    const rows = await this.db
      .updateTable('reminders')
      .set({ lease_until: leaseUntil })
      .where('id', 'in', waiting(this.db))
      .where('fired_at', 'is', null)
      .where('closed_at', 'is', null)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .returningAll()
      .execute();
    return rows.map(toReminder);
  }

  /** When the next waiting reminder is due, or null when none waits. */
  async nextDue(): Promise<number | null> {
    const row = await this.db
      .selectFrom('reminders')
      .select((eb) => eb.fn.min('due_at').as('due'))
      .where('fired_at', 'is', null)
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    return row?.due == null ? null : Number(row.due);
  }
}
