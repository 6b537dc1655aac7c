import type { TaskSummary } from '../../contract/web';

const STATUS: Record<string, string> = {
  NOT_STARTED: 'To do',
  IN_PROGRESS: 'In progress',
  WAITING: 'Waiting',
  COMPLETED: 'Completed',
  DEFERRED: 'Deferred',
};

/** A record's tasks above its emails: a follow-up reminder shows here from Apply, completed once it closed. */
export function TaskList({ tasks }: { tasks: TaskSummary[] }) {
  if (!tasks.length) return null;
  return (
    <ul class="plain tasks">
      {tasks.map((t) => (
        <li key={t.id} class={`task ${t.status.toLowerCase()}`} data-task={t.id} data-status={t.status}>
          <span class="badge">{STATUS[t.status] ?? t.status}</span> <strong>{t.subject || '(no title)'}</strong>
          {t.dueAt && <span class="muted small"> · due {new Date(t.dueAt).toLocaleString()}</span>}
          {t.body && <div class="muted small">{t.body}</div>}
        </li>
      ))}
    </ul>
  );
}
