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
};

function toNotLogged(row: Selectable<NotLoggedEmailsTable>): NotLoggedEmail {
  return {
    intentId: row.intent_id,
    messageId: row.message_id,
    userId: row.user_id,
    subject: row.subject,
    reason: row.reason,
    createdAt: row.created_at,
  };
}

export class NotLoggedRepo {
  constructor(private readonly scope: AccountScope) {}

  /** Records the outcome once per intent and Message-ID; a copy delivered again keeps the first record. */
  async record(entry: Omit<NotLoggedEmail, 'createdAt'>, at = Date.now()): Promise<void> {
    await this.scope.db
      .insertInto('not_logged_emails')
      .values({
        account_id: this.scope.accountId,
        intent_id: entry.intentId,
        message_id: entry.messageId,
        user_id: entry.userId,
        subject: entry.subject,
        reason: entry.reason,
        created_at: at,
      })
      .onConflict((oc) => oc.columns(['account_id', 'intent_id', 'message_id']).doNothing())
      .execute();
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
