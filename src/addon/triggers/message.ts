import { backend } from '../backend';
import { buildMessageCard } from '../cards/message';
import { type AddonEvent, clockOf, userLocale } from '../event';
import { failureCard } from '../failures';
import { contextRequest, openMessage } from '../gmail';
import { stringsFor } from '../i18n';
import { messageCache, readNeverLog, rememberBccDomain } from '../storage';
import { messageView } from '../views/message';
import { recordStringsFor } from '../i18n-records';
import { toolsOnOpen, withMessageTools } from '../views/record-search';


/**
 * The message card: one call to message/context. The backend also notes that the user is reading this thread,
 * so that the pixel fetch their own reading may cause is not counted as an open (T8).
 */
export function messageCard(e: AddonEvent): GoogleAppsScript.Card_Service.Card {
  const s = stringsFor(userLocale(e));
  try {
    const message = openMessage(e);
    const ctx = backend.messageContext(contextRequest(message, readNeverLog()));
    rememberBccDomain(ctx.bccDomain);
    messageCache.put(message.getId(), ctx);
    const view = messageView(ctx, s, clockOf(e));
    return buildMessageCard(withMessageTools(view, toolsOnOpen(ctx, 'message', ''), s, recordStringsFor(userLocale(e))));
  } catch (err) {
    return failureCard(err, 'message', s);
  }
}
