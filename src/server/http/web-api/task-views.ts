import type { TaskView } from '../../../contract/web';
import { formatPropertyValue } from '../../../contract/property-format';
import type { AccountScope } from '../../store';
import { htmlToText } from './sanitize';

/** A timeline shows at most this many tasks of a record, the latest due first. */
const TASKS_SHOWN = 100;

/** The live tasks associated with a record, for its timeline: subject, status, due time, notes as text, owner. */
export async function tasksOf(scope: AccountScope, recordId: number): Promise<TaskView[]> {
  const links = (await scope.associations.listMany([recordId], 'tasks')).get(recordId) ?? [];
  const tasks = await scope.objects.getMany(
    'tasks',
    links.map((a) => a.toId),
  );
  const ownerIds = [
    ...new Set(tasks.map((t) => Number(t.properties.hubspot_owner_id)).filter((n) => Number.isSafeInteger(n) && n > 0)),
  ];
  const owners = new Map((await scope.users.getMany(ownerIds)).map((u) => [u.id, u.name || u.email]));
  return tasks
    .map((t) => {
      const p = t.properties;
      return {
        id: String(t.id),
        subject: p.hs_task_subject || `Task ${t.id}`,
        status: formatPropertyValue('tasks', 'hs_task_status', p, { locale: 'en-US' }) || 'Not started',
        completed: p.hs_task_status === 'COMPLETED',
        at: p.hs_timestamp || new Date(t.createdAt).toISOString(),
        body: p.hs_task_body ? htmlToText(p.hs_task_body).slice(0, 2000) : '',
        owner: owners.get(Number(p.hubspot_owner_id)) ?? null,
      };
    })
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, TASKS_SHOWN);
}
