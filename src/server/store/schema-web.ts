// The web app's tables (migration 0005_web), added to the store's Database interface like schema-intents.ts.
type Millis = number;

export interface WebSessionsTable {
  /** SHA-256 of the cookie's random token, hex; the token itself is only in the browser. */
  token_hash: string;
  account_id: number;
  user_id: number;
  created_at: Millis;
  expires_at: Millis;
}

/** One pinned email per record, as in HubSpot: pinning another replaces it. */
export interface WebPinsTable {
  account_id: number;
  record_id: number;
  email_id: number;
  pinned_at: Millis;
}

declare module './schema' {
  interface Database {
    web_sessions: WebSessionsTable;
    web_pins: WebPinsTable;
  }
}
