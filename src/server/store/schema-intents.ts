import type { ColumnType, Generated } from 'kysely';

// The tables of migrations 0002_intents, 0004_not_logged and 0007_logging_secrets, added to the store's Database interface (declaration merging keeps them
// beside the code that owns them).
type Json = ColumnType<unknown, string, string>;
type Millis = number;
export type IntentOrigin = 'apply' | 'personal' | 'routing';

export interface IntentsTable {
  id: Generated<number>;
  account_id: number;
  user_id: number;
  token: string;
  /** The secret of its `log+…` logging address; never the token (0007). */
  log_secret: string;
  /** What made it: an Apply, or a copy on a personal or routing address without one (0007). */
  origin: ColumnType<IntentOrigin, IntentOrigin | undefined, IntentOrigin>;
  /** What the copy as sent changed from Apply, one sentence each (L10); null until it arrives. */
  send_notes: ColumnType<unknown, string | null | undefined, string | null>;
  draft_key: string;
  track: number;
  log: number;
  mode: 'off' | 'anonymous' | 'identified';
  attributed_address: string | null;
  attributed_contact_id: number | null;
  clicks: number;
  pixel_issued: number;
  associations: Json;
  create_contacts: Json;
  never_log: Json;
  recipients: Json;
  message_id: string | null;
  subject: string | null;
  sent_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
  revoked_at: Millis | null;
}

export interface TrackedLinksTable {
  id: Generated<number>;
  account_id: number;
  intent_id: number;
  token: string;
  url: string;
  text: string;
  created_at: Millis;
  /** When a person's click of it was last notified (coalescing). */
  notified_click_at: Millis | null;
}

export interface LoggedEmailsTable {
  account_id: number;
  /** Normalised `<id@host>` (normaliseMessageId). */
  message_id: string;
  email_id: number;
  /** The Message-ID of the thread's first message, as References names it. */
  thread_key: string;
  user_id: number | null;
  intent_id: number | null;
  source: 'bcc' | 'sidebar';
  created_at: Millis;
}

export interface EmailAttachmentsTable {
  id: Generated<number>;
  account_id: number;
  email_id: number;
  name: string;
  content_type: string;
  content_id: string | null;
  inline: number;
  size: number;
  sha256: string | null;
  left_out: string | null;
  created_at: Millis;
}

export interface MessageViewsTable {
  account_id: number;
  user_id: number;
  message_id: string;
  thread_id: string;
  viewed_at: Millis;
}

export interface NotLoggedEmailsTable {
  account_id: number;
  intent_id: number;
  /** Normalised `<id@host>`. */
  message_id: string;
  user_id: number;
  subject: string;
  reason: string;
  created_at: Millis;
  /** Copies to the same logging address past the budget, not stored one by one (migration 0008_hardening). */
  more: ColumnType<number, number | undefined, number>;
}

export interface LoggingSecretsTable {
  id: Generated<number>;
  account_id: number;
  kind: 'personal' | 'routing';
  /** The user of a personal address; null for the account's routing address. */
  user_id: number | null;
  secret: string;
  created_at: Millis;
  retired_at: Millis | null;
}

declare module './schema' {
  interface Database {
    intents: IntentsTable;
    tracked_links: TrackedLinksTable;
    logged_emails: LoggedEmailsTable;
    email_attachments: EmailAttachmentsTable;
    message_views: MessageViewsTable;
    not_logged_emails: NotLoggedEmailsTable;
    logging_secrets: LoggingSecretsTable;
  }
}
