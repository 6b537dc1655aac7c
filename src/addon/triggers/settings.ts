import type { MeResponse } from '../../contract/addon';
import { backend } from '../backend';
import { buildSettingsCard } from '../cards/settings';
import { type AddonEvent, userLocale } from '../event';
import { failureCard } from '../failures';
import { stringsFor } from '../i18n';
import { meCache, readNeverLog, readPrefs, rememberBccDomain } from '../storage';
import { settingsView } from '../views/settings';

/** The settings card; the account part (`me`) is cached so that editing the list costs no round trip. */
export function settingsCard(e: AddonEvent, notice: string | null): GoogleAppsScript.Card_Service.Card {
  const s = stringsFor(userLocale(e));
  try {
    return buildSettingsCard(settingsView(me(), readNeverLog(), readPrefs(), notice, s));
  } catch (err) {
    return failureCard(err, 'settings', s);
  }
}

function me(): MeResponse {
  const hit = meCache.get();
  if (hit) return hit;
  const fresh = backend.me();
  rememberBccDomain(fresh.account.bccDomain);
  meCache.put(fresh);
  return fresh;
}
