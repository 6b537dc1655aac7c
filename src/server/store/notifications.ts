import { sql, type Kysely, type Selectable } from 'kysely';
import { readJson } from './dialect';
import type { Database } from './schema';
import type { TrackingNotificationsTable } from './schema-tracking';
import type { AccountScope } from './scope';

// The notifications tracking events gave rise to, as the live streams replay them: one user's (`scope.notifications`)
// and, for the instance that feeds every stream, every account's in id order (`store.notifications`).

export type Notification = {
  id: number;
  accountId: number;
  userId: number;
  intentId: number | null;
  eventId: number | null;
  item: unknown;
  createdAt: number;
};

function toNotification(r: Selectable<TrackingNotificationsTable>): Notification {
  return {
    id: r.id,
    accountId: r.account_id,
    userId: r.user_id,
    intentId: r.intent_id,
    eventId: r.event_id,
    item: readJson(r.item),
    createdAt: r.created_at,
  };
}

/** The PostgreSQL channel that each stored notification rings, with its id as payload. */
export const NOTIFICATIONS_CHANNEL = 'mailtrail_notifications';
// Any constant that no other advisory lock of this database uses.
const NOTIFICATION_ORDER_LOCK = 0x6d74_6e74;

/** One account's notifications. */
export class NotificationsRepo {
  constructor(private readonly scope: AccountScope) {}

  /**
   * Stores a notification and returns its id, the live streams' event id. On PostgreSQL, where several instances
   * store them, ids are handed out under one transaction lock so that they become visible in increasing order: an
   * instance that has read up to id N never sees a smaller id commit later (what its streams and Last-Event-ID
   * rely on). The commit rings NOTIFICATIONS_CHANNEL for every instance (notify/live-feed.ts).
   */
  async add(n: {
    userId: number;
    intentId: number | null;
    eventId: number | null;
    emailId?: number;
    item: unknown;
    at: number;
  }): Promise<number> {
    const insert = async (db: Kysely<Database>) => {
      const row = await db
        .insertInto('tracking_notifications')
        .values({
          account_id: this.scope.accountId,
          user_id: n.userId,
          intent_id: n.intentId,
          event_id: n.eventId,
          email_id: n.emailId ?? null,
          item: JSON.stringify(n.item),
          created_at: n.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    };
    if (this.scope.dialect === 'sqlite') return insert(this.scope.db);
    return this.scope.transaction(async (tx) => {
      await sql`select pg_advisory_xact_lock(${NOTIFICATION_ORDER_LOCK}::bigint)`.execute(tx.db);
      const id = await insert(tx.db);
      await sql`select pg_notify(${NOTIFICATIONS_CHANNEL}, ${String(id)})`.execute(tx.db);
      return id;
    });
  }

  /** The user's notifications after `afterId`, in id order: what a stream resuming from Last-Event-ID missed. */
  async after(userId: number, afterId: number, limit: number): Promise<Notification[]> {
    const rows = await this.scope.db
      .selectFrom('tracking_notifications')
      .selectAll()
      .where('account_id', '=', this.scope.accountId)
      .where('user_id', '=', userId)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toNotification);
  }
}

/** The live streams' door to the store (`store.notifications`): every account's notifications, as one sequence. */
export class NotificationLog {
  constructor(private readonly db: Kysely<Database>) {}

  /** The id of the last notification stored, 0 when there is none: where a starting instance's streams begin. */
  async lastId(): Promise<number> {
    const row = await this.db
      .selectFrom('tracking_notifications')
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirst();
    return Number(row?.max ?? 0);
  }

  /**
   * Every account's notifications after `afterId`, in id order: what an instance reads to bring its live streams up
   * to date with what all instances stored.
   */
  async since(afterId: number, limit: number): Promise<Notification[]> {
    const rows = await this.db
      .selectFrom('tracking_notifications')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toNotification);
  }
}
