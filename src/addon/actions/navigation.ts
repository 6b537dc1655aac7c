import { replaceCard } from '../cards/responses';
import { type AddonEvent, param } from '../event';
import { composeCard, forgetComposeContext } from '../triggers/compose';
import { homeCard } from '../triggers/home';
import { messageCard } from '../triggers/message';
import { settingsCard } from '../triggers/settings';

/** Retry (on an error card) and Refresh: render the named card again, asking the backend afresh. */
export function retry(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  switch (param(e, 'view')) {
    case 'compose':
      forgetComposeContext(e);
      return replaceCard(composeCard(e));
    case 'message':
      return replaceCard(messageCard(e));
    case 'settings':
      return replaceCard(settingsCard(e, null));
    default:
      return replaceCard(homeCard(e, ''));
  }
}

export function feedPage(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  return replaceCard(homeCard(e, param(e, 'after')));
}
