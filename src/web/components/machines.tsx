import type { FoldedEvent } from '../../contract/addon';

/** What a label says, as the web app shows it. */
export const LABELS: Record<string, string> = {
  human: '',
  proxy: 'image proxy',
  apple_mpp: 'Apple Mail privacy prefetch',
  prefetch: 'prefetch',
  scanner: 'link scanner',
  self: 'you',
};

/**
 * Machines visible, never loud: the fetches and clicks no person made (or may not have made) folded under their
 * email, each with why in words ("2 machine fetches, why").
 */
export function Machines({ events, count }: { events: readonly FoldedEvent[]; count: number }) {
  if (count === 0) return null;
  // The sender's own views are folded here too: say them apart from the machines.
  const yours = events.filter((e) => e.label === 'self').length;
  const machines = count - yours;
  const parts = [
    machines > 0 && `${machines} machine ${machines === 1 ? 'fetch' : 'fetches'}`,
    yours > 0 && `${yours} of your own`,
  ].filter(Boolean);
  return (
    <details class="small machines" data-machines={count}>
      <summary>{parts.join(' and ')}, why</summary>
      <ul class="plain">
        {events.map((e) => (
          <li key={`${e.at}-${e.kind}-${e.label}`} data-label={e.label}>
            <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time> {e.kind === 'open' ? 'opened' : 'clicked'} by{' '}
            {LABELS[e.label] || 'a person'}
            {e.uncertain && <span class="badge uncertain"> uncertain</span>}: {e.why}
          </li>
        ))}
        {count > events.length && <li class="muted">… and {count - events.length} more</li>}
      </ul>
    </details>
  );
}
