import { backend } from '../backend';
import { buildHomeCard } from '../cards/home';
import { type AddonEvent, clockOf, userLocale } from '../event';
import { failureCard } from '../failures';
import { stringsFor } from '../i18n';
import { homeView } from '../views/home';

/** The activity feed, one page per call; `after` is the backend's paging cursor. */
export function homeCard(e: AddonEvent, after: string): GoogleAppsScript.Card_Service.Card {
  const s = stringsFor(userLocale(e));
  try {
    return buildHomeCard(homeView(backend.feed(after), after, s, clockOf(e)));
  } catch (err) {
    return failureCard(err, 'home', s);
  }
}
