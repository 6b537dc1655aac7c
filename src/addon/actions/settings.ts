import { replaceCard } from '../cards/responses';
import { type AddonEvent, formValue, formValues, param, userLocale } from '../event';
import { stringsFor } from '../i18n';
import { readNeverLog, readPrefs, writeNeverLog, writePrefs } from '../storage';
import { settingsCard } from '../triggers/settings';
import { FIELD, ON } from '../views/names';
import { addNeverLog as addEntries, type ListEdit, removeNeverLog as removeEntries } from '../views/settings';

function saved(e: AddonEvent, edit: ListEdit): GoogleAppsScript.Card_Service.ActionResponse {
  if (edit.changed) writeNeverLog(edit.list);
  return replaceCard(settingsCard(e, edit.notice), edit.notice);
}

export function addNeverLog(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  return saved(e, addEntries(readNeverLog(), formValue(e, FIELD.neverLogEntry), stringsFor(userLocale(e))));
}

export function removeNeverLog(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  const s = stringsFor(userLocale(e));
  return saved(e, removeEntries(readNeverLog(), formValues(e, FIELD.neverLogTicked), formValue(e, FIELD.neverLogEntry), s));
}

export function saveDefaults(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  const s = stringsFor(userLocale(e));
  writePrefs({
    ...readPrefs(),
    ...(param(e, 'track') === ON ? { track: formValues(e, FIELD.trackDefault).includes(ON) } : {}),
    ...(param(e, 'log') === ON ? { log: formValues(e, FIELD.logDefault).includes(ON) } : {}),
  });
  return replaceCard(settingsCard(e, s.defaultsSaved), s.defaultsSaved);
}
