import { backend } from '../backend';
import { notify } from '../cards/responses';
import { type AddonEvent, draftRecipients, formValue, param, userLocale } from '../event';
import { failureNotice } from '../failures';
import { stringsFor } from '../i18n';
import { splitBcc } from '../views/draft';
import { FIELD } from '../views/names';

type DraftResponse = GoogleAppsScript.Card_Service.UpdateDraftActionResponse | GoogleAppsScript.Card_Service.ActionResponse;

/**
 * Insert template or snippet: one call fills it for the draft's recipient (and counts it on this email), then one
 * UpdateDraftActionResponse puts the body at the cursor and, for a template, replaces the subject.
 */
export function insertTemplate(e: AddonEvent): DraftResponse {
  const s = stringsFor(userLocale(e));
  const templateId = formValue(e, FIELD.template);
  if (!templateId) return notify(s.templatePickFirst);
  const draft = draftRecipients(e);
  const { others, token } = splitBcc(draft.bcc, param(e, 'bccDomain'));
  const recipients = { to: draft.to, cc: draft.cc, bcc: others };
  let filled;
  try {
    filled = backend.insertTemplate({ templateId, draftKey: param(e, 'draftKey'), ...(token ? { token } : {}), recipients });
  } catch (err) {
    return failureNotice(err, s, s.nothingAdded);
  }
  const update = CardService.newUpdateDraftActionResponseBuilder().setUpdateDraftBodyAction(
    CardService.newUpdateDraftBodyAction()
      .addUpdateContent(filled.html, CardService.ContentType.MUTABLE_HTML)
      .setUpdateType(CardService.UpdateDraftBodyType.IN_PLACE_INSERT),
  );
  if (filled.subject !== null) update.setUpdateDraftSubjectAction(CardService.newUpdateDraftSubjectAction().addUpdateSubject(filled.subject));
  return update.build();
}
