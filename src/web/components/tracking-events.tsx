import type { EmailSummary } from '../../contract/web';
import { madeByPerson } from '../../contract/labels';
import { strings } from '../i18n';

type TrackingEvent = NonNullable<EmailSummary['tracking']>['events'][number];

/** Who made an open or click, in words: a person (through an image proxy, say) or which machine, or you. */
function madeBy(e: TrackingEvent): string {
  const s = strings();
  const label = s.labels[e.label] || e.label;
  if (e.label === 'self') return s.madeByYou;
  if (madeByPerson(e.kind, e.label)) return e.label === 'human' ? s.madeByPerson : s.madeByPersonThrough(label);
  return s.madeByMachine(label);
}

/** P4: every open and click of a tracked email, newest first, each with its time and who made it. */
export function TrackingEvents({ events }: { events: TrackingEvent[] }) {
  if (events.length === 0) return null;
  const s = strings();
  const opens = events.filter((e) => e.kind === 'open').length;
  return (
    <details class="small tracking-events" data-events={events.length}>
      <summary>{s.eventsSummary(opens, events.length - opens)}</summary>
      <ul class="plain">
        {events.map((e, i) => (
          <li key={`${e.at}-${i}`} data-label={e.label} data-kind={e.kind}>
            <time dateTime={e.at}>{new Date(e.at).toLocaleString(s.locale)}</time>{' '}
            {s.eventLine(e.kind, e.url ?? null, madeBy(e))}
            {e.uncertain && <span class="badge uncertain"> {s.uncertain}</span>}
            {(e.uncertain || !madeByPerson(e.kind, e.label)) && `: ${e.why}`}
          </li>
        ))}
      </ul>
    </details>
  );
}
