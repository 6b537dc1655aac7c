import { useEffect, useState } from 'preact/hooks';
import type { EmailSummary, RecordType, TaskView, Timeline as TimelineData, TrackedSend } from '../../contract/web';
import { api } from '../api';
import { useLocation } from '../router';
import { EmailCard } from './email-card';
import { strings } from '../i18n';
import { Machines } from './machines';
import { TrackingEvents } from './tracking-events';

type Other = { kind: 'tracked'; at: string; send: TrackedSend } | { kind: 'task'; at: string; task: TaskView };
type Entry = { kind: 'email'; email: EmailSummary } | Other;

/** The logged emails in the server's order (the pinned one first), with tracked-only sends and tasks by time among them. */
function entries(t: TimelineData): Entry[] {
  const out: Entry[] = [];
  const others: Other[] = [
    ...t.tracked.map((send) => ({ kind: 'tracked' as const, at: send.at, send })),
    ...t.tasks.map((task) => ({ kind: 'task' as const, at: task.at, task })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  for (const email of t.results) {
    while (!email.pinned && others.length && others[0].at > email.at) out.push(others.shift()!);
    out.push({ kind: 'email', email });
  }
  return [...out, ...others];
}

/** V1: a record's logged emails, the pinned one first, newest next, with its tasks; on a contact, its tracked emails (P4). */
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
  if (timeline.results.length === 0 && timeline.tracked.length === 0 && timeline.tasks.length === 0)
    return <p class="muted">{strings().noEmailLogged}</p>;
  return (
    <ol class="timeline">
      {entries(timeline).map((entry) =>
        entry.kind === 'email' ? (
          <li key={entry.email.id} id={`email-${entry.email.id}`}>
            <EmailCard
              email={entry.email}
              record={{ type, id }}
              startExpanded={hash === `email-${entry.email.id}`}
              onChanged={load}
            />
          </li>
        ) : entry.kind === 'tracked' ? (
          <li key={`tracked-${entry.send.intentId}`}>
            <TrackedSendCard send={entry.send} />
          </li>
        ) : (
          <li key={`task-${entry.task.id}`}>
            <TaskCard task={entry.task} />
          </li>
        ),
      )}
    </ol>
  );
}

/** P4: a tracked email sent to this contact alone and not logged to it: its opens and clicks, not its content. */
function TrackedSendCard({ send }: { send: TrackedSend }) {
  const t = send.tracking;
  return (
    <article class="email-card tracked-only" data-intent-id={send.intentId}>
      <header class="email-head">
        <span class="direction">Tracked, not logged</span>
        <h3 class="subject">{send.subject || '(no subject)'}</h3>
        <time dateTime={send.at}>{new Date(send.at).toLocaleString()}</time>
      </header>
      <div class="email-parties">
        <span>Sent to {send.to}</span>
      </div>
      <div class="tracking muted">
        {t.humanOpens > 0 ? `Opened ${t.humanOpens}×` : 'Not opened yet'}
        {t.clicks > 0 && ` · ${t.clicks} click(s)`}
        <Machines events={t.machines} count={t.machines.length} />
        <TrackingEvents events={t.events} />
      </div>
    </article>
  );
}

/** A task on the record: its title, status, due time, owner and notes. */
function TaskCard({ task }: { task: TaskView }) {
  return (
    <article class={`email-card task${task.completed ? ' completed' : ''}`} data-task-id={task.id}>
      <header class="email-head">
        <span class="direction">Task</span>
        <h3 class="subject">{task.subject}</h3>
        <time dateTime={task.at}>Due {new Date(task.at).toLocaleString()}</time>
      </header>
      <div class="email-parties muted">
        {task.status}
        {task.owner && ` · ${task.owner}`}
      </div>
      {task.body && <p class="snippet">{task.body}</p>}
    </article>
  );
}
