import type { FeedItem } from '../../contract/web';
import { Machines } from '../components/machines';
import { madeByPerson } from '../../contract/labels';
import { describe, useLiveFeed } from '../components/live-feed';
import { PersonalAddress } from '../components/logging-addresses';
import { PushButton } from '../components/push-button';
import { BASE, linkProps } from '../router';
import { when } from '../format';
import { strings } from '../i18n';

/** T3: sent, opened, clicked and logged, newest first, live. */
export function FeedPage() {
  const { items, live, error, next, loadMore } = useLiveFeed();
  const s = strings();
  return (
    <div>
      <h1>{s.activityTitle}</h1>
      <PushButton />
      <p class={`live ${live ? 'on' : 'off'}`} data-live={live ? 'on' : 'off'}>
        {live ? s.live : s.connecting}
      </p>
      {error && <p class="error">{error}</p>}
      {items.length === 0 && !error && <p class="muted">{s.feedEmpty}</p>}
      <ol class="feed">
        {items.map((item) => (
          <FeedRow key={item.id} item={item} />
        ))}
      </ol>
      {next && <button onClick={loadMore}>{s.showOlder}</button>}
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
  const s = strings();
  return (
    <li
      class={`feed-item ${item.kind}${machine ? ' machine' : ''}`}
      data-kind={item.kind}
      data-label={item.label ?? ''}
    >
      <span class={`kind ${item.kind}`}>{s.kind[item.kind]}</span>
      <span class="what">
        {item.emailUrl ? <a {...linkProps(inApp(item.emailUrl))}>{describe(item)}</a> : describe(item)}
        {machine && item.label && (
          <span class="badge machine"> {s.machineBadge(s.labels[item.label] ?? item.label)}</span>
        )}
        {item.label === 'proxy' && byPerson && <span class="badge"> {s.viaProxy}</span>}
        {item.uncertain && <span class="badge uncertain"> {s.uncertain}</span>}
        {item.anonymous && <span class="badge"> {s.oneOfSeveral}</span>}
        <Reader item={item} />
        {item.reason && <div class="muted small">{item.reason}</div>}
        {item.why && (item.uncertain || item.label !== 'human') && <div class="muted small why">{item.why}</div>}
        {item.kind === 'opened' && item.opens.length > 1 && (
          <details class="small">
            <summary>{s.opensCount(item.opens.length)}</summary>
            <ul class="plain">
              {item.opens.map((at) => (
                <li key={at}>{when(at)}</li>
              ))}
            </ul>
          </details>
        )}
        <Machines events={item.machines} count={item.machineCount} />
      </span>
      <time dateTime={item.at}>{when(item.at)}</time>
    </li>
  );
}

/** Who the email is attributed to: a link to their contact page (their recent history), or that they are not one. */
function Reader({ item }: { item: FeedItem }) {
  const reader = item.contact;
  if (!reader) return null;
  if (reader.id === null) return <span class="badge reader"> {strings().notAContact}</span>;
  return (
    <a class="badge reader" {...linkProps(`/contacts/${encodeURIComponent(reader.id)}`)}>
      {reader.name || reader.email}
    </a>
  );
}
