import type { AssociationRef } from '../../contract/addon';
import { normaliseAddress } from '../../contract/addresses';
import { backend } from '../backend';
import { buildMessageCard } from '../cards/message';
import { notify, replaceCard } from '../cards/responses';
import { type AddonEvent, clockOf, formValues, userLocale } from '../event';
import { failureNotice } from '../failures';
import { openMessage, readForLogging } from '../gmail';
import { stringsFor } from '../i18n';
import { messageCache, readNeverLog } from '../storage';
import { parseChoiceValue } from '../views/compose';
import { afterLogging, loggedNotice, messageView } from '../views/message';
import { FIELD } from '../views/names';

export function logMessage(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  return log(e, false);
}

export function logThread(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  return log(e, true);
}

/** Reads the message (and its thread) with the current-message token and posts it once. */
function log(e: AddonEvent, wholeThread: boolean): GoogleAppsScript.Card_Service.ActionResponse {
  const s = stringsFor(userLocale(e));
  try {
    const current = openMessage(e);
    const others = wholeThread ? current.getThread().getMessages().filter((m) => m.getId() !== current.getId()) : [];
    const [message, ...threadMessages] = readForLogging([current, ...others]);
    const result = backend.logMessages({
      message,
      ...(wholeThread ? { threadMessages } : {}),
      associations: formValues(e, FIELD.associations)
        .map(parseChoiceValue)
        .filter((a): a is AssociationRef => a !== null),
      createContacts: formValues(e, FIELD.createContacts).map(normaliseAddress),
      neverLog: readNeverLog(),
    });
    const notice = loggedNotice(result, s);
    const ctx = messageCache.get(current.getId());
    if (!ctx) return notify(notice);
    const next = afterLogging(ctx, result);
    messageCache.put(current.getId(), next);
    return replaceCard(buildMessageCard(messageView(next, s, clockOf(e))), notice);
  } catch (err) {
    return failureNotice(err, s);
  }
}
