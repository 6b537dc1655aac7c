import { useEffect, useState } from 'preact/hooks';
import type { RecordType, Timeline as TimelineData } from '../../contract/web';
import { api } from '../api';
import { useLocation } from '../router';
import { EmailCard } from './email-card';
import { TaskList } from './task-list';
import { strings } from '../i18n';

/** V1: a record's tasks, then its logged emails, the pinned one first, newest next. */
export function Timeline({ type, id }: { type: RecordType; id: string }) {
  const [timeline, setTimeline] = useState<TimelineData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { hash } = useLocation();

  const load = () =>
    api<TimelineData>(`/records/${type}/${id}/timeline`)
      .then(setTimeline)
      .catch((err: Error) => setError(err.message));
  useEffect(() => {
    load();
  }, [type, id]);

  if (error) return <p class="error">{error}</p>;
  if (!timeline) return <p class="muted">{strings().loading}</p>;
  const tasks = <TaskList tasks={timeline.tasks ?? []} />;
  if (timeline.results.length === 0)
    return (
      <>
        {tasks}
        <p class="muted">{strings().noEmailLogged}</p>
      </>
    );
  return (
    <>
      {tasks}
      <ol class="timeline">
        {timeline.results.map((email) => (
          <li key={email.id} id={`email-${email.id}`}>
            <EmailCard
              email={email}
              record={{ type, id }}
              startExpanded={hash === `email-${email.id}`}
              onChanged={load}
            />
          </li>
        ))}
      </ol>
    </>
  );
}
