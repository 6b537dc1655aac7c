import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema';

export type WebSession = { accountId: number; userId: number; expiresAt: number };

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The web app's sign-in sessions (`store.sessions`). A session is found by its cookie before the account is known,
 * so these reads cross accounts; each hands back the account to scope to.
 */
export class WebSessions {
  constructor(private readonly db: Kysely<Database>) {}

  async create(accountId: number, userId: number, ttlMs: number): Promise<{ token: string; expiresAt: number }> {
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    const expiresAt = now + ttlMs;
    await this.db
      .insertInto('web_sessions')
      .values({
        token_hash: hashToken(token),
        account_id: accountId,
        user_id: userId,
        created_at: now,
        expires_at: expiresAt,
      })
      .execute();
    return { token, expiresAt };
  }

  async find(token: string): Promise<WebSession | undefined> {
    const row = await this.db
      .selectFrom('web_sessions')
      .selectAll()
      .where('token_hash', '=', hashToken(token))
      .where('expires_at', '>', Date.now())
      .executeTakeFirst();
    return row && { accountId: Number(row.account_id), userId: Number(row.user_id), expiresAt: Number(row.expires_at) };
  }

  async delete(token: string): Promise<void> {
    await this.db.deleteFrom('web_sessions').where('token_hash', '=', hashToken(token)).execute();
  }

  async purgeExpired(): Promise<void> {
    await this.db.deleteFrom('web_sessions').where('expires_at', '<=', Date.now()).execute();
  }
}
