import { sql, type Selectable } from 'kysely';
import { EventLabel } from '../../contract/addon';
import { madeByPerson } from '../../contract/labels';
import type { TemplatesTable } from './schema-templates';
import type { AccountScope } from './scope';

export type Template = {
  id: number;
  ownerId: number;
  kind: 'template' | 'snippet';
  name: string;
  subject: string | null;
  body: string;
  shared: boolean;
  createdAt: number;
  updatedAt: number;
  lastUsedAt: number | null;
};

export type TemplateFields = Pick<Template, 'kind' | 'name' | 'subject' | 'body' | 'shared'>;

/** What the emails a template went into became: sent, tracked, opened and clicked by people, machine events. */
export type TemplateStats = {
  inserted: number;
  sent: number;
  tracked: number;
  opened: number;
  clicked: number;
  machineOpens: number;
  machineClicks: number;
};

function toTemplate(row: Selectable<TemplatesTable>): Template {
  return {
    id: row.id,
    ownerId: row.owner_id,
    kind: row.kind,
    name: row.name,
    subject: row.subject,
    body: row.body,
    shared: Boolean(row.shared),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastUsedAt: row.last_used_at,
  };
}

/** The account's templates and snippets (P2), and their uses. */
export class TemplatesRepo {
  constructor(private readonly scope: AccountScope) {}

  private templates() {
    return this.scope.db.selectFrom('templates').selectAll().where('account_id', '=', this.scope.accountId);
  }

  /** The user's own and the account's shared ones, most recently used (then changed) first. */
  async visibleTo(userId: number, limit: number): Promise<Template[]> {
    const rows = await this.templates()
      .where((eb) => eb.or([eb('owner_id', '=', userId), eb('shared', '=', 1)]))
      .orderBy(sql`coalesce(last_used_at, 0)`, 'desc')
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toTemplate);
  }

  async get(id: number): Promise<Template | undefined> {
    const row = await this.templates().where('id', '=', id).executeTakeFirst();
    return row && toTemplate(row);
  }

  async create(ownerId: number, fields: TemplateFields, at = Date.now()): Promise<Template> {
    const row = await this.scope.db
      .insertInto('templates')
      .values({
        account_id: this.scope.accountId,
        owner_id: ownerId,
        ...columnsOf(fields),
        created_at: at,
        updated_at: at,
        last_used_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toTemplate(row);
  }

  async update(id: number, fields: TemplateFields, at = Date.now()): Promise<Template | undefined> {
    const row = await this.scope.db
      .updateTable('templates')
      .set({ ...columnsOf(fields), updated_at: at })
      .where('account_id', '=', this.scope.accountId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toTemplate(row);
  }

  /** Removes it and its uses (the emails stay; they no longer count for a template that is gone). */
  async remove(id: number): Promise<boolean> {
    return this.scope.transaction(async (tx) => {
      await tx.db
        .deleteFrom('template_uses')
        .where('account_id', '=', tx.accountId)
        .where('template_id', '=', id)
        .execute();
      const result = await tx.db
        .deleteFrom('templates')
        .where('account_id', '=', tx.accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  /** One insert from the sidebar: it marks the template used and counts on the email of `intentId` or `draftKey`. */
  async recordUse(
    templateId: number,
    use: { userId: number; draftKey: string; intentId: number | null },
    at = Date.now(),
  ): Promise<void> {
    await this.scope.transaction(async (tx) => {
      await tx.db
        .insertInto('template_uses')
        .values({
          account_id: tx.accountId,
          template_id: templateId,
          user_id: use.userId,
          draft_key: use.draftKey,
          intent_id: use.intentId,
          used_at: at,
        })
        .execute();
      await tx.db
        .updateTable('templates')
        .set({ last_used_at: at })
        .where('account_id', '=', tx.accountId)
        .where('id', '=', templateId)
        .execute();
    });
  }

  /**
   * Per template, what its emails became. A use names its intent, or the intent made by the same user from the
   * same compose card (draft key); an email counts once per template however often it was inserted into it.
   */
  async stats(templateIds: number[]): Promise<Map<number, TemplateStats>> {
    const out = new Map<number, TemplateStats>();
    if (!templateIds.length) return out;
    const { db, accountId } = this.scope;
    const uses = db
      .selectFrom('template_uses as u')
      .leftJoin('intents as i', (join) =>
        join
          .onRef('i.account_id', '=', 'u.account_id')
          .on((eb) =>
            eb.or([
              eb('i.id', '=', eb.ref('u.intent_id')),
              eb.and([
                eb('u.intent_id', 'is', null),
                eb('i.user_id', '=', eb.ref('u.user_id')),
                eb('i.draft_key', '=', eb.ref('u.draft_key')),
              ]),
            ]),
          ),
      )
      .where('u.account_id', '=', accountId)
      .where('u.template_id', 'in', templateIds);
    const [inserted, emails] = await Promise.all([
      db
        .selectFrom('template_uses')
        .select(['template_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('account_id', '=', accountId)
        .where('template_id', 'in', templateIds)
        .groupBy('template_id')
        .execute(),
      // Each (template, sent email) once, with the email's counters.
      db
        .selectFrom(
          uses
            .where('i.sent_at', 'is not', null)
            .select(['u.template_id as template_id', 'i.id as intent_id', 'i.mode as mode'])
            .distinct()
            .as('e'),
        )
        .leftJoin('tracking_counters as c', (join) =>
          join.onRef('c.intent_id', '=', 'e.intent_id').on('c.account_id', '=', accountId),
        )
        .select(['e.template_id', 'e.intent_id', 'e.mode', 'c.person_opens', 'c.person_clicks'])
        .execute(),
    ]);
    const machines = await this.machineEvents([...new Set(emails.map((e) => e.intent_id!))]);
    for (const id of templateIds)
      out.set(id, { inserted: 0, sent: 0, tracked: 0, opened: 0, clicked: 0, machineOpens: 0, machineClicks: 0 });
    for (const row of inserted) out.get(row.template_id)!.inserted = Number(row.n);
    for (const row of emails) {
      const s = out.get(row.template_id)!;
      s.sent += 1;
      if (row.mode === 'off') continue;
      s.tracked += 1;
      if ((row.person_opens ?? 0) > 0) s.opened += 1;
      if ((row.person_clicks ?? 0) > 0) s.clicked += 1;
      s.machineOpens += machines.get(row.intent_id!)?.open ?? 0;
      s.machineClicks += machines.get(row.intent_id!)?.click ?? 0;
    }
    return out;
  }

  /** Per email, the opens and clicks machines made (labels that are not a person's, the sender's own apart). */
  private async machineEvents(intentIds: number[]): Promise<Map<number, { open: number; click: number }>> {
    const out = new Map<number, { open: number; click: number }>();
    if (!intentIds.length) return out;
    const rows = await this.scope.db
      .selectFrom('tracking_events')
      .select(['intent_id', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('account_id', '=', this.scope.accountId)
      .where('intent_id', 'in', intentIds)
      .where((eb) =>
        eb.or([
          eb.and([eb('kind', '=', 'open'), eb('label', 'in', MACHINE_OPEN_LABELS)]),
          eb.and([eb('kind', '=', 'click'), eb('label', 'in', MACHINE_CLICK_LABELS)]),
        ]),
      )
      .groupBy(['intent_id', 'kind'])
      .execute();
    for (const row of rows) {
      const counts = out.get(row.intent_id) ?? { open: 0, click: 0 };
      counts[row.kind] = Number(row.n);
      out.set(row.intent_id, counts);
    }
    return out;
  }
}

// A person's repeated open is not a person open, nor a machine's: machines are counted from the events' labels.
const MACHINE_OPEN_LABELS: EventLabel[] = EventLabel.options.filter((l) => !madeByPerson('open', l) && l !== 'self');
const MACHINE_CLICK_LABELS: EventLabel[] = EventLabel.options.filter((l) => !madeByPerson('click', l) && l !== 'self');

function columnsOf(fields: TemplateFields) {
  return {
    kind: fields.kind,
    name: fields.name,
    subject: fields.kind === 'template' ? (fields.subject ?? '') : null,
    body: fields.body,
    shared: fields.shared ? 1 : 0,
  };
}
