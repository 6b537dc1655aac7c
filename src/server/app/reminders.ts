import type { FastifyInstance } from 'fastify';
import { ReminderScheduler } from '../reminders/scheduler';
import type { Notifier } from '../tracking/notify/notifier';

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's reminder scheduler (tests run its passes themselves, with their own clock). */
    reminders: ReminderScheduler;
  }
}

/** The reminder scheduler of this instance: started once the app is ready, stopped before tracking's notifier. */
export function wireReminders(app: FastifyInstance, notifier: Notifier): ReminderScheduler {
  const scheduler = new ReminderScheduler({
    store: app.mailtrail.store,
    clock: app.mailtrail.clock,
    notifier,
    publicUrl: () => app.mailtrail.publicUrl(),
    logger: app.log.child({ module: 'reminders' }),
  });
  app.decorate('reminders', scheduler);
  app.addHook('onReady', async () => scheduler.start());
  app.addHook('preClose', async () => scheduler.close());
  return scheduler;
}
