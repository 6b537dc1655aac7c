import type { FeedItem } from '../../contract/web';
import { LABELS, Machines } from '../components/machines';
import { madeByPerson } from '../../contract/labels';
import { describe, useLiveFeed } from '../components/live-feed';
import { PersonalAddress } from '../components/logging-addresses';
import { PushButton } from '../components/push-button';
import { BASE, linkProps } from '../router';

/** T3: sent, opened, clicked and logged, newest first, live. */
export function FeedPage() {
  const { items, live, error, next, loadMore } = useLiveFeed();
  return (
    <div>
      <h1>Activity</h1>
      <PushButton />
      <p class={`live ${live ? 'on' : 'off'}`} data-live={live ? 'on' : 'off'}>
        {live ? '● Live' : '○ Connecting…'}
      </p>
      {error && <p class="error">{error}</p>}
      {items.length === 0 && !error && (
        <p class="muted">Nothing yet. Send a tracked email from Gmail and its opens and clicks show up here.</p>
      )}
      <ol class="feed">
        {items.map((item) => (
          <FeedRow key={item.id} item={item} />
        ))}
      </ol>
      {next && <button onClick={loadMore}>Show older</button>}
      <PersonalAddress />
    </div>
  );
}

/** Feed links are absolute (the add-on needs them so); inside the app they become app paths. */
function inApp(url: string): string {
  const path = new URL(url, location.href).pathname;
  return path.startsWith(BASE) ? path.slice(BASE.length) : path;
}

function FeedRow({ item }: { item: FeedItem }) {
  const event = item.kind === 'opened' ? 'open' : item.kind === 'clicked' ? 'click' : null;
  const byPerson = event !== null && item.label !== null && madeByPerson(event, item.label);
  const machine = event !== null && item.label !== null && !byPerson;
  return (
    <li
      class={`feed-item ${item.kind}${machine ? ' machine' : ''}`}
      data-kind={item.kind}
      data-label={item.label ?? ''}
    >
      <span class={`kind ${item.kind}`}>{item.kind.replace('_', ' ')}</span>
      <span class="what">
        {item.emailUrl ? <a {...linkProps(inApp(item.emailUrl))}>{describe(item)}</a> : describe(item)}
        {machine && item.label && <span class="badge machine"> machine: {LABELS[item.label] ?? item.label}</span>}
        {item.label === 'proxy' && byPerson && <span class="badge"> via an image proxy</span>}
        {item.uncertain && <span class="badge uncertain"> uncertain</span>}
        {item.anonymous && <span class="badge"> one of several recipients</span>}
        <Reader item={item} />
        {item.reason && <div class="muted small">{item.reason}</div>}
        {item.why && (item.uncertain || item.label !== 'human') && <div class="muted small why">{item.why}</div>}
        {item.kind === 'opened' && item.opens.length > 1 && (
          <details class="small">
            <summary>{item.opens.length} opens</summary>
            <ul class="plain">
              {item.opens.map((at) => (
                <li key={at}>{new Date(at).toLocaleString()}</li>
              ))}
            </ul>
          </details>
        )}
        <Machines events={item.machines} count={item.machineCount} />
      </span>
      <time dateTime={item.at}>{new Date(item.at).toLocaleString()}</time>
    </li>
  );
}

/** Who the email is attributed to: a link to their contact page (their recent history), or that they are not one. */
function Reader({ item }: { item: FeedItem }) {
  const reader = item.contact;
  if (!reader) return null;
  if (reader.id === null) return <span class="badge reader"> not a contact</span>;
  return (
    <a class="badge reader" {...linkProps(`/contacts/${encodeURIComponent(reader.id)}`)}>
      {reader.name || reader.email}
    </a>
  );
}
