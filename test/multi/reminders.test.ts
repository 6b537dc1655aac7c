// Follow-up reminders with two instances on one PostgreSQL (D2, P3): both schedulers run their passes at the same
// moment over the same due reminders; each reminder fires once, from one of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/databases';
import { freshPostgresDatabase, postgresUnavailable } from '../helpers/pg';
import { startServer, type InProcessServer } from '../helpers/server';
import {
  DAY,
  applyWithReminder,
  messageId,
  reminderNotifications,
  sendCopy,
  testClock,
  world,
  type World,
} from '../reminders/fixture';

const pgSkip = await postgresUnavailable();

describe.skipIf(pgSkip)(
  `reminders with two instances on one PostgreSQL${pgSkip ? ` (skipped: ${pgSkip})` : ''}`,
  () => {
    const clock = testClock();
    let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
    let dir: ReturnType<typeof tempDir>;
    let a: InProcessServer;
    let b: InProcessServer;
    let w: World;

    beforeAll(async () => {
      database = await freshPostgresDatabase();
      dir = tempDir();
      const options = { db: { kind: 'postgres' as const, url: database.url }, dataDir: dir.path, clock };
      a = await startServer(options);
      b = await startServer(options);
      w = await world(a.store, a.url);
    });
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
      await database?.drop();
      dir?.remove();
    });

    it('fires each due reminder once, whichever instance claims it', async () => {
      const applied = [];
      for (let i = 0; i < 12; i++) {
        const reminder = await applyWithReminder(w, {
          condition: i % 2 ? 'no_reply' : 'not_opened',
          days: 1 + (i % 3),
          timeZone: 'Europe/Paris',
        });
        await sendCopy((i % 2 ? a : b).smtpPort, reminder.bccAddress, messageId(`multi-${i}`));
        applied.push(reminder);
      }
      clock.advance(4 * DAY);
      const outcomes = (await Promise.all([a.app.reminders.runDue(), b.app.reminders.runDue()])).flat();
      expect(outcomes.every((o) => o.outcome === 'fired')).toBe(true);
      expect(outcomes.map((o) => o.id).sort()).toEqual([...new Set(outcomes.map((o) => o.id))].sort());
      expect(outcomes).toHaveLength(applied.length);
      // Passes after: nothing is left to fire on either instance.
      expect((await Promise.all([a.app.reminders.runDue(), b.app.reminders.runDue()])).flat()).toEqual([]);

      const items = (await reminderNotifications(a.store, w.account.accountId)) as Array<{
        reminder: { taskId: string };
      }>;
      expect(items.map((i) => i.reminder.taskId).sort()).toEqual(applied.map((r) => r.reminder.taskId).sort());
      const rows = await a.store.db
        .selectFrom('reminders')
        .select(['fired_at', 'closed_at'])
        .where('account_id', '=', w.account.accountId)
        .execute();
      expect(rows.every((r) => r.fired_at !== null && r.closed_at === null)).toBe(true);
    });
  },
);
