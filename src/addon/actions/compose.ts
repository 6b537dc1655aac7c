import { domainOf } from '../../contract/addresses';
import { backend } from '../backend';
import { notify } from '../cards/responses';
import { type AddonEvent, clockOf, draftRecipients, formMap, formValue, param, userLocale } from '../event';
import { failureNotice } from '../failures';
import { stringsFor } from '../i18n';
import { recordStringsFor } from '../i18n-records';
import { composeCardCache, readNeverLog, readPrefs, writePrefs } from '../storage';
import { buildComposeCard } from '../cards/compose';
import { composeContext, forgetComposeContext } from '../triggers/compose';
import { composeView, intentRequest } from '../views/compose';
import { bccAfterApply, pixelHtml, splitBcc, trackedLinkHtml, webAddress } from '../views/draft';
import { FIELD, ON } from '../views/names';
import { RECORD_PARAM } from '../views/record-fields';
import { readCardRecords, toolsOnOpen, withComposeTools } from '../views/record-search';

type DraftResponse = GoogleAppsScript.Card_Service.UpdateDraftActionResponse | GoogleAppsScript.Card_Service.ActionResponse;

/**
 * Apply: one call registers the intent, then one UpdateDraftActionResponse adds the logging Bcc and, when tracked,
 * the pixel. Nothing touches the draft unless the backend confirmed the intent.
 */
export function apply(e: AddonEvent): DraftResponse {
  const s = stringsFor(userLocale(e));
  const draft = draftRecipients(e);
  const request = intentRequest({
    parameters: e.commonEventObject?.parameters ?? {},
    form: formMap(e),
    draft,
    neverLog: readNeverLog(),
    timeZone: clockOf(e).timeZone,
  });
  let intent;
  try {
    intent = backend.registerIntent(request);
  } catch (err) {
    return failureNotice(err, s, s.nothingAdded);
  }

  // Remember what the user chose, where the choice was theirs (an enforced setting travels as a parameter).
  writePrefs({ ...readPrefs(), ...(param(e, 'track') ? {} : { track: request.track }), ...(param(e, 'log') ? {} : { log: request.log }) });
  forgetComposeContext(e);

  const bccDomain = param(e, 'bccDomain') || domainOf(intent.bccAddress);
  const update = CardService.newUpdateDraftActionResponseBuilder().setUpdateDraftBccRecipientsAction(
    CardService.newUpdateDraftBccRecipientsAction().addUpdateBccRecipients(bccAfterApply(draft.bcc, bccDomain, intent.bccAddress)),
  );
  if (intent.insertPixel && intent.pixelUrl) {
    update.setUpdateDraftBodyAction(
      CardService.newUpdateDraftBodyAction()
        .addUpdateContent(pixelHtml(intent.pixelUrl), CardService.ContentType.IMMUTABLE_HTML)
        .setUpdateType(CardService.UpdateDraftBodyType.INSERT_AT_END),
    );
  }
  return update.build();
}

/** Insert tracked link: registers the link against the draft's intent, then inserts the anchor at the cursor. */
export function insertLink(e: AddonEvent): DraftResponse {
  const s = stringsFor(userLocale(e));
  const url = webAddress(formValue(e, FIELD.linkUrl));
  if (!url) return notify(s.linkBadUrl);
  const text = (formValue(e, FIELD.linkText) || url).slice(0, 500);
  const token = splitBcc(draftRecipients(e).bcc, param(e, 'bccDomain')).token;
  if (!token) return notify(s.linkNeedsApply);
  let link;
  try {
    link = backend.registerLink({ token, url, text });
  } catch (err) {
    return failureNotice(err, s, s.nothingAdded);
  }
  return CardService.newUpdateDraftActionResponseBuilder()
    .setUpdateDraftBodyAction(
      CardService.newUpdateDraftBodyAction()
        .addUpdateContent(trackedLinkHtml(link.trackedUrl, text), CardService.ContentType.MUTABLE_HTML)
        .setUpdateType(CardService.UpdateDraftBodyType.IN_PLACE_INSERT),
    )
    .build();
}

/**
 * A switch or a tick changed: the card is drawn again with the form as it stands, so that its last line says what
 * Apply will do. The context comes from the cache (no call) unless it expired.
 */
export function composeChanged(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  const s = stringsFor(userLocale(e));
  const form = formMap(e);
  const chosen = {
    track: (form[FIELD.track] ?? []).includes(ON),
    log: (form[FIELD.log] ?? []).includes(ON),
    associations: form[FIELD.associations] ?? [],
    createContacts: form[FIELD.createContacts] ?? [],
    reminder: { condition: form[FIELD.reminder]?.[0] ?? '', days: form[FIELD.reminderDays]?.[0] ?? '' },
  };
  try {
    // The context this card was built from (P1 keeps it under the draft key), with the records the rep added.
    const draftKey = param(e, 'draftKey');
    const ctx = composeCardCache.get(draftKey) ?? composeContext(e);
    const view = composeView(ctx, readPrefs(), draftKey, s, chosen);
    const tools = { ...toolsOnOpen(ctx, 'compose', draftKey), records: readCardRecords(param(e, RECORD_PARAM.records)), form };
    const card = buildComposeCard(withComposeTools(view, tools, s, recordStringsFor(userLocale(e)), ctx));
    return CardService.newActionResponseBuilder().setNavigation(CardService.newNavigation().updateCard(card)).build();
  } catch (err) {
    return failureNotice(err, s);
  }
}
