import type { AssociationRef, LogMessageResponse } from '../../contract/addon';
import { normaliseAddress } from '../../contract/addresses';
import { backend } from '../backend';
import { buildMessageCard } from '../cards/message';
import { notify, replaceCard } from '../cards/responses';
import { type AddonEvent, clockOf, formValues, param, userLocale } from '../event';
import { failureNotice } from '../failures';
import { messageIdOf, nextChunk, openMessage, readForLogging } from '../gmail';
import { stringsFor } from '../i18n';
import { messageCache, readNeverLog } from '../storage';
import { parseChoiceValue } from '../views/compose';
import { afterLogging, createdIn, loggedNotice, messageView, PROGRESS, type ThreadProgress } from '../views/message';
import { FIELD } from '../views/names';
import { recordStringsFor } from '../i18n-records';
import { RECORD_FIELD } from '../views/record-fields';
import { toolsOnOpen, withMessageTools } from '../views/record-search';

export function logMessage(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  return log(e, false);
}

/** The whole thread, a chunk per click: the card says "Logged 20 of 100" and Continue logs the next chunk. */
export function logThread(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  return log(e, true);
}

/** Reads the message (or the next chunk of its thread) with the current-message token and posts it once. */
function log(e: AddonEvent, wholeThread: boolean): GoogleAppsScript.Card_Service.ActionResponse {
  const s = stringsFor(userLocale(e));
  try {
    const current = openMessage(e);
    // The open message first, so the first chunk already shows it logged; then the thread in its order.
    const all = wholeThread ? [current, ...current.getThread().getMessages().filter((m) => m.getId() !== current.getId())] : [current];
    const from = Math.max(0, Number(param(e, PROGRESS.from)) || 0);
    const chunk = wholeThread ? nextChunk(all, from) : all;
    if (!chunk.length) return notify(s.loggedThread(Number(param(e, PROGRESS.created)) || 0));
    const [message, ...threadMessages] = readForLogging(chunk);
    const result = backend.logMessages({
      message,
      ...(wholeThread ? { threadMessages } : {}),
      associations: [...formValues(e, FIELD.associations), ...formValues(e, RECORD_FIELD.found)]
        .map(parseChoiceValue)
        .filter((a): a is AssociationRef => a !== null),
      createContacts: formValues(e, FIELD.createContacts).map(normaliseAddress),
      neverLog: readNeverLog(),
    });
    const earlier = Number(param(e, PROGRESS.created)) || 0;
    const progress: ThreadProgress | undefined = wholeThread
      ? { done: from + chunk.length, total: all.length, created: earlier + createdIn(result) }
      : undefined;
    const notice = loggedNotice(result, s, progress && all.length > chunk.length ? { progress, earlier } : undefined);
    const ctx = messageCache.get(current.getId());
    if (!ctx) return notify(notice);
    const open = loggedOpenMessage(result, messageIdOf(current));
    const next = open ? afterLogging(ctx, open) : ctx;
    messageCache.put(current.getId(), next);
    const view = withMessageTools(messageView(next, s, clockOf(e), progress), toolsOnOpen(next, 'message', ''), s, recordStringsFor(userLocale(e)));
    return replaceCard(buildMessageCard(view), notice);
  } catch (err) {
    return failureNotice(err, s);
  }
}

/** The open message's entry in a Log answer, when this request logged it. */
function loggedOpenMessage(result: LogMessageResponse, messageId: string): { emailId: string; url: string } | undefined {
  return [result, ...result.thread].find((m) => m.messageId === messageId);
}
