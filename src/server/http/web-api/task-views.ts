import type { TaskSummary } from '../../../contract/web';
import type { AccountScope } from '../../store';

const SHOWN = 50;

/** A record's tasks for its timeline, open ones first, then by due time, newest first. */
export async function tasksOf(scope: AccountScope, recordId: number): Promise<TaskSummary[]> {
  const ids = ((await scope.associations.listMany([recordId], 'tasks')).get(recordId) ?? []).map((a) => a.toId);
  const tasks = await scope.objects.getMany('tasks', [...new Set(ids)]);
  const due = (t: (typeof tasks)[number]) => Date.parse(t.properties.hs_timestamp ?? '') || 0;
  const done = (t: (typeof tasks)[number]) => t.properties.hs_task_status === 'COMPLETED';
  return tasks
    .sort((a, b) => Number(done(a)) - Number(done(b)) || due(b) - due(a) || b.id - a.id)
    .slice(0, SHOWN)
    .map((t) => ({
      id: String(t.id),
      subject: t.properties.hs_task_subject ?? '',
      body: t.properties.hs_task_body ?? '',
      status: t.properties.hs_task_status ?? 'NOT_STARTED',
      dueAt: t.properties.hs_timestamp ?? null,
    }));
}
