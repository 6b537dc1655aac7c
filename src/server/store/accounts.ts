import type { Kysely, Selectable } from 'kysely';
import * as z from 'zod/mini';
import { AccountSettings } from '../../contract/accounts';
import { readJson } from './dialect';
import type { AccountScope } from './scope';
import type { AccountsTable, Database } from './schema';

export type Account = {
  id: number;
  name: string;
  domain: string;
  bccDomain: string;
  settings: AccountSettings;
  createdAt: number;
  updatedAt: number;
};

function toAccount(row: Selectable<AccountsTable>): Account {
  return {
    id: row.id,
    name: row.name,
    domain: row.domain,
    bccDomain: row.bcc_domain,
    // Settings added after an account was created take their defaults here.
    settings: z.parse(AccountSettings, readJson(row.settings)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type NewAccountRow = { name: string; domain: string; bccDomain: string; settings?: Partial<AccountSettings> };

async function createAccount(db: Kysely<Database>, input: NewAccountRow): Promise<Account> {
  const now = Date.now();
  const row = await db
    .insertInto('accounts')
    .values({
      name: input.name,
      domain: input.domain,
      bcc_domain: input.bccDomain,
      settings: JSON.stringify(z.parse(AccountSettings, input.settings ?? {})),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAccount(row);
}

/** The accounts themselves (`store.accounts`): making one (the one write not scoped to an account), and listing them. */
export class Accounts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly scopeOf: (db: Kysely<Database>, accountId: number) => AccountScope,
  ) {}

  /** Creates an account and fills it through its scope, in one transaction: all of it happens, or none. */
  create<T>(input: NewAccountRow, fill: (scope: AccountScope, account: Account) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const account = await createAccount(trx, input);
      return fill(this.scopeOf(trx, account.id), account);
    });
  }

  async list(): Promise<Account[]> {
    return (await this.db.selectFrom('accounts').selectAll().orderBy('id').execute()).map(toAccount);
  }
}

/** The scope's own account row. */
export class AccountRepo {
  constructor(private readonly scope: AccountScope) {}

  async get(): Promise<Account | undefined> {
    const row = await this.scope.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', this.scope.accountId)
      .executeTakeFirst();
    return row && toAccount(row);
  }

  /** Replaces the given settings, keeping the others. */
  async updateSettings(changes: Partial<AccountSettings>): Promise<Account> {
    return this.scope.transaction(async (tx) => {
      const current = await new AccountRepo(tx).get();
      if (!current) throw new Error(`account ${tx.accountId} does not exist`);
      const settings = z.parse(AccountSettings, { ...current.settings, ...changes });
      const row = await tx.db
        .updateTable('accounts')
        .set({ settings: JSON.stringify(settings), updated_at: Date.now() })
        .where('id', '=', tx.accountId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAccount(row);
    });
  }
}
