import type { ComposeContextResponse } from '../../contract/addon';
import { backend } from '../backend';
import { buildComposeCard } from '../cards/compose';
import { type AddonEvent, draftRecipients, userLocale } from '../event';
import { failureCard } from '../failures';
import { stringsFor } from '../i18n';
import { recordStringsFor } from '../i18n-records';
import { toolsOnOpen, withComposeTools } from '../views/record-search';

import { composeCache, composeCardCache, readBccDomain, readNeverLog, readPrefs, rememberBccDomain } from '../storage';
import { composeCacheKey } from '../views/cache-key';
import { composeView } from '../views/compose';
import { splitBcc } from '../views/draft';

/** The compose card: one call to compose/context, none when the same draft was opened a moment ago. */
export function composeCard(e: AddonEvent): GoogleAppsScript.Card_Service.Card {
  const s = stringsFor(userLocale(e));
  try {
    // A fresh key per rendered card: Apply retried from this card finds the intent it created.
    const draftKey = Utilities.getUuid().replace(/-/g, '');
    const ctx = composeContext(e);
    composeCardCache.put(draftKey, ctx);
    return buildComposeCard(withComposeTools(composeView(ctx, readPrefs(), draftKey, s), toolsOnOpen(ctx, 'compose', draftKey), s, recordStringsFor(userLocale(e))));
  } catch (err) {
    return failureCard(err, 'compose', s);
  }
}

/** The compose context of the draft: from the cache when the same draft was read a moment ago, else one call. */
export function composeContext(e: AddonEvent): ComposeContextResponse {
  const recipients = draftRecipients(e);
  const neverLog = readNeverLog();
  const hit = composeCache.get(composeCacheKey(recipients, neverLog, readBccDomain()));
  if (hit) return hit;
  const others = splitBcc(recipients.bcc, readBccDomain()).others;
  const ctx = backend.composeContext({ to: recipients.to, cc: recipients.cc, bcc: others, neverLog });
  rememberBccDomain(ctx.bccDomain);
  composeCache.put(composeCacheKey(recipients, neverLog, ctx.bccDomain), ctx);
  return ctx;
}

/** After Apply, or on Refresh, the next card asks the backend again. */
export function forgetComposeContext(e: AddonEvent): void {
  composeCache.remove(composeCacheKey(draftRecipients(e), readNeverLog(), readBccDomain()));
}
