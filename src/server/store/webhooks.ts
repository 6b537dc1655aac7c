import type { Kysely, Selectable } from 'kysely';
import { dialectOf, readJson } from './dialect';
import type { Database } from './schema';
import type { WebhookEndpointsTable } from './schema-delivery';
import type { AccountScope } from './scope';

// Webhook and Google Chat endpoints and the queue of deliveries to them: one account's (`scope.webhooks`), and the
// queue as the delivery worker takes from it, every account's at once (`store.webhookQueue`).

export type WebhookEndpoint = {
  id: number;
  accountId: number;
  userId: number;
  kind: 'webhook' | 'google_chat';
  url: string;
  secret: string | null;
  createdAt: number;
};
export type LeasedDelivery = {
  id: number;
  accountId: number;
  endpoint: WebhookEndpoint;
  payload: unknown;
  attempts: number;
};

function toEndpoint(row: Selectable<WebhookEndpointsTable>): WebhookEndpoint {
  return {
    id: row.id,
    accountId: row.account_id,
    userId: row.user_id,
    kind: row.kind,
    url: row.url,
    secret: row.secret,
    createdAt: row.created_at,
  };
}

/** One account's endpoints and what is queued for them. */
export class WebhooksRepo {
  constructor(private readonly scope: AccountScope) {}

  private get db() {
    return this.scope.db;
  }
  private get accountId() {
    return this.scope.accountId;
  }

  async addEndpoint(e: {
    userId: number;
    kind: 'webhook' | 'google_chat';
    url: string;
    secret: string | null;
  }): Promise<WebhookEndpoint> {
    const row = await this.db
      .insertInto('webhook_endpoints')
      .values({
        account_id: this.accountId,
        user_id: e.userId,
        kind: e.kind,
        url: e.url,
        secret: e.secret,
        created_at: Date.now(),
        removed_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEndpoint(row);
  }

  async endpoints(userId?: number): Promise<WebhookEndpoint[]> {
    let q = this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('account_id', '=', this.accountId)
      .where('removed_at', 'is', null);
    if (userId !== undefined) q = q.where('user_id', '=', userId);
    return (await q.orderBy('id').execute()).map(toEndpoint);
  }

  /** Stops deliveries to an endpoint; what is queued for it is given up. Returns false when there is no such endpoint. */
  async removeEndpoint(id: number): Promise<boolean> {
    const now = Date.now();
    return this.scope.transaction(async (tx) => {
      const r = await tx.db
        .updateTable('webhook_endpoints')
        .set({ removed_at: now })
        .where('account_id', '=', tx.accountId)
        .where('id', '=', id)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      await tx.db
        .updateTable('webhook_deliveries')
        .set({ failed_at: now, last_error: 'endpoint removed' })
        .where('account_id', '=', tx.accountId)
        .where('endpoint_id', '=', id)
        .where('delivered_at', 'is', null)
        .where('failed_at', 'is', null)
        .execute();
      return Number(r.numUpdatedRows) === 1;
    });
  }

  async enqueue(deliveries: readonly { endpointId: number; payload: unknown }[], at: number): Promise<void> {
    if (deliveries.length === 0) return;
    await this.db
      .insertInto('webhook_deliveries')
      .values(
        deliveries.map((d) => ({
          account_id: this.accountId,
          endpoint_id: d.endpointId,
          payload: JSON.stringify(d.payload),
          attempts: 0,
          next_attempt_at: at,
          lease_until: null,
          last_error: null,
          delivered_at: null,
          failed_at: null,
          created_at: at,
        })),
      )
      .execute();
  }

  async deliveries(endpointId: number) {
    return this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('account_id', '=', this.accountId)
      .where('endpoint_id', '=', endpointId)
      .orderBy('id')
      .execute();
  }
}

/**
 * The delivery worker's door to the store (`store.webhookQueue`): the queue of every account, which the workers of
 * every instance share.
 */
export class WebhookQueue {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Takes up to `limit` deliveries that are due, leasing each until `leaseUntil` so that no other worker (another
   * instance) sends it meanwhile. One statement picks and leases: on PostgreSQL the pick locks its rows and skips
   * those another worker is taking (`FOR UPDATE SKIP LOCKED`); SQLite has one writer. A worker that dies leaves
   * its leases to expire.
   */
  async lease(now: number, leaseUntil: number, limit: number): Promise<LeasedDelivery[]> {
    const due = this.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('delivered_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .orderBy('next_attempt_at')
      .limit(limit);
    const leased = await this.db
      .updateTable('webhook_deliveries')
      .set({ lease_until: leaseUntil })
      .where('id', 'in', dialectOf(this.db) === 'postgres' ? due.forUpdate().skipLocked() : due)
      .returning(['id', 'endpoint_id', 'payload', 'attempts'])
      .execute();
    if (leased.length === 0) return [];
    const endpoints = new Map(
      (
        await this.db
          .selectFrom('webhook_endpoints')
          .selectAll()
          .where('id', 'in', [...new Set(leased.map((d) => d.endpoint_id))])
          .execute()
      ).map((e) => [e.id, toEndpoint(e)]),
    );
    return leased
      .sort((a, b) => a.id - b.id)
      .map((d) => ({
        id: d.id,
        accountId: endpoints.get(d.endpoint_id)!.accountId,
        endpoint: endpoints.get(d.endpoint_id)!,
        payload: readJson(d.payload),
        attempts: d.attempts,
      }));
  }

  /** Records a delivery's outcome and ends its lease: delivered, retried at `retryAt`, or given up (null). */
  async finish(
    id: number,
    outcome:
      | { delivered: true; at: number }
      | { delivered: false; attempts: number; error: string; retryAt: number | null; at: number },
  ): Promise<void> {
    const set = outcome.delivered
      ? { delivered_at: outcome.at, lease_until: null, last_error: null }
      : {
          attempts: outcome.attempts,
          last_error: outcome.error.slice(0, 500),
          lease_until: null,
          ...(outcome.retryAt === null ? { failed_at: outcome.at } : { next_attempt_at: outcome.retryAt }),
        };
    await this.db.updateTable('webhook_deliveries').set(set).where('id', '=', id).execute();
  }

  /** When the next queued delivery comes due (epoch ms), or null when nothing waits: the worker's next look. */
  async nextDue(): Promise<number | null> {
    const row = await this.db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.min('next_attempt_at').as('next'))
      .where('delivered_at', 'is', null)
      .where('failed_at', 'is', null)
      .executeTakeFirst();
    return row?.next == null ? null : Number(row.next);
  }
}
