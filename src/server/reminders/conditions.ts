import type { AccountScope } from '../store';
import type { ClosedReason, Reminder } from '../store/reminders';

/**
 * Why a due reminder should close instead of firing, or null to fire it, read from what the database holds when it
 * comes due; so the labels decided since (a machine fetch is never a person's open) and a restart in between
 * change nothing. A person's open is one labelled human or proxy and not uncertain: an open seconds after the send
 * may be the sender's own Sent view (docs/labels.md), and a reminder too many is better than a follow-up missed.
 */
export async function closingReason(scope: AccountScope, r: Reminder): Promise<ClosedReason | null> {
  const intent = await scope.intents.byId(r.intentId);
  if (!intent || intent.revokedAt !== null) return 'cancelled';
  const task = await scope.objects.get('tasks', r.taskId);
  if (!task || task.properties.hs_task_status === 'COMPLETED') return 'task_done';
  if (intent.sentAt === null || intent.messageId === null) return 'not_sent';
  if (r.condition === 'not_opened') {
    const opens = (await scope.tracking.personOpens([intent.id], 100)).get(intent.id) ?? [];
    return opens.some((o) => !o.uncertain) ? 'opened' : null;
  }
  return (await replyLogged(scope, intent.messageId)) ? 'replied' : null;
}

/**
 * Whether an email someone else sent is logged in the thread of the user's email: the thread its logged copy is
 * filed under, or, when it was not logged, the thread it starts (a reply's References begin with it).
 */
async function replyLogged(scope: AccountScope, messageId: string): Promise<boolean> {
  const own = await scope.loggedEmails.byMessageId(messageId);
  const keys = [...new Set([own?.threadKey ?? messageId, messageId])];
  const members = (await Promise.all(keys.map((k) => scope.loggedEmails.thread(k))))
    .flat()
    .filter((m) => m.messageId !== messageId);
  if (!members.length) return false;
  const emails = await scope.objects.getMany(
    'emails',
    members.map((m) => m.emailId),
  );
  return emails.some((e) => e.properties.hs_email_direction === 'INCOMING_EMAIL');
}
