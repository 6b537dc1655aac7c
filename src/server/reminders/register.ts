import type { AssociationRef, TrackingMode } from '../../contract/addon';
import type { InlineAssociation } from '../../contract/crm';
import type { ReminderNote, ReminderRequest } from '../../contract/reminders';
import { reminderNote } from '../tracking/feed';
import { validationError } from '../core/api-error';
import { CrmRecords } from '../crm/records';
import type { AccountScope } from '../store';
import type { Intent } from '../store/intents';
import type { Reminder } from '../store/reminders';
import type { User } from '../store/users';
import type { Clock } from '../core/clock';
import { dueAt } from './due';

/** HubSpot's task→contact / company / deal / ticket association types (there is none between a task and an email). */
const TASK_TO = { contact: 204, company: 192, deal: 216, ticket: 230 } as const;

/**
 * Refuses a reminder that cannot work, before anything of the Apply is registered. "If not opened" needs the
 * pixel: without it no open is ever seen and the reminder would fire whatever the reader did.
 */
export function checkReminder(request: ReminderRequest | null | undefined, mode: TrackingMode): void {
  if (request?.condition === 'not_opened' && mode === 'off')
    throw validationError(
      'A reminder "if not opened" needs the email tracked, and Track is off (or not allowed for you): switch Track on, or choose "if no reply". Nothing was registered.',
    );
}

const waiting = (r: Reminder) => r.firedAt === null && r.closedAt === null;

/**
 * Sets the reminder of an applied email as the card asked (P3): a task due at the reminder's time, owned by the
 * user and associated with the email's records and recipients' contacts. Apply clicked again with the same choice
 * keeps the reminder and its due time; another choice, or none, replaces or drops it (its task is archived). A
 * reminder that already fired or closed is left as it is.
 */
export async function setReminder(
  scope: AccountScope,
  o: {
    user: User;
    intent: Intent;
    request: ReminderRequest | null | undefined;
    /** The recipients' contacts, besides the records the email is logged to. */
    contactIds: string[];
    /** Who the email is to, for the task's title. */
    to: string;
    clock: Clock;
  },
): Promise<ReminderNote | null> {
  const { request } = o;
  const existing = await scope.reminders.ofIntent(o.intent.id);
  if (existing && !waiting(existing)) return reminderNote(existing);
  if (existing && request && existing.condition === request.condition && existing.days === request.days)
    return reminderNote(existing);
  return scope.transaction(async (tx) => {
    const records = new CrmRecords(tx);
    if (existing) {
      await tx.reminders.remove(existing.id);
      await records.archive('tasks', [existing.taskId]);
    }
    if (!request) return null;
    const now = o.clock.now();
    const due = dueAt(now, request.days, request.timeZone);
    const task = await records.create('tasks', {
      properties: {
        hs_task_subject: `${request.condition === 'not_opened' ? 'Not opened' : 'No reply'}? Follow up with ${o.to}`,
        hs_task_body: `Set from Gmail at Apply: remind me in ${request.days} ${request.days === 1 ? 'day' : 'days'} ${
          request.condition === 'not_opened' ? 'if the email is not opened' : 'if there is no reply'
        }. Completed by itself when ${request.condition === 'not_opened' ? 'a person opens it' : 'a reply is logged'}.`,
        hs_timestamp: new Date(due).toISOString(),
        hs_task_status: 'NOT_STARTED',
        hs_task_type: 'EMAIL',
        hubspot_owner_id: String(o.user.id),
      },
      associations: taskAssociations(o.intent.associations, o.contactIds),
    });
    const reminder = await tx.reminders.add(
      {
        userId: o.user.id,
        intentId: o.intent.id,
        condition: request.condition,
        days: request.days,
        timeZone: request.timeZone,
        dueAt: due,
        taskId: task.id,
      },
      now,
    );
    return reminderNote(reminder);
  });
}

function taskAssociations(records: AssociationRef[], contactIds: string[]): InlineAssociation[] {
  const all = [...records, ...contactIds.map((id) => ({ type: 'contact' as const, id }))];
  return all
    .filter((a, i) => all.findIndex((b) => b.type === a.type && b.id === a.id) === i)
    .map((a) => ({
      to: { id: a.id },
      types: [{ associationCategory: 'HUBSPOT_DEFINED' as const, associationTypeId: TASK_TO[a.type] }],
    }));
}
