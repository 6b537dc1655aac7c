import type { AccountScope } from './scope';

/**
 * One account's Web Push subscriptions (`scope.push`): the browsers each user asked to be notified in. An endpoint
 * belongs to the user who registered it first: that user may register it again (new keys), nobody else may take it.
 */
export class PushSubscriptionsRepo {
  constructor(private readonly scope: AccountScope) {}

  /** False when the endpoint is another user's (of this account or another); it is then left as it was. */
  async subscribe(userId: number, s: { endpoint: string; keys: { p256dh: string; auth: string } }): Promise<boolean> {
    const result = await this.scope.db
      .insertInto('push_subscriptions')
      .values({
        account_id: this.scope.accountId,
        user_id: userId,
        endpoint: s.endpoint,
        p256dh: s.keys.p256dh,
        auth: s.keys.auth,
        created_at: Date.now(),
      })
      .onConflict((oc) =>
        oc
          .column('endpoint')
          .doUpdateSet({ p256dh: s.keys.p256dh, auth: s.keys.auth })
          .where('push_subscriptions.account_id', '=', this.scope.accountId)
          .where('push_subscriptions.user_id', '=', userId),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async unsubscribe(userId: number, endpoint: string): Promise<void> {
    await this.scope.db
      .deleteFrom('push_subscriptions')
      .where('account_id', '=', this.scope.accountId)
      .where('user_id', '=', userId)
      .where('endpoint', '=', endpoint)
      .execute();
  }

  async list(userId: number): Promise<{ id: number; endpoint: string; keys: { p256dh: string; auth: string } }[]> {
    const rows = await this.scope.db
      .selectFrom('push_subscriptions')
      .selectAll()
      .where('account_id', '=', this.scope.accountId)
      .where('user_id', '=', userId)
      .execute();
    return rows.map((r) => ({ id: r.id, endpoint: r.endpoint, keys: { p256dh: r.p256dh, auth: r.auth } }));
  }

  /** Forgets a subscription the push service says is gone. */
  async delete(id: number): Promise<void> {
    await this.scope.db
      .deleteFrom('push_subscriptions')
      .where('account_id', '=', this.scope.accountId)
      .where('id', '=', id)
      .execute();
  }
}
