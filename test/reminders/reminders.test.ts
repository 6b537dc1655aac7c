// Follow-up reminders (P3, issue 16 part 4) end to end on SQLite and PostgreSQL: Apply through the real add-on
// API, the sent copy over real SMTP, opens through the real pixel, a reply logged from the sidebar, the task read
// over the CRM API, and the scheduler run by a clock the test moves.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseServeArgs } from '../../src/server/core/serve-options';
import { REMINDER_HOUR } from '../../src/contract/reminders';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';
import { intentRequest } from '../helpers/intents';
import { openSse } from '../helpers/sse-client';
import { UA } from '../tracking/fixtures';
import {
  ALICE,
  CAROL,
  DAY,
  applyWithReminder,
  messageId,
  reminderNotifications,
  sendCopy,
  task,
  testClock,
  timelineTasks,
  webCookie,
  world,
  type World,
} from './fixture';

/** The calendar date and hour an instant shows in a time zone. */
function wall(at: number, timeZone: string): { date: string; hour: number } {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const h = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' });
  return { date: f.format(at), hour: Number(h.format(at)) };
}

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('follow-up reminders', db), () => {
    const clock = testClock();
    // Labels settle at once: a person's open closes a reminder as soon as it is recorded.
    const config = { tracking: { ...parseServeArgs([], process.env).tracking, settleMs: 0 } };
    let target: Awaited<ReturnType<typeof db.create>>;
    let server: InProcessServer;
    let w: World;

    const intents = () =>
      server.store.db.selectFrom('intents').select('id').where('account_id', '=', w.account.accountId).execute();
    const tasks = async () => (await w.crm.get('/crm/v3/objects/tasks?limit=100')).body.results as unknown[];
    const open = async (id: string, ua: string) => {
      const intent = await server.store.forAccount(w.account.accountId).intents.byId(Number(id));
      await (await fetch(`${server.url}/t/o/${intent!.token}.gif`, { headers: { 'user-agent': ua } })).arrayBuffer();
      return server.store.forAccount(w.account.accountId).tracking.eventsOf(Number(id), 10);
    };

    /** What the pass did with this email's reminder (others may come due with it: the clock only moves on). */
    const runFor = async (intentId: string) => {
      const mine = await server.store.forAccount(w.account.accountId).reminders.ofIntent(Number(intentId));
      return (await server.app.reminders.runDue()).filter((o) => o.id === mine!.id).map((o) => o.outcome);
    };

    beforeAll(async () => {
      target = await db.create();
      server = await startServer({ db: target.target, dataDir: target.dataDir, clock, config });
      w = await world(server.store, server.url);
    });
    afterAll(async () => {
      await server?.close();
      await target?.drop();
    });

    it('refuses a reminder out of range, in an unknown time zone, or "if not opened" untracked, registering nothing', async () => {
      const before = { intents: (await intents()).length, tasks: (await tasks()).length };
      for (const [reminder, over, words] of [
        [{ condition: 'no_reply', days: 0, timeZone: 'Europe/Paris' }, {}, /never today or in the past/],
        [{ condition: 'no_reply', days: -2, timeZone: 'Europe/Paris' }, {}, /never today or in the past/],
        [{ condition: 'no_reply', days: 31, timeZone: 'Europe/Paris' }, {}, /at most 30/],
        [{ condition: 'no_reply', days: 3, timeZone: 'Mars/Olympus_Mons' }, {}, /not a time zone/],
        [{ condition: 'not_opened', days: 3, timeZone: 'Europe/Paris' }, { track: false }, /needs the email tracked/],
      ] as const) {
        const res = await w.addon.post('/addon/v1/compose/intents', {
          draftKey: `draft-bad-${reminder.days}-${reminder.timeZone.length}`,
          track: true,
          log: true,
          associations: [],
          createContacts: [],
          neverLog: [],
          recipients: { to: [CAROL], cc: [], bcc: [] },
          reminder,
          ...over,
        });
        expect(res.status, res.text).toBe(400);
        expect(res.body.message).toMatch(words);
      }
      expect({ intents: (await intents()).length, tasks: (await tasks()).length }).toEqual(before);
    });

    it("registers a task due N days later at 9:00 in the user's time zone, on the contact, over the CRM API", async () => {
      const applied = await applyWithReminder(w, { condition: 'no_reply', days: 3, timeZone: 'America/New_York' });
      const due = Date.parse(applied.reminder.dueAt);
      const today = wall(clock.now(), 'America/New_York').date;
      const expected = new Date(Date.parse(`${today}T12:00:00Z`) + 3 * DAY).toISOString().slice(0, 10);
      expect(wall(due, 'America/New_York')).toEqual({ date: expected, hour: REMINDER_HOUR });
      const t = await task(w, applied.reminder.taskId);
      expect(t).toMatchObject({ status: 'NOT_STARTED', contacts: [String(w.carolId)] });
      expect(Date.parse(t.due)).toBe(due);
      expect(await timelineTasks(server.url, w)).toContainEqual(
        expect.objectContaining({ id: applied.reminder.taskId, completed: false }),
      );

      // Apply clicked again with the same choice keeps the reminder; without one drops it and its task.
      const again = await w.addon.post(
        '/addon/v1/compose/intents',
        intentRequest({
          draftKey: 'draft-same-twice',
          recipients: { to: [CAROL], cc: [], bcc: [] },
          reminder: { condition: 'not_opened', days: 2, timeZone: 'Europe/Paris' },
        }),
      );
      const repeat = await w.addon.post(
        '/addon/v1/compose/intents',
        intentRequest({
          draftKey: 'draft-same-twice',
          recipients: { to: [CAROL], cc: [], bcc: [] },
          reminder: { condition: 'not_opened', days: 2, timeZone: 'Europe/Paris' },
        }),
      );
      expect(repeat.body.reminder).toEqual(again.body.reminder);
      const dropped = await w.addon.post(
        '/addon/v1/compose/intents',
        intentRequest({ draftKey: 'draft-same-twice', recipients: { to: [CAROL], cc: [], bcc: [] } }),
      );
      expect(dropped.body.reminder).toBeNull();
      expect((await w.crm.get(`/crm/v3/objects/tasks/${again.body.reminder.taskId}`)).status).toBe(404);
    });

    it('fires once, at its due time, when the email stays unopened: a machine fetch is no open', async () => {
      const applied = await applyWithReminder(w, { condition: 'not_opened', days: 2, timeZone: 'Europe/Paris' });
      await sendCopy(server.smtpPort, applied.bccAddress, messageId('unopened'));
      const events = await open(applied.intentId, UA.curl);
      expect(events.map((e) => e.label)).not.toContain('human');
      expect(events.length).toBe(1);

      // The web app's live feed, where the desktop notification comes from.
      const stream = await openSse(`${server.url}/web/v1/feed/stream`, { cookie: await webCookie(server.url, w) });
      expect(stream.status).toBe(200);

      const due = Date.parse(applied.reminder.dueAt);
      clock.set(due - 60_000);
      expect(await runFor(applied.intentId)).toEqual([]);
      clock.set(due + 1);
      expect(await runFor(applied.intentId)).toEqual(['fired']);
      expect(await runFor(applied.intentId)).toEqual([]);

      const live = await stream.next();
      stream.close();
      expect(live.event).toBe('feed');
      expect(JSON.parse(live.data)).toMatchObject({
        kind: 'reminder',
        reminder: { condition: 'not_opened', taskId: applied.reminder.taskId },
      });

      const notified = await reminderNotifications(server.store, w.account.accountId);
      expect(notified).toHaveLength(1);
      const feed = (await w.addon.get('/addon/v1/feed')).body.items as Array<Record<string, any>>;
      const item = feed.find((i) => i.kind === 'reminder');
      expect(item).toMatchObject({
        subject: 'Our offer',
        contact: { id: String(w.carolId), email: CAROL },
        reminder: { condition: 'not_opened', days: 2, taskId: applied.reminder.taskId },
      });
      expect((await task(w, applied.reminder.taskId)).status).toBe('NOT_STARTED');
    });

    it('closes when a person opens the email: the task is completed at once and nothing fires', async () => {
      const before = (await reminderNotifications(server.store, w.account.accountId)).length;
      const applied = await applyWithReminder(w, { condition: 'not_opened', days: 1, timeZone: 'Asia/Tokyo' });
      await sendCopy(server.smtpPort, applied.bccAddress, messageId('opened'));
      const events = await open(applied.intentId, UA.chrome);
      expect(events.map((e) => [e.label, e.uncertain])).toEqual([['human', false]]);

      await vi.waitFor(async () => expect((await task(w, applied.reminder.taskId)).status).toBe('COMPLETED'));
      expect(await timelineTasks(server.url, w)).toContainEqual(
        expect.objectContaining({ id: applied.reminder.taskId, completed: true }),
      );
      clock.set(Date.parse(applied.reminder.dueAt) + 1);
      expect(await runFor(applied.intentId)).toEqual([]);
      const reminder = await server.store.forAccount(w.account.accountId).reminders.ofIntent(Number(applied.intentId));
      expect(reminder).toMatchObject({ closedReason: 'opened', firedAt: null });
      expect(await reminderNotifications(server.store, w.account.accountId)).toHaveLength(before);
    });

    it('closes "if no reply" when a received email of the same thread is logged', async () => {
      const before = (await reminderNotifications(server.store, w.account.accountId)).length;
      const sent = messageId('asked');
      const applied = await applyWithReminder(w, { condition: 'no_reply', days: 1, timeZone: 'UTC' });
      await sendCopy(server.smtpPort, applied.bccAddress, sent);
      const reply = messageId('reply').replace('acme.test', 'carol.example');
      const logged = await w.addon.post('/addon/v1/messages', {
        message: {
          messageId: reply,
          threadId: 'thread-reply',
          headers: [
            { name: 'In-Reply-To', value: sent },
            { name: 'References', value: sent },
          ],
          from: `Carol Cole <${CAROL}>`,
          to: [ALICE],
          cc: [],
          date: new Date().toISOString(),
          subject: 'Re: Our offer',
          html: '',
          text: 'Thanks, let us talk on Monday.',
          attachments: [],
        },
        associations: [],
        createContacts: [],
        neverLog: [],
      });
      expect(logged.status, logged.text).toBe(200);

      // Closed as the reply is logged, before its due time.
      expect((await task(w, applied.reminder.taskId)).status).toBe('COMPLETED');
      clock.set(Date.parse(applied.reminder.dueAt) + 1);
      expect(await runFor(applied.intentId)).toEqual([]);
      const reminder = await server.store.forAccount(w.account.accountId).reminders.ofIntent(Number(applied.intentId));
      expect(reminder).toMatchObject({ closedReason: 'replied', firedAt: null });
      expect(await reminderNotifications(server.store, w.account.accountId)).toHaveLength(before);
    });

    it('fires "if no reply" when only the sender wrote again in the thread', async () => {
      const sent = messageId('nudge');
      const applied = await applyWithReminder(w, { condition: 'no_reply', days: 1, timeZone: 'UTC' });
      await sendCopy(server.smtpPort, applied.bccAddress, sent);
      const ownFollowUp = await w.addon.post('/addon/v1/messages', {
        message: {
          messageId: messageId('own'),
          threadId: 'thread-own',
          headers: [{ name: 'References', value: sent }],
          from: `Alice Archer <${ALICE}>`,
          to: [CAROL],
          cc: [],
          date: new Date().toISOString(),
          subject: 'Re: Our offer',
          html: '',
          text: 'Any news?',
          attachments: [],
        },
        associations: [],
        createContacts: [],
        neverLog: [],
      });
      expect(ownFollowUp.status, ownFollowUp.text).toBe(200);
      clock.set(Date.parse(applied.reminder.dueAt) + 1);
      expect(await runFor(applied.intentId)).toEqual(['fired']);
    });

    it('closes a reminder whose email was never sent, archiving its task', async () => {
      const applied = await applyWithReminder(w, { condition: 'no_reply', days: 1, timeZone: 'UTC' });
      clock.set(Date.parse(applied.reminder.dueAt) + 1);
      expect(await runFor(applied.intentId)).toEqual(['not_sent']);
      expect((await w.crm.get(`/crm/v3/objects/tasks/${applied.reminder.taskId}`)).status).toBe(404);
    });

    it('survives a restart: due while the server was down, it fires at the next start, once', async () => {
      const applied = await applyWithReminder(w, { condition: 'not_opened', days: 5, timeZone: 'Europe/Paris' });
      await sendCopy(server.smtpPort, applied.bccAddress, messageId('restart'));
      await server.close();
      clock.set(Date.parse(applied.reminder.dueAt) + DAY);
      server = await startServer({ db: target.target, dataDir: target.dataDir, clock, config });
      // The start-up pass may have fired it already; either way it fired once.
      await server.app.reminders.runDue();
      const reminder = await server.store.forAccount(w.account.accountId).reminders.ofIntent(Number(applied.intentId));
      expect(reminder?.firedAt).not.toBeNull();
      const items = (await reminderNotifications(server.store, w.account.accountId)) as Array<{
        reminder: { taskId: string };
      }>;
      expect(items.filter((i) => i.reminder.taskId === applied.reminder.taskId)).toHaveLength(1);
      expect(await runFor(applied.intentId)).toEqual([]);
    });
  });
}
