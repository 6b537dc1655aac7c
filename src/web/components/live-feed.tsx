import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { Feed, FeedItem, SessionUser } from '../../contract/web';
import { api } from '../api';
import { toast } from './toasts';
import { strings } from '../i18n';

export const FEED_STREAM = '/web/v1/feed/stream';

type LiveFeed = {
  items: FeedItem[];
  live: boolean;
  error: string | null;
  next: string | null;
  loadMore: () => Promise<void>;
};
const Context = createContext<LiveFeed>({ items: [], live: false, error: null, next: null, loadMore: async () => {} });

export function useLiveFeed(): LiveFeed {
  return useContext(Context);
}

/**
 * The server streams only what should notify (a person's open or click, a follow-up reminder come due); anything
 * else on the stream is news only.
 */
export function notifies(item: FeedItem): boolean {
  return item.kind === 'opened' || item.kind === 'clicked' || item.kind === 'reminder';
}

export function describe(item: FeedItem): string {
  const s = strings();
  const who = item.anonymous ? s.someone : item.contact?.name || item.contact?.email || s.someone;
  const subject = item.subject ?? s.noSubject;
  switch (item.kind) {
    case 'opened':
      return s.openedItem(who, subject);
    case 'clicked':
      return s.clickedItem(who, subject);
    case 'sent':
      return s.sentItem(subject, item.contact ? item.contact.name || item.contact.email : null);
    case 'logged':
      return s.loggedItem(subject);
    case 'not_logged':
      return s.notLoggedItem(subject);
    case 'reminder':
      return s.reminderItem(
        subject,
        item.contact ? item.contact.name || item.contact.email : null,
        item.reminder?.days ?? 0,
        item.reminder?.condition === 'no_reply',
      );
  }
}

/** One SSE connection per signed-in tab: the feed page and the notifications both read from it. */
export function LiveFeedProvider({ user, children }: { user: SessionUser; children: ComponentChildren }) {
  const [items, setItems] = useState<FeedItem[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let source: EventSource | null = null;
    let closed = false;
    api<Feed>('/feed')
      .then((feed) => {
        if (closed) return;
        setItems(feed.results);
        setNext(feed.next);
        // EventSource resumes by itself with Last-Event-ID after a drop; the server replays what was missed.
        source = new EventSource(FEED_STREAM);
        source.onopen = () => {
          setLive(true);
          setError(null);
        };
        source.onerror = () => setLive(false);
        // The server could not replay everything missed while disconnected: read the feed again.
        source.addEventListener('resync', () => {
          api<Feed>('/feed')
            .then((feed) => {
              setItems(feed.results);
              setNext(feed.next);
            })
            .catch((err: Error) => setError(err.message));
        });
        source.addEventListener('feed', (e) => {
          const item = JSON.parse((e as MessageEvent<string>).data) as FeedItem;
          setItems((prev) =>
            prev.some((p) => p.id === item.id) ? prev.map((p) => (p.id === item.id ? item : p)) : [item, ...prev],
          );
          if (notifies(item)) notify(item);
        });
      })
      .catch((err: Error) => setError(err.message));
    return () => {
      closed = true;
      source?.close();
    };
  }, [user.id]);

  const loadMore = async () => {
    if (!next) return;
    const feed = await api<Feed>(`/feed?after=${encodeURIComponent(next)}`);
    setItems((prev) => [...prev, ...feed.results.filter((r) => !prev.some((p) => p.id === r.id))]);
    setNext(feed.next);
  };

  return <Context.Provider value={{ items, live, error, next, loadMore }}>{children}</Context.Provider>;
}

function notify(item: FeedItem): void {
  const text = describe(item);
  toast(text);
  // While the app is open the page itself shows the desktop notification; when it is closed, Web Push does.
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
    const n = new Notification('mailtrail', { body: text, tag: `feed-${item.id}` });
    n.onclick = () => {
      window.focus();
      if (item.emailUrl) location.href = item.emailUrl;
    };
  }
}
