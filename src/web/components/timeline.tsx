import { useEffect, useState } from 'preact/hooks';
import type { EmailSummary, RecordType, Timeline as TimelineData, TrackedSend } from '../../contract/web';
import { api } from '../api';
import { useLocation } from '../router';
import { EmailCard } from './email-card';
import { Machines } from './machines';
import { TrackingEvents } from './tracking-events';

type Entry = { kind: 'email'; email: EmailSummary } | { kind: 'tracked'; send: TrackedSend };

/** The logged emails in the server's order (the pinned one first), with the tracked-only sends by time among them. */
function entries(t: TimelineData): Entry[] {
  const out: Entry[] = [];
  const tracked = [...t.tracked];
  for (const email of t.results) {
    while (!email.pinned && tracked.length && tracked[0].at > email.at)
      out.push({ kind: 'tracked', send: tracked.shift()! });
    out.push({ kind: 'email', email });
  }
  return [...out, ...tracked.map((send) => ({ kind: 'tracked' as const, send }))];
}

/** V1: a record's logged emails, the pinned one first, newest next; on a contact, also its tracked emails (P4). */
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
  if (!timeline) return <p class="muted">Loading…</p>;
  if (timeline.results.length === 0 && timeline.tracked.length === 0)
    return <p class="muted">No email is logged on this record yet.</p>;
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
        ) : (
          <li key={`tracked-${entry.send.intentId}`}>
            <TrackedSendCard send={entry.send} />
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
