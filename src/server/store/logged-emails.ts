import { sql, type Selectable } from 'kysely';
import { readJson } from './dialect';
import type { EmailAttachmentsTable, LoggedEmailsTable } from './schema-intents';
import { prepared } from './prepared';
import type { AccountScope } from './scope';

/** One logged email's key: the account's Message-ID index (L9, B4). */
export type LoggedEmail = {
  messageId: string;
  emailId: number;
  threadKey: string;
  userId: number | null;
  intentId: number | null;
  source: 'bcc' | 'sidebar';
  createdAt: number;
};

export type StoredAttachment = {
  id: number;
  emailId: number;
  name: string;
  contentType: string;
  contentId: string | null;
  inline: boolean;
  size: number;
  /** The file in the attachment store; null when the content was left out. */
  sha256: string | null;
  leftOut: string | null;
};

function toLogged(row: Selectable<LoggedEmailsTable>): LoggedEmail {
  return {
    messageId: row.message_id,
    emailId: row.email_id,
    threadKey: row.thread_key,
    userId: row.user_id,
    intentId: row.intent_id,
    source: row.source,
    createdAt: row.created_at,
  };
}

function toAttachment(row: Selectable<EmailAttachmentsTable>): StoredAttachment {
  return {
    id: row.id,
    emailId: row.email_id,
    name: row.name,
    contentType: row.content_type,
    contentId: row.content_id,
    inline: Boolean(row.inline),
    size: row.size,
    sha256: row.sha256,
    leftOut: row.left_out,
  };
}

const lastViewedQuery = prepared((db, p: { accountId: number; userId: number; messageId: string }) =>
  db
    .selectFrom('message_views')
    .select('viewed_at')
    .where('account_id', '=', p.accountId)
    .where('user_id', '=', p.userId)
    .where('message_id', '=', p.messageId),
);

const lastViewedManyQuery = prepared((db, p: { accountId: number; userId: number; messageIds: string[] }) =>
  db
    .selectFrom('message_views')
    .select(['message_id', 'viewed_at'])
    .where('account_id', '=', p.accountId)
    .where('user_id', '=', p.userId)
    .where('message_id', 'in', p.messageIds),
);

/** Message ids per lastViewedMany statement: well under either database's limit on bound values. */
const VIEWS_PER_READ = 500;

export class LoggedEmailsRepo {
  constructor(private readonly scope: AccountScope) {}

  private logged() {
    return this.scope.db.selectFrom('logged_emails').selectAll().where('account_id', '=', this.scope.accountId);
  }

  async byMessageId(messageId: string): Promise<LoggedEmail | undefined> {
    const row = await this.logged().where('message_id', '=', messageId).executeTakeFirst();
    return row && toLogged(row);
  }

  async byEmailId(emailId: number): Promise<LoggedEmail | undefined> {
    const row = await this.logged().where('email_id', '=', emailId).executeTakeFirst();
    return row && toLogged(row);
  }

  /** The logged emails of a thread, oldest first. */
  async thread(threadKey: string): Promise<LoggedEmail[]> {
    return (await this.logged().where('thread_key', '=', threadKey).orderBy('created_at').execute()).map(toLogged);
  }

  /**
   * The thread a message belongs to: the thread of a logged email it replies to (References / In-Reply-To), or
   * else the first message its References name, or itself.
   */
  async threadKeyFor(messageId: string, parents: string[]): Promise<string> {
    if (parents.length) {
      const known = await this.logged().where('message_id', 'in', parents).orderBy('created_at').executeTakeFirst();
      if (known) return known.thread_key;
    }
    return parents[0] ?? messageId;
  }

  /** Inserts the key; a unique violation means another path logged the same Message-ID first. */
  async record(entry: Omit<LoggedEmail, 'createdAt'>): Promise<void> {
    await this.scope.db
      .insertInto('logged_emails')
      .values({
        account_id: this.scope.accountId,
        message_id: entry.messageId,
        email_id: entry.emailId,
        thread_key: entry.threadKey,
        user_id: entry.userId,
        intent_id: entry.intentId,
        source: entry.source,
        created_at: Date.now(),
      })
      .execute();
  }

  /** The intent a logged email belongs to from now on: the Apply of an email first logged without it (L11). */
  async claim(messageId: string, intentId: number): Promise<void> {
    await this.scope.db
      .updateTable('logged_emails')
      .set({ intent_id: intentId })
      .where('account_id', '=', this.scope.accountId)
      .where('message_id', '=', messageId)
      .execute();
  }

  async addAttachments(emailId: number, attachments: Omit<StoredAttachment, 'id' | 'emailId'>[]): Promise<void> {
    if (!attachments.length) return;
    const now = Date.now();
    await this.scope.db
      .insertInto('email_attachments')
      .values(
        attachments.map((a) => ({
          account_id: this.scope.accountId,
          email_id: emailId,
          name: a.name,
          content_type: a.contentType,
          content_id: a.contentId,
          inline: a.inline ? 1 : 0,
          size: a.size,
          sha256: a.sha256,
          left_out: a.leftOut,
          created_at: now,
        })),
      )
      .execute();
  }

  async attachments(emailIds: number[]): Promise<StoredAttachment[]> {
    if (!emailIds.length) return [];
    const rows = await this.scope.db
      .selectFrom('email_attachments')
      .selectAll()
      .where('account_id', '=', this.scope.accountId)
      .where('email_id', 'in', emailIds)
      .orderBy('id')
      .execute();
    return rows.map(toAttachment);
  }

  /** When each contact last had an email logged to it (the sidebar's "last activity"). */
  async lastEmailAt(contactIds: number[]): Promise<Map<number, number>> {
    if (!contactIds.length) return new Map();
    const rows = await this.scope.db
      .selectFrom('crm_associations')
      .select(['from_id', sql<number>`max(created_at)`.as('at')])
      .where('account_id', '=', this.scope.accountId)
      .where('from_type', '=', 'contacts')
      .where('to_type', '=', 'emails')
      .where('from_id', 'in', contactIds)
      .groupBy('from_id')
      .execute();
    return new Map(rows.map((r) => [r.from_id, Number(r.at)]));
  }

  /** Notes that the user is reading these messages: an open of their own email soon after is theirs (T8). */
  async recordViews(userId: number, threadId: string, messageIds: string[]): Promise<void> {
    if (!messageIds.length) return;
    const now = Date.now();
    // Once each: PostgreSQL refuses an upsert that would touch the same row twice.
    await this.scope.db
      .insertInto('message_views')
      .values(
        [...new Set(messageIds)].map((m) => ({
          account_id: this.scope.accountId,
          user_id: userId,
          message_id: m,
          thread_id: threadId,
          viewed_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['account_id', 'user_id', 'message_id']).doUpdateSet({ viewed_at: now, thread_id: threadId }),
      )
      .execute();
  }

  /** When the user last reported reading this message, if ever. Read for every batch of opens of a tracked email. */
  async lastViewed(userId: number, messageId: string): Promise<number | undefined> {
    const { rows } = await this.scope.db.executeQuery(
      lastViewedQuery(this.scope.db, { accountId: this.scope.accountId, userId, messageId }),
    );
    return rows[0]?.viewed_at;
  }

  /** lastViewed of several messages of one user in one read: the opens of one commit share it. */
  async lastViewedMany(userId: number, messageIds: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < messageIds.length; i += VIEWS_PER_READ) {
      const { rows } = await this.scope.db.executeQuery(
        lastViewedManyQuery(this.scope.db, {
          accountId: this.scope.accountId,
          userId,
          messageIds: messageIds.slice(i, i + VIEWS_PER_READ),
        }),
      );
      for (const r of rows) out.set(r.message_id, Number(r.viewed_at));
    }
    return out;
  }

  /** The user's logged emails for the feed, newest first, with the subject the CRM email has. */
  async forFeed(userId: number, before: number, limit: number) {
    return this.feedRows(userId, { before, limit });
  }

  /** These emails, those the user logged, as the feed shows them. */
  async feedRowsOf(userId: number, emailIds: number[]) {
    return emailIds.length ? this.feedRows(userId, { emailIds, limit: emailIds.length }) : [];
  }

  private async feedRows(userId: number, only: { before?: number; emailIds?: number[]; limit: number }) {
    let query = this.scope.db
      .selectFrom('logged_emails as g')
      .leftJoin('crm_objects as o', (j) =>
        j.onRef('o.id', '=', 'g.email_id').onRef('o.account_id', '=', 'g.account_id'),
      )
      .select(['g.email_id', 'g.message_id', 'g.created_at', 'o.properties'])
      .where('g.account_id', '=', this.scope.accountId)
      .where('g.user_id', '=', userId);
    if (only.before !== undefined) query = query.where('g.created_at', '<=', only.before);
    if (only.emailIds) query = query.where('g.email_id', 'in', only.emailIds);
    const rows = await query.orderBy('g.created_at', 'desc').limit(only.limit).execute();
    return rows.map((r) => ({
      ...r,
      properties: r.properties === null ? {} : readJson<Record<string, string | null>>(r.properties),
    }));
  }

  /** Logged emails' ids by Message-ID, for links to them. */
  async emailIds(messageIds: readonly string[]): Promise<Map<string, number>> {
    if (messageIds.length === 0) return new Map();
    const rows = await this.scope.db
      .selectFrom('logged_emails')
      .select(['message_id', 'email_id'])
      .where('account_id', '=', this.scope.accountId)
      .where('message_id', 'in', [...messageIds])
      .execute();
    return new Map(rows.map((r) => [r.message_id, r.email_id]));
  }
}
