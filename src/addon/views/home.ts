import type { FeedItem, FeedKind, FeedResponse } from '../../contract/feed';
import type { Strings } from '../i18n';
import type { ActionButton } from './compose';
import { madeByPerson } from '../../contract/labels';
import { formatWhen, joinParts } from './format';
import { type Clock, labelText } from './message';
import { ACTION } from './names';

export type FeedRow = { label: string; text: string; details: string | null; url: string | null };

export type HomeView = {
  title: string;
  empty: string | null;
  people: FeedRow[];
  machines: { title: string; rows: FeedRow[] } | null;
  live: { text: string; url: string };
  older: ActionButton | null;
  latest: ActionButton | null;
};

/** Past this many open times a row says "…": the full list is one click away in the web app. */
const OPEN_TIMES_SHOWN = 5;

const KIND_LABEL: { [K in FeedKind]: (s: Strings) => string } = {
  sent: (s) => s.kindSent,
  opened: (s) => s.kindOpened,
  clicked: (s) => s.kindClicked,
  logged: (s) => s.kindLogged,
  not_logged: (s) => s.kindNotLogged,
  reminder: (s) => s.kindReminder,
};

export function feedRow(item: FeedItem, s: Strings, clock: Clock): FeedRow {
  const when = (iso: string) => formatWhen(iso, clock.locale, clock.timeZone);
  const who = item.anonymous ? s.someone : item.contact ? item.contact.name || item.contact.email : null;
  const machine = item.label && item.label !== 'human' ? s.by(labelText(item.label, s)) : null;
  const opens =
    item.kind === 'opened' && item.opens.length > 1
      ? s.opens(
          item.opens.length,
          item.opens.slice(0, OPEN_TIMES_SHOWN).map(when).join(', ') + (item.opens.length > OPEN_TIMES_SHOWN ? ', …' : ''),
        )
      : null;
  return {
    label: joinParts([KIND_LABEL[item.kind](s), machine, item.uncertain ? s.uncertain : null]) ?? KIND_LABEL[item.kind](s),
    text: joinParts([who, item.subject || s.noSubject]) ?? s.noSubject,
    // Machines visible, never loud: how many fetched the email, folded into its row (the web app lists them, why).
    details: joinParts([
      when(item.at),
      opens,
      item.kind === 'clicked' ? item.url : null,
      item.reason,
      item.reminder ? s.reminderDue(item.reminder.days, item.reminder.condition === 'no_reply') : null,
      item.machineCount ? s.machineFetches(item.machineCount) : null,
    ]),
    url: item.emailUrl,
  };
}

/** An open or click that no person made (T9); sent, logged and not-logged items are always the user's own. */
function isMachineItem(item: FeedItem): boolean {
  if (!item.label || (item.kind !== 'opened' && item.kind !== 'clicked')) return false;
  return !madeByPerson(item.kind === 'opened' ? 'open' : 'click', item.label);
}

export function homeView(feed: FeedResponse, after: string, s: Strings, clock: Clock): HomeView {
  const people = feed.items.filter((i) => !isMachineItem(i));
  const machines = feed.items.filter(isMachineItem);
  return {
    title: s.homeTitle,
    empty: feed.items.length === 0 && !after ? s.feedEmpty : null,
    people: people.map((i) => feedRow(i, s, clock)),
    machines: machines.length ? { title: s.machineEvents, rows: machines.map((i) => feedRow(i, s, clock)) } : null,
    live: { text: s.liveNotifications, url: feed.webAppUrl },
    older: feed.paging ? { text: s.older, action: ACTION.feedPage, parameters: { after: feed.paging.next.after } } : null,
    latest: after ? { text: s.latest, action: ACTION.feedPage, parameters: { after: '' } } : null,
  };
}
