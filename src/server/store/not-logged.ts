import type { Selectable } from 'kysely';
import type { NotLoggedEmailsTable } from './schema-intents';
import type { AccountScope } from './scope';

/** A BCC copy that was received and deliberately not logged: a *not logged* item in its user's feed. */
export type NotLoggedEmail = {
  intentId: number;
  messageId: string;
  userId: number;
  subject: string;
  reason: string;
  createdAt: number;
  /** Further copies to the same logging address that were not logged and are not items of their own. */
  more: number;
};

/**
 * Not-logged items kept per logging address (intent). Anyone holding a logging address (any recipient Gmail shows
 * the Bcc to, or who guesses it) can send copies to it; past these, each copy only counts on the last item kept.
 * Gmail sends one copy per email, and a rep retrying by hand sends a few: far below.
 */
export const NOT_LOGGED_PER_ADDRESS = 3;

function toNotLogged(row: Selectable<NotLoggedEmailsTable>): NotLoggedEmail {
  return {
    intentId: row.intent_id,
    messageId: row.message_id,
    userId: row.user_id,
    subject: row.subject,
    reason: row.reason,
    createdAt: row.created_at,
    more: row.more,
  };
}

export class NotLoggedRepo {
  constructor(private readonly scope: AccountScope) {}

  /**
   * Records the outcome once per intent and Message-ID; a copy delivered again keeps the first record. Past
   * NOT_LOGGED_PER_ADDRESS items for one intent, a new copy adds one to the last item's `more` instead.
   */
  async record(entry: Omit<NotLoggedEmail, 'createdAt' | 'more'>, at = Date.now()): Promise<void> {
    await this.scope.transaction(async (tx) => {
      const kept = await tx.db
        .selectFrom('not_logged_emails')
        .select(['message_id', 'created_at'])
        .where('account_id', '=', tx.accountId)
        .where('intent_id', '=', entry.intentId)
        .orderBy('created_at', 'desc')
        .orderBy('message_id', 'desc')
        .execute();
      if (kept.some((k) => k.message_id === entry.messageId)) return;
      if (kept.length >= NOT_LOGGED_PER_ADDRESS) {
        await tx.db
          .updateTable('not_logged_emails')
          .set((eb) => ({ more: eb('more', '+', 1) }))
          .where('account_id', '=', tx.accountId)
          .where('intent_id', '=', entry.intentId)
          .where('message_id', '=', kept[0].message_id)
          .execute();
        return;
      }
      await tx.db
        .insertInto('not_logged_emails')
        .values({
          account_id: tx.accountId,
          intent_id: entry.intentId,
          message_id: entry.messageId,
          user_id: entry.userId,
          subject: entry.subject,
          reason: entry.reason,
          created_at: at,
        })
        .onConflict((oc) => oc.columns(['account_id', 'intent_id', 'message_id']).doNothing())
        .execute();
    });
  }

  /** The user's not-logged items, newest first, for the feed: those before `before` (epoch ms) when paging. */
  async forUser(userId: number, page: { before?: number; limit: number }): Promise<NotLoggedEmail[]> {
    let query = this.scope.db
      .selectFrom('not_logged_emails')
      .selectAll()
      .where('account_id', '=', this.scope.accountId)
      .where('user_id', '=', userId);
    if (page.before !== undefined) query = query.where('created_at', '<', page.before);
    return (await query.orderBy('created_at', 'desc').limit(page.limit).execute()).map(toNotLogged);
  }
}
