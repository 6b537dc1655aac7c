import type { ComposeContextResponse, MessageContextResponse, PickerItem } from '../../contract/addon';
import { RECORD_QUERY_MAX } from '../../contract/addon-records';
import { backend } from '../backend';
import { buildComposeCard } from '../cards/compose';
import { buildMessageCard } from '../cards/message';
import { notify, replaceCard } from '../cards/responses';
import { type AddonEvent, clockOf, formMap, formValue, param, userLocale } from '../event';
import { failureNotice } from '../failures';
import { contextRequest, openMessage } from '../gmail';
import { stringsFor } from '../i18n';
import { recordStringsFor } from '../i18n-records';
import { composeCardCache, messageCache, readNeverLog, readPrefs } from '../storage';
import { composeContext } from '../triggers/compose';
import { composeView } from '../views/compose';
import { messageView } from '../views/message';
import { RECORD_FIELD, RECORD_PARAM } from '../views/record-fields';
import {
  type CardRecords,
  keepTicked,
  readCardRecords,
  type RecordToolsInput,
  withComposeTools,
  withMessageTools,
} from '../views/record-search';

type Response = GoogleAppsScript.Card_Service.ActionResponse;

// P1 on the compose and message cards: each action makes one call (search, or create) and re-renders the card it
// came from out of the context that card was built from, cached under its draft key or Gmail message id.

type CardContext =
  | { card: 'compose'; draftKey: string; ctx: ComposeContextResponse }
  | { card: 'message'; messageId: string; ctx: MessageContextResponse };

/** The context of the card the action came from; asked again only when the cache let it go. */
function cardContext(e: AddonEvent): CardContext {
  if (param(e, RECORD_PARAM.card) === 'compose') {
    const draftKey = param(e, RECORD_PARAM.draftKey);
    const ctx = composeCardCache.get(draftKey) ?? composeContext(e);
    composeCardCache.put(draftKey, ctx);
    return { card: 'compose', draftKey, ctx };
  }
  const messageId = e.gmail?.messageId ?? '';
  let ctx = messageCache.get(messageId);
  if (!ctx) {
    ctx = backend.messageContext(contextRequest(openMessage(e), readNeverLog()));
    messageCache.put(messageId, ctx);
  }
  return { card: 'message', messageId, ctx };
}

/** The addresses of the email: a new deal goes to their contacts and companies. */
function peopleOf(c: CardContext): string[] {
  return c.card === 'compose'
    ? c.ctx.recipients.map((r) => r.address)
    : [c.ctx.sender.address, ...c.ctx.recipients.map((r) => r.address)];
}

function rerender(
  e: AddonEvent,
  c: CardContext,
  records: CardRecords,
  extra: Pick<RecordToolsInput, 'searched' | 'cleared' | 'justAdded'>,
  notice?: string,
): Response {
  const s = stringsFor(userLocale(e));
  const r = recordStringsFor(userLocale(e));
  const input: RecordToolsInput = {
    base: c.ctx.picker.items,
    records,
    form: formMap(e),
    dealStages: c.ctx.dealStages,
    params: {
      [RECORD_PARAM.card]: c.card,
      ...(c.card === 'compose' ? { [RECORD_PARAM.draftKey]: c.draftKey } : {}),
    },
    ...extra,
  };
  if (c.card === 'compose')
    return replaceCard(buildComposeCard(withComposeTools(composeView(c.ctx, readPrefs(), c.draftKey, s), input, s, r)), notice);
  return replaceCard(buildMessageCard(withMessageTools(messageView(c.ctx, s, clockOf(e)), input, s, r)), notice);
}

const valueOf = (i: PickerItem) => `${i.type}:${i.id}`;

/** Search: the results join the card unticked; results ticked from the previous search are kept, ticked. */
export function findRecords(e: AddonEvent): Response {
  const s = stringsFor(userLocale(e));
  const r = recordStringsFor(userLocale(e));
  const query = formValue(e, RECORD_FIELD.query);
  if (!query) return notify(r.searchEmpty);
  if (query.length > RECORD_QUERY_MAX) return notify(r.searchTooLong(RECORD_QUERY_MAX));
  const kind = formValue(e, RECORD_FIELD.kind);
  try {
    const c = cardContext(e);
    const before = readCardRecords(param(e, RECORD_PARAM.records));
    const kept = keepTicked(before, formMap(e));
    const result = backend.searchRecords({
      query,
      ...(kind === 'contact' || kind === 'company' || kind === 'deal' || kind === 'ticket' ? { kind } : {}),
    });
    const justAdded = kept.added.filter((a) => !before.added.some((b) => valueOf(b) === valueOf(a))).map(valueOf);
    return rerender(e, c, { ...kept, found: result.items, more: result.more }, { searched: query, justAdded });
  } catch (err) {
    return failureNotice(err, s);
  }
}

/** New deal: created at once (one call), then listed and ticked on the card. A refusal names the field. */
export function createDeal(e: AddonEvent): Response {
  const s = stringsFor(userLocale(e));
  const r = recordStringsFor(userLocale(e));
  try {
    const c = cardContext(e);
    const { record } = backend.createDeal({
      name: formValue(e, RECORD_FIELD.dealName),
      stage: formValue(e, RECORD_FIELD.dealStage),
      amount: formValue(e, RECORD_FIELD.dealAmount),
      closeDate: formValue(e, RECORD_FIELD.dealCloseDate),
      people: peopleOf(c),
      neverLog: readNeverLog(),
    });
    return created(e, c, record, 'deal', r.dealCreated(record.label));
  } catch (err) {
    return failureNotice(err, s);
  }
}

/** New contact, likewise, with the company chosen among the card's companies. */
export function createContact(e: AddonEvent): Response {
  const s = stringsFor(userLocale(e));
  const r = recordStringsFor(userLocale(e));
  try {
    const c = cardContext(e);
    const companyId = formValue(e, RECORD_FIELD.company);
    const { record } = backend.createContact({
      firstName: formValue(e, RECORD_FIELD.firstName),
      lastName: formValue(e, RECORD_FIELD.lastName),
      email: formValue(e, RECORD_FIELD.email),
      companyId: /^\d{1,18}$/.test(companyId) ? companyId : '',
      neverLog: readNeverLog(),
    });
    return created(e, c, record, 'contact', r.contactCreated(record.label));
  } catch (err) {
    return failureNotice(err, s);
  }
}

function created(e: AddonEvent, c: CardContext, record: PickerItem, form: 'deal' | 'contact', notice: string): Response {
  const records = keepTicked(readCardRecords(param(e, RECORD_PARAM.records)), formMap(e), [record]);
  return rerender(e, c, records, { cleared: form, justAdded: [valueOf(record)] }, notice);
}
