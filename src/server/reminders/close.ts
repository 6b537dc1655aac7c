import { CrmRecords } from '../crm/records';
import type { AccountScope } from '../store';
import type { ClosedReason, Reminder } from '../store/reminders';
import { closingReason } from './conditions';

/**
 * Closes a reminder without firing, once. A person's open or a reply completes the task (the follow-up is done);
 * a task the user completed or deleted stays as it is; an email never sent, or a reminder replaced, leaves nothing
 * to follow up, so the task is archived.
 */
export async function close(scope: AccountScope, r: Reminder, reason: ClosedReason, at: number): Promise<boolean> {
  return scope.transaction(async (tx) => {
    if (!(await tx.reminders.settle(r.id, { closed: reason }, at))) return false;
    const records = new CrmRecords(tx);
    if (reason === 'opened' || reason === 'replied')
      await records.update('tasks', r.taskId, { hs_task_status: 'COMPLETED' });
    else if (reason === 'not_sent' || reason === 'cancelled') await records.archive('tasks', [r.taskId]);
    return true;
  });
}

/**
 * Closes the waiting reminder of an email before its due time, when a person opened it or a reply was logged:
 * the task shows completed from then on. What else would close it (an email not sent yet) is only known at the
 * due time. Answers why it closed it, `waiting` when the reminder stays, `none` when the email has no waiting one.
 */
export async function closeIfMet(
  scope: AccountScope,
  intentId: number,
  at: number,
): Promise<ClosedReason | 'waiting' | 'none'> {
  const r = await scope.reminders.ofIntent(intentId);
  if (!r || r.firedAt !== null || r.closedAt !== null) return 'none';
  const reason = await closingReason(scope, r);
  if (reason !== 'opened' && reason !== 'replied') return 'waiting';
  // Another instance closing it first leaves none waiting all the same.
  return (await close(scope, r, reason, at)) ? reason : 'none';
}

/** After the user logged messages: closes their reminders "if no reply" waiting on those messages' threads. */
export async function closeOnReplies(
  scope: AccountScope,
  userId: number,
  messageIds: string[],
  at: number,
): Promise<void> {
  const candidates = new Set<string>();
  for (const messageId of messageIds) {
    const logged = await scope.loggedEmails.byMessageId(messageId);
    if (!logged) continue;
    candidates.add(logged.threadKey);
    for (const member of await scope.loggedEmails.thread(logged.threadKey)) candidates.add(member.messageId);
  }
  for (const messageId of candidates) {
    const intent = await scope.intents.sentAs(userId, messageId);
    if (intent) await closeIfMet(scope, intent.id, at);
  }
}
