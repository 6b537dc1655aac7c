import type { FoldedEvent } from '../../contract/feed';
import { when } from '../format';
import { strings } from '../i18n';

/**
 * Machines visible, never loud: the fetches and clicks no person made (or may not have made) folded under their
 * email, each with why in words ("2 machine fetches, why").
 */
export function Machines({ events, count }: { events: readonly FoldedEvent[]; count: number }) {
  if (count === 0) return null;
  const s = strings();
  // The sender's own views are folded here too: say them apart from the machines.
  const yours = events.filter((e) => e.label === 'self').length;
  const machines = count - yours;
  const parts = [machines > 0 && s.machineFetches(machines), yours > 0 && s.yourOwn(yours)].filter(Boolean);
  return (
    <details class="small machines" data-machines={count}>
      <summary>
        {parts.join(s.and)}
        {s.why}
      </summary>
      <ul class="plain">
        {events.map((e) => (
          <li key={`${e.at}-${e.kind}-${e.label}`} data-label={e.label}>
            <time dateTime={e.at}>{when(e.at)}</time> {e.kind === 'open' ? s.openedBy : s.clickedBy}{' '}
            {s.labels[e.label] || s.aPerson}
            {e.uncertain && <span class="badge uncertain"> {s.uncertain}</span>}: {e.why}
          </li>
        ))}
        {count > events.length && <li class="muted">{s.andMore(count - events.length)}</li>}
      </ul>
    </details>
  );
}
