import { createHash, randomBytes } from 'node:crypto';
import type { AccountScope } from './scope';

export type ApiKeyInfo = {
  id: number;
  name: string;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
};

/** `mt_` and 256 random bits: long enough that a plain SHA-256 (no salt, no stretching) is a safe way to store it. */
export function newApiKey(): string {
  return `mt_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export class ApiKeysRepo {
  constructor(private readonly scope: AccountScope) {}

  /** Creates a key and returns it in clear: the only time it exists outside the caller's hands. */
  async create(name: string): Promise<{ key: string; info: ApiKeyInfo }> {
    const key = newApiKey();
    const row = await this.scope.db
      .insertInto('api_keys')
      .values({
        account_id: this.scope.accountId,
        name,
        key_hash: hashApiKey(key),
        key_prefix: key.slice(0, 10),
        created_at: Date.now(),
        last_used_at: null,
        revoked_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      key,
      info: {
        id: row.id,
        name: row.name,
        prefix: row.key_prefix,
        createdAt: row.created_at,
        lastUsedAt: null,
        revokedAt: null,
      },
    };
  }

  async list(): Promise<ApiKeyInfo[]> {
    const rows = await this.scope.db
      .selectFrom('api_keys')
      .selectAll()
      .where('account_id', '=', this.scope.accountId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      prefix: r.key_prefix,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      revokedAt: r.revoked_at,
    }));
  }

  async revoke(id: number): Promise<boolean> {
    const result = await this.scope.db
      .updateTable('api_keys')
      .set({ revoked_at: Date.now() })
      .where('account_id', '=', this.scope.accountId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
