import { sql, type SqlBool } from 'kysely';
import type { ObjectType } from '../../contract/crm';
import { jsonText } from './dialect';
import { toIntent, type Intent } from './intents';
import { toRecord, type ObjectRecord } from './objects';
import type { AccountScope } from './scope';

/** What the web app reads and writes for one account beyond the CRM API's repositories. */
export class WebRepo {
  constructor(private readonly scope: AccountScope) {}

  private get db() {
    return this.scope.db;
  }

  /** The live emails associated with a record, the latest logged first, at most `limit`. */
  async emailsOf(recordId: number, limit: number): Promise<ObjectRecord[]> {
    const rows = await this.db
      .selectFrom('crm_associations as a')
      .innerJoin('crm_objects as o', (join) =>
        join.onRef('o.id', '=', 'a.to_id').onRef('o.account_id', '=', 'a.account_id'),
      )
      .selectAll('o')
      .distinct()
      .where('a.account_id', '=', this.scope.accountId)
      .where('a.from_id', '=', recordId)
      .where('a.to_type', '=', 'emails')
      .where('o.archived_at', 'is', null)
      .orderBy('o.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  /** The tracked emails sent to one contact alone (identified mode), the latest first, at most `limit` (P4). */
  async trackedSendsTo(contactId: number, limit: number): Promise<Intent[]> {
    const rows = await this.db
      .selectFrom('intents')
      .selectAll()
      .where('account_id', '=', this.scope.accountId)
      .where('attributed_contact_id', '=', contactId)
      .where('mode', '=', 'identified')
      .where('sent_at', 'is not', null)
      .orderBy('sent_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toIntent);
  }

  async hasEmail(recordId: number, emailId: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('crm_associations')
      .select('to_id')
      .where('account_id', '=', this.scope.accountId)
      .where('from_id', '=', recordId)
      .where('to_type', '=', 'emails')
      .where('to_id', '=', emailId)
      .executeTakeFirst();
    return Boolean(row);
  }

  async pinnedEmail(recordId: number): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('web_pins')
      .select('email_id')
      .where('account_id', '=', this.scope.accountId)
      .where('record_id', '=', recordId)
      .executeTakeFirst();
    return row ? Number(row.email_id) : undefined;
  }

  async pin(recordId: number, emailId: number): Promise<void> {
    const values = { account_id: this.scope.accountId, record_id: recordId, email_id: emailId, pinned_at: Date.now() };
    await this.db
      .insertInto('web_pins')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['account_id', 'record_id']).doUpdateSet({ email_id: emailId, pinned_at: values.pinned_at }),
      )
      .execute();
  }

  async unpin(recordId: number, emailId: number): Promise<void> {
    await this.db
      .deleteFrom('web_pins')
      .where('account_id', '=', this.scope.accountId)
      .where('record_id', '=', recordId)
      .where('email_id', '=', emailId)
      .execute();
  }

  /** Removes an alias or connected inbox of a user. Returns whether there was one. */
  async removeAddress(userId: number, address: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('user_addresses')
      .where('account_id', '=', this.scope.accountId)
      .where('user_id', '=', userId)
      .where('address', '=', address)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Records of one type whose name, email or domain contains `q` (case-insensitive), in id order. */
  async searchRecords(
    type: Exclude<ObjectType, 'emails'>,
    q: string,
    limit: number,
    after?: number,
  ): Promise<ObjectRecord[]> {
    const needle = q.trim().toLowerCase();
    const position = this.scope.dialect === 'postgres' ? 'strpos' : 'instr';
    const fields =
      type === 'contacts'
        ? ['firstname', 'lastname', 'email']
        : type === 'companies'
          ? ['name', 'domain']
          : type === 'tickets'
            ? ['subject']
            : ['dealname'];
    let query = this.db
      .selectFrom('crm_objects')
      .selectAll()
      .where('account_id', '=', this.scope.accountId)
      .where('object_type', '=', type)
      .where('archived_at', 'is', null);
    if (needle) {
      const matches = fields.map(
        (f) =>
          sql<SqlBool>`${sql.raw(position)}(lower(coalesce(${jsonText(this.scope.dialect, sql.ref('properties'), f)}, '')), ${needle}) > 0`,
      );
      query = query.where((eb) => eb.or(matches));
    }
    if (after !== undefined) query = query.where('id', '>', after);
    const rows = await query.orderBy('id').limit(limit).execute();
    return rows.map(toRecord);
  }
}
