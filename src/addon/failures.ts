// Turning anything thrown into what the user sees: an error card with Retry, or a notification. The exception
// itself, stack included, goes to the execution log only.
import { buildErrorCard } from './cards/error';
import { notify } from './cards/responses';
import type { Strings } from './i18n';
import { asFailure, describeFailure, errorView, type RetryView } from './views/failure';

function report(err: unknown): void {
  console.error('mailtrail:', err instanceof Error ? err.stack || err.message : String(err));
}

export function failureCard(err: unknown, view: RetryView, s: Strings): GoogleAppsScript.Card_Service.Card {
  report(err);
  return buildErrorCard(errorView(asFailure(err), view, s));
}

/** For actions on a form: the card and what the user entered stay; clicking the button again is the retry. */
export function failureNotice(err: unknown, s: Strings, ...more: string[]): GoogleAppsScript.Card_Service.ActionResponse {
  report(err);
  return notify([describeFailure(asFailure(err), s), ...more].join(' '));
}
