import { sql, type Kysely } from 'kysely';
import { columns } from './columns';

// Follow-up reminders (P3): one per applied email at most, with the CRM task that shows it. `lease_until` keeps two
// instances off the same due reminder while one decides it; `fired_at` and `closed_at` are set once, by the one that
// decides, which is what makes a reminder fire once.
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  await c
    .id(db.schema.createTable('reminders'))
    .addColumn('account_id', c.bigint, (col) => col.notNull().references('accounts.id'))
    .addColumn('user_id', c.bigint, (col) => col.notNull().references('users.id'))
    .addColumn('intent_id', c.bigint, (col) => col.notNull().references('intents.id'))
    .addColumn('condition', 'text', c.notNull)
    .addColumn('days', 'integer', c.notNull)
    .addColumn('time_zone', 'text', c.notNull)
    .addColumn('due_at', c.bigint, c.notNull)
    .addColumn('task_id', c.bigint, c.notNull)
    .addColumn('lease_until', c.bigint)
    .addColumn('fired_at', c.bigint)
    .addColumn('closed_at', c.bigint)
    .addColumn('closed_reason', 'text')
    .addColumn('created_at', c.bigint, c.notNull)
    .execute();
  await db.schema
    .createIndex('reminders_intent')
    .unique()
    .on('reminders')
    .columns(['account_id', 'intent_id'])
    .execute();
  // Only the reminders still waiting: what every instance's scheduler looks at each minute.
  await db.schema
    .createIndex('reminders_waiting')
    .on('reminders')
    .column('due_at')
    .where(sql.ref('fired_at'), 'is', null)
    .where(sql.ref('closed_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('reminders_fired')
    .on('reminders')
    .columns(['account_id', 'user_id', 'fired_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reminders').execute();
}
