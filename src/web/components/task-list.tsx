import type { TaskSummary } from '../../contract/web';
import { strings } from '../i18n';

/** A record's tasks above its emails: a follow-up reminder shows here from Apply, completed once it closed. */
export function TaskList({ tasks }: { tasks: TaskSummary[] }) {
  if (!tasks.length) return null;
  const s = strings();
  return (
    <ul class="plain tasks">
      {tasks.map((t) => (
        <li key={t.id} class={`task ${t.status.toLowerCase()}`} data-task={t.id} data-status={t.status}>
          <span class="badge">{s.taskStatus[t.status] ?? t.status}</span> <strong>{t.subject || s.noTaskTitle}</strong>
          {t.dueAt && <span class="muted small"> · {s.taskDue(new Date(t.dueAt).toLocaleString(s.locale))}</span>}
          {t.body && <div class="muted small">{t.body}</div>}
        </li>
      ))}
    </ul>
  );
}
