import { sql, type Selectable } from 'kysely';
import type { AssociationRef, RecipientLists, TrackingMode } from '../../contract/addon';
import { newToken } from '../core/tokens';
import { isUniqueViolation, readJson } from './dialect';
import type { IntentOrigin, IntentsTable, TrackedLinksTable } from './schema-intents';
import type { AccountScope } from './scope';

/** What the user asked for when they clicked Apply on a draft (step 2 of the Track & Log flow). */
export type Intent = {
  id: number;
  accountId: number;
  userId: number;
  /** The pixel's and the feed's name for it: public, every recipient sees it in the pixel's URL. */
  token: string;
  /** The secret of its logging address `log+<logSecret>@…`, which only the sender's Bcc holds. */
  logSecret: string;
  /** An Apply, or a copy on a personal or routing address without one (logged with the defaults, never tracked). */
  origin: IntentOrigin;
  /** What the copy as sent changed from Apply ("Frank Grimes, added after Apply, …"), for the timeline (L10). */
  sendNotes: string[];
  draftKey: string;
  track: boolean;
  log: boolean;
  mode: TrackingMode;
  /** In `identified` mode, the one reader opens are attributed to. */
  attributedTo: { address: string; contactId: number | null } | null;
  /** Whether links inserted into this email are tracked. */
  clicks: boolean;
  pixelIssued: boolean;
  associations: AssociationRef[];
  /** Recipients the user ticked "create contact" for. */
  createContacts: string[];
  /** The user's own never-log rules when they applied (the account's are read at logging time). */
  neverLog: string[];
  recipients: RecipientLists;
  messageId: string | null;
  subject: string | null;
  sentAt: number | null;
  createdAt: number;
  updatedAt: number;
  revokedAt: number | null;
};

export type TrackedLink = {
  id: number;
  accountId: number;
  intentId: number;
  token: string;
  url: string;
  text: string;
  createdAt: number;
};

/** The choices of one Apply; the rest of an intent is kept by the store. */
export type IntentChoices = Pick<
  Intent,
  'track' | 'log' | 'mode' | 'attributedTo' | 'clicks' | 'associations' | 'createContacts' | 'neverLog' | 'recipients'
>;

export function toIntent(row: Selectable<IntentsTable>): Intent {
  return {
    id: row.id,
    accountId: row.account_id,
    userId: row.user_id,
    token: row.token,
    logSecret: row.log_secret,
    origin: row.origin,
    sendNotes: row.send_notes === null ? [] : readJson<string[]>(row.send_notes),
    draftKey: row.draft_key,
    track: Boolean(row.track),
    log: Boolean(row.log),
    mode: row.mode,
    attributedTo: row.attributed_address
      ? { address: row.attributed_address, contactId: row.attributed_contact_id }
      : null,
    clicks: Boolean(row.clicks),
    pixelIssued: Boolean(row.pixel_issued),
    associations: readJson<AssociationRef[]>(row.associations),
    createContacts: readJson<string[]>(row.create_contacts),
    neverLog: readJson<string[]>(row.never_log),
    recipients: readJson<RecipientLists>(row.recipients),
    messageId: row.message_id,
    subject: row.subject,
    sentAt: row.sent_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    revokedAt: row.revoked_at,
  };
}

export function toLink(row: Selectable<TrackedLinksTable>): TrackedLink {
  return {
    id: row.id,
    accountId: row.account_id,
    intentId: row.intent_id,
    token: row.token,
    url: row.url,
    text: row.text,
    createdAt: row.created_at,
  };
}

function choiceColumns(c: IntentChoices) {
  return {
    track: c.track ? 1 : 0,
    log: c.log ? 1 : 0,
    mode: c.mode,
    attributed_address: c.attributedTo?.address ?? null,
    attributed_contact_id: c.attributedTo?.contactId ?? null,
    clicks: c.clicks ? 1 : 0,
    associations: JSON.stringify(c.associations),
    create_contacts: JSON.stringify(c.createContacts),
    never_log: JSON.stringify(c.neverLog),
    recipients: JSON.stringify(c.recipients),
  };
}

export class IntentsRepo {
  constructor(private readonly scope: AccountScope) {}

  private intents() {
    return this.scope.db.selectFrom('intents').selectAll().where('account_id', '=', this.scope.accountId);
  }

  async byToken(token: string): Promise<Intent | undefined> {
    const row = await this.intents().where('token', '=', token).executeTakeFirst();
    return row && toIntent(row);
  }

  /** The intent a `log+<secret>@…` address names (what the draft's Bcc holds). */
  async byLogSecret(secret: string): Promise<Intent | undefined> {
    const row = await this.intents().where('log_secret', '=', secret).executeTakeFirst();
    return row && toIntent(row);
  }

  async byId(id: number): Promise<Intent | undefined> {
    const row = await this.intents().where('id', '=', id).executeTakeFirst();
    return row && toIntent(row);
  }

  /** The user's intent sent as this Message-ID, if the email was tracked or logged through the sidebar. */
  async sentAs(userId: number, messageId: string): Promise<Intent | undefined> {
    const row = await this.intents()
      .where('user_id', '=', userId)
      .where('message_id', '=', messageId)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row && toIntent(row);
  }

  /**
   * Registers the choices of one Apply. The intent already in the draft (`previousToken`: the log secret in its Bcc) or
   * the one this compose card created (`draftKey`) is updated; otherwise a new one gets a fresh token.
   * `insertPixel` is false only when the draft already carries this intent's pixel.
   */
  async register(
    userId: number,
    draft: { draftKey: string; previousToken?: string },
    choices: IntentChoices,
  ): Promise<{ intent: Intent; insertPixel: boolean }> {
    try {
      return await this.registerOnce(userId, draft, choices);
    } catch (err) {
      // Two Applies of one card at the same moment: the loser finds the winner's intent.
      if (!isUniqueViolation(err)) throw err;
      return this.registerOnce(userId, draft, choices);
    }
  }

  private registerOnce(userId: number, draft: { draftKey: string; previousToken?: string }, choices: IntentChoices) {
    return this.scope.transaction(async (tx) => {
      const repo = new IntentsRepo(tx);
      const inDraft = draft.previousToken ? await repo.byLogSecret(draft.previousToken) : undefined;
      const usable = (i: Intent | undefined) =>
        i && i.origin === 'apply' && i.userId === userId && i.revokedAt === null && i.sentAt === null ? i : undefined;
      const fromBcc = usable(inDraft);
      const existing = fromBcc ?? usable(await repo.byDraft(userId, draft.draftKey));
      const wantsPixel = choices.mode !== 'off';
      const insertPixel = wantsPixel && !(fromBcc && fromBcc.pixelIssued);
      const now = Date.now();
      if (existing) {
        const row = await tx.db
          .updateTable('intents')
          .set({
            ...choiceColumns(choices),
            pixel_issued: existing.pixelIssued || insertPixel ? 1 : 0,
            updated_at: now,
          })
          .where('account_id', '=', tx.accountId)
          .where('id', '=', existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return { intent: toIntent(row), insertPixel };
      }
      const row = await tx.db
        .insertInto('intents')
        .values({
          account_id: tx.accountId,
          user_id: userId,
          token: newToken(),
          log_secret: newToken(),
          draft_key: draft.draftKey,
          ...choiceColumns(choices),
          pixel_issued: insertPixel ? 1 : 0,
          message_id: null,
          subject: null,
          sent_at: null,
          created_at: now,
          updated_at: now,
          revoked_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { intent: toIntent(row), insertPixel };
    });
  }

  private async byDraft(userId: number, draftKey: string): Promise<Intent | undefined> {
    const row = await this.intents().where('user_id', '=', userId).where('draft_key', '=', draftKey).executeTakeFirst();
    return row && toIntent(row);
  }

  /**
   * Records the send, when the BCC copy arrives, with the associations and tracking decided again from the
   * recipients the copy shows (L10). Only the first copy counts: a copy delivered again changes nothing.
   */
  async markSent(
    id: number,
    sent: { messageId: string; subject: string; sentAt: number },
    reconciled?: Pick<Intent, 'associations' | 'mode' | 'attributedTo' | 'clicks' | 'sendNotes'>,
  ): Promise<void> {
    await this.scope.db
      .updateTable('intents')
      .set({
        message_id: sent.messageId,
        subject: sent.subject,
        sent_at: sent.sentAt,
        updated_at: Date.now(),
        ...(reconciled && {
          associations: JSON.stringify(reconciled.associations),
          mode: reconciled.mode,
          attributed_address: reconciled.attributedTo?.address ?? null,
          attributed_contact_id: reconciled.attributedTo?.contactId ?? null,
          clicks: reconciled.clicks ? 1 : 0,
          send_notes: JSON.stringify(reconciled.sendNotes),
        }),
      })
      .where('account_id', '=', this.scope.accountId)
      .where('id', '=', id)
      .where('sent_at', 'is', null)
      .execute();
  }

  /**
   * The intent of a copy that came on a personal or routing address without Apply: never tracked, logged with
   * the defaults. One per user and Message-ID, whichever of those addresses brought it, and made sent at once.
   */
  async recordCopy(
    userId: number,
    origin: Exclude<IntentOrigin, 'apply'>,
    copy: { messageId: string; subject: string; sentAt: number; recipients: RecipientLists },
    choices: Pick<Intent, 'associations' | 'neverLog'>,
  ): Promise<Intent> {
    const draftKey = `copy:${copy.messageId}`;
    const now = Date.now();
    const insert = () =>
      this.scope.db
        .insertInto('intents')
        .values({
          account_id: this.scope.accountId,
          user_id: userId,
          token: newToken(),
          log_secret: newToken(),
          origin,
          draft_key: draftKey,
          ...choiceColumns({
            track: false,
            log: true,
            mode: 'off',
            attributedTo: null,
            clicks: false,
            associations: choices.associations,
            createContacts: [],
            neverLog: choices.neverLog,
            recipients: copy.recipients,
          }),
          pixel_issued: 0,
          message_id: copy.messageId,
          subject: copy.subject,
          sent_at: copy.sentAt,
          created_at: now,
          updated_at: now,
          revoked_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    const existing = await this.byDraft(userId, draftKey);
    if (existing) return existing;
    try {
      return toIntent(await insert());
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const made = await this.byDraft(userId, draftKey);
      if (!made) throw err;
      return made;
    }
  }

  async addLink(intentId: number, url: string, text: string): Promise<TrackedLink> {
    const row = await this.scope.db
      .insertInto('tracked_links')
      .values({
        account_id: this.scope.accountId,
        intent_id: intentId,
        token: newToken(),
        url,
        text,
        created_at: Date.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toLink(row);
  }

  async links(intentId: number): Promise<TrackedLink[]> {
    const rows = await this.scope.db
      .selectFrom('tracked_links')
      .selectAll()
      .where('account_id', '=', this.scope.accountId)
      .where('intent_id', '=', intentId)
      .orderBy('id')
      .execute();
    return rows.map(toLink);
  }

  /** The targets of this account's tracked links among `tokens`, by token (a logged body shows them, not ours). */
  async linkTargets(tokens: string[]): Promise<Map<string, string>> {
    if (!tokens.length) return new Map();
    const rows = await this.scope.db
      .selectFrom('tracked_links')
      .select(['token', 'url'])
      .where('account_id', '=', this.scope.accountId)
      .where('token', 'in', tokens)
      .execute();
    return new Map(rows.map((r) => [r.token, r.url]));
  }

  /** The user's tracked, sent emails for the feed, most recently active first, those active before `before`. */
  async sentForFeed(userId: number, before: number, limit: number) {
    const active = sql<number>`coalesce(c.last_open_at, i.sent_at)`;
    return this.scope.db
      .selectFrom('intents as i')
      .leftJoin('tracking_counters as c', (j) =>
        j.onRef('c.intent_id', '=', 'i.id').onRef('c.account_id', '=', 'i.account_id'),
      )
      .select([
        'i.id',
        'i.mode',
        'i.subject',
        'i.message_id',
        'i.sent_at',
        'i.attributed_address',
        'i.attributed_contact_id',
        'c.person_opens',
        'c.last_open_at',
      ])
      .select(active.as('active_at'))
      .where('i.account_id', '=', this.scope.accountId)
      .where('i.user_id', '=', userId)
      .where('i.sent_at', 'is not', null)
      .where('i.mode', '!=', 'off')
      .where(active, '<=', before)
      .orderBy(active, 'desc')
      .orderBy('i.id', 'desc')
      .limit(limit)
      .execute();
  }
}
