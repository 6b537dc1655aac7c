import type { EmailSummary } from '../../contract/web';
import { madeByPerson } from '../../contract/labels';
import { LABELS } from './machines';

type TrackingEvent = NonNullable<EmailSummary['tracking']>['events'][number];

/** Who made an open or click, in words: a person (through an image proxy, say) or which machine, or you. */
function madeBy(e: TrackingEvent): string {
  if (e.label === 'self') return 'you';
  if (madeByPerson(e.kind, e.label))
    return e.label === 'human' ? 'a person' : `a person, through the ${LABELS[e.label] || e.label}`;
  return `a machine: ${LABELS[e.label] || e.label}`;
}

/** P4: every open and click of a tracked email, newest first, each with its time and who made it. */
export function TrackingEvents({ events }: { events: TrackingEvent[] }) {
  if (events.length === 0) return null;
  const opens = events.filter((e) => e.kind === 'open').length;
  const clicks = events.length - opens;
  return (
    <details class="small tracking-events" data-events={events.length}>
      <summary>
        Every open and click ({opens} {opens === 1 ? 'open' : 'opens'}
        {clicks > 0 && `, ${clicks} ${clicks === 1 ? 'click' : 'clicks'}`})
      </summary>
      <ul class="plain">
        {events.map((e, i) => (
          <li key={`${e.at}-${i}`} data-label={e.label} data-kind={e.kind}>
            <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time> {e.kind === 'open' ? 'opened' : 'clicked'}
            {e.url && ` ${e.url}`} by {madeBy(e)}
            {e.uncertain && <span class="badge uncertain"> uncertain</span>}
            {(e.uncertain || !madeByPerson(e.kind, e.label)) && `: ${e.why}`}
          </li>
        ))}
      </ul>
    </details>
  );
}
