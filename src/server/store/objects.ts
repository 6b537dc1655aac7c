import { sql, type Selectable } from 'kysely';
import type { ObjectType } from '../../contract/crm';
import { isUniqueViolation, jsonText, readJson } from './dialect';
import type { AccountScope } from './scope';
import type { CrmObjectsTable } from './schema';

/** A CRM record as the store keeps it: stored properties only (computed ones are added on the wire). */
export type ObjectRecord = {
  id: number;
  type: ObjectType;
  properties: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  archivedAt: number | null;
};

/** Raised when a contact's email is already another live contact's; carries that contact's id. */
export class DuplicateContactError extends Error {
  constructor(readonly existingId: number | undefined) {
    super(
      existingId === undefined
        ? 'Contact already exists: another request took this address at the same moment.'
        : `Contact already exists. Existing ID: ${existingId}`,
    );
  }
}

export function toRecord(row: Selectable<CrmObjectsTable>): ObjectRecord {
  return {
    id: row.id,
    type: row.object_type,
    properties: readJson<Record<string, string>>(row.properties),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
  };
}

/** The columns extracted from properties so that lookups by address or domain use an index. */
function extracted(type: ObjectType, properties: Record<string, string>) {
  return {
    email: type === 'contacts' ? (properties.email ?? null) : null,
    domain: type === 'companies' ? (properties.domain ?? null) : null,
  };
}

export type NewObject = { properties: Record<string, string>; createdAt?: number };

export class ObjectsRepo {
  constructor(private readonly scope: AccountScope) {}

  private get db() {
    return this.scope.db;
  }

  private live(type: ObjectType) {
    return this.db
      .selectFrom('crm_objects')
      .selectAll()
      .where('account_id', '=', this.scope.accountId)
      .where('object_type', '=', type);
  }

  async get(type: ObjectType, id: number, opts: { archived?: boolean } = {}): Promise<ObjectRecord | undefined> {
    const row = await this.live(type)
      .where('id', '=', id)
      .where('archived_at', opts.archived ? 'is not' : 'is', null)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Live records among `ids`, in no particular order. */
  async getMany(type: ObjectType, ids: number[], opts: { archived?: boolean } = {}): Promise<ObjectRecord[]> {
    if (!ids.length) return [];
    const rows = await this.live(type)
      .where('id', 'in', ids)
      .where('archived_at', opts.archived ? 'is not' : 'is', null)
      .execute();
    return rows.map(toRecord);
  }

  /** Live contacts by normalised address, or companies by normalised domain (the oldest first when several share one). */
  async getByUniqueProperty(
    type: ObjectType,
    property: 'email' | 'domain',
    values: string[],
    opts: { archived?: boolean } = {},
  ): Promise<ObjectRecord[]> {
    if (!values.length) return [];
    const rows = await this.live(type)
      .where(property, 'in', values)
      .where('archived_at', opts.archived ? 'is not' : 'is', null)
      .execute();
    // Sorted here: an ORDER BY id could lead SQLite to walk the (account, type, id) index instead of this lookup's.
    return rows.map(toRecord).sort((a, b) => a.id - b.id);
  }

  /**
   * Live records whose stored property `name` is one of `values` (exactly), oldest first: lookups by a custom
   * property with unique values. Contacts' email and companies' domain have their own indexed lookup above.
   */
  async getByProperty(type: ObjectType, name: string, values: string[]): Promise<ObjectRecord[]> {
    if (!values.length) return [];
    const rows = await this.live(type)
      .where(jsonText(this.scope.dialect, sql.ref('properties'), name), 'in', values)
      .where('archived_at', 'is', null)
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  /** Contacts by id or address (live ones), for names in the feed. */
  async contactsFor(
    ids: readonly number[],
    addresses: readonly string[],
  ): Promise<{ id: number; email: string | null; properties: Record<string, string | null> }[]> {
    if (ids.length === 0 && addresses.length === 0) return [];
    const rows = await this.db
      .selectFrom('crm_objects')
      .select(['id', 'email', 'properties'])
      .where('account_id', '=', this.scope.accountId)
      .where('object_type', '=', 'contacts')
      .where('archived_at', 'is', null)
      .where((eb) =>
        eb.or([
          ...(ids.length ? [eb('id', 'in', [...ids])] : []),
          ...(addresses.length ? [eb('email', 'in', [...addresses])] : []),
        ]),
      )
      .execute();
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      properties: readJson<Record<string, string | null>>(r.properties),
    }));
  }

  /** The id of a contact with this normalised address, live or archived (any one when several have it). */
  async contactIdByEmail(email: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('crm_objects')
      .select('id')
      .where('account_id', '=', this.scope.accountId)
      .where('object_type', '=', 'contacts')
      .where('email', '=', email)
      .executeTakeFirst();
    return row?.id;
  }

  /** Which of `ids` are live records of `type`: the check before associating. */
  async existing(type: ObjectType, ids: number[]): Promise<Set<number>> {
    if (!ids.length) return new Set();
    const rows = await this.db
      .selectFrom('crm_objects')
      .select('id')
      .where('account_id', '=', this.scope.accountId)
      .where('object_type', '=', type)
      .where('id', 'in', ids)
      .where('archived_at', 'is', null)
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  async create(type: ObjectType, properties: Record<string, string>): Promise<ObjectRecord> {
    const [record] = await this.createMany(type, [{ properties }]);
    return record;
  }

  private newRow(type: ObjectType, o: NewObject, now: number) {
    return {
      account_id: this.scope.accountId,
      object_type: type,
      properties: JSON.stringify(o.properties),
      ...extracted(type, o.properties),
      created_at: o.createdAt ?? now,
      updated_at: o.createdAt ?? now,
      archived_at: null,
    };
  }

  /**
   * Inserts in one statement. A contact whose address another live contact has fails the whole call with
   * DuplicateContactError (inside the caller's transaction, if any, so nothing of it stays).
   */
  async createMany(type: ObjectType, objects: NewObject[]): Promise<ObjectRecord[]> {
    if (!objects.length) return [];
    const now = Date.now();
    const rows = objects.map((o) => this.newRow(type, o, now));
    if (type !== 'contacts')
      return (await this.db.insertInto('crm_objects').values(rows).returningAll().execute()).map(toRecord);
    return this.scope.transaction(async (tx) => {
      // ON CONFLICT … DO NOTHING rather than catching the violation: a failed statement would abort a PostgreSQL
      // transaction, and the existing contact's id must still be looked up for the 409.
      const inserted = await tx.db
        .insertInto('crm_objects')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['account_id', 'object_type', 'email']).where('archived_at', 'is', null).doNothing(),
        )
        .returningAll()
        .execute();
      if (inserted.length < rows.length) {
        const taken = new Set(inserted.map((r) => r.email));
        const clashing = objects.map((o) => o.properties.email).filter((e) => e && !taken.has(e));
        const [existing] = await new ObjectsRepo(tx).getByUniqueProperty('contacts', 'email', clashing);
        throw new DuplicateContactError(existing?.id);
      }
      return inserted.map(toRecord);
    });
  }

  /**
   * Inserts many records that need no checks (synthetic data, imports already validated) and returns their ids in
   * input order. Contacts must have distinct, unused addresses.
   */
  async insertBulk(type: ObjectType, objects: NewObject[]): Promise<number[]> {
    const now = Date.now();
    const ids: number[] = [];
    // 8 columns a row: 1,000 rows stay under SQLite's and PostgreSQL's bound-parameter limits.
    for (let i = 0; i < objects.length; i += 1_000) {
      const rows = objects.slice(i, i + 1_000).map((o) => this.newRow(type, o, now));
      const inserted = await this.db.insertInto('crm_objects').values(rows).returning('id').execute();
      ids.push(...inserted.map((r) => r.id));
    }
    return ids;
  }

  /**
   * Merges `changes` into a live record's properties (`null` removes one). Reads and writes in one transaction,
   * with the row locked on PostgreSQL, so concurrent updates of different properties both land.
   */
  async update(
    type: ObjectType,
    id: number,
    changes: Record<string, string | null>,
  ): Promise<ObjectRecord | undefined> {
    return this.scope.transaction(async (tx) => {
      let query = tx.db
        .selectFrom('crm_objects')
        .selectAll()
        .where('account_id', '=', tx.accountId)
        .where('object_type', '=', type)
        .where('id', '=', id)
        .where('archived_at', 'is', null);
      if (tx.dialect === 'postgres') query = query.forUpdate();
      const row = await query.executeTakeFirst();
      if (!row) return undefined;
      const properties = { ...readJson<Record<string, string>>(row.properties) };
      for (const [name, value] of Object.entries(changes)) {
        if (value === null) delete properties[name];
        else properties[name] = value;
      }
      if (type === 'contacts' && properties.email && properties.email !== row.email) {
        const [clash] = await new ObjectsRepo(tx).getByUniqueProperty('contacts', 'email', [properties.email]);
        if (clash) throw new DuplicateContactError(clash.id);
      }
      try {
        const updated = await tx.db
          .updateTable('crm_objects')
          .set({
            properties: JSON.stringify(properties),
            ...extracted(type, properties),
            updated_at: Math.max(Date.now(), row.updated_at),
          })
          .where('account_id', '=', tx.accountId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toRecord(updated);
      } catch (err) {
        if (isUniqueViolation(err)) throw new DuplicateContactError(undefined);
        throw err;
      }
    });
  }

  /** Archives live records; returns the ids that were live. Their associations stay but are hidden while archived. */
  async archive(type: ObjectType, ids: number[]): Promise<number[]> {
    if (!ids.length) return [];
    const now = Date.now();
    const rows = await this.db
      .updateTable('crm_objects')
      .set({ archived_at: now, updated_at: now })
      .where('account_id', '=', this.scope.accountId)
      .where('object_type', '=', type)
      .where('id', 'in', ids)
      .where('archived_at', 'is', null)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Deletes records for good, live or archived, with every association from or to them: a GDPR erasure leaves
   * nothing to restore. Returns the ids that existed.
   */
  async purge(type: ObjectType, ids: number[]): Promise<number[]> {
    if (!ids.length) return [];
    return this.scope.transaction(async (tx) => {
      const rows = await tx.db
        .deleteFrom('crm_objects')
        .where('account_id', '=', tx.accountId)
        .where('object_type', '=', type)
        .where('id', 'in', ids)
        .returning('id')
        .execute();
      const gone = rows.map((r) => r.id);
      if (gone.length) {
        await tx.db
          .deleteFrom('crm_associations')
          .where('account_id', '=', tx.accountId)
          .where((eb) =>
            eb.or([
              eb.and([eb('from_type', '=', type), eb('from_id', 'in', gone)]),
              eb.and([eb('to_type', '=', type), eb('to_id', 'in', gone)]),
            ]),
          )
          .execute();
      }
      return gone;
    });
  }

  /** A page of records in id order, after the id `after`. */
  async list(type: ObjectType, opts: { limit: number; after?: number; archived?: boolean }): Promise<ObjectRecord[]> {
    let query = this.live(type)
      .where('archived_at', opts.archived ? 'is not' : 'is', null)
      .orderBy('id')
      .limit(opts.limit);
    if (opts.after !== undefined) query = query.where('id', '>', opts.after);
    return (await query.execute()).map(toRecord);
  }

  async count(type: ObjectType): Promise<number> {
    const row = await this.db
      .selectFrom('crm_objects')
      .select(sql<number>`count(*)`.as('n'))
      .where('account_id', '=', this.scope.accountId)
      .where('object_type', '=', type)
      .where('archived_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
