import type { ErrorView } from '../views/failure';
import { ACTION } from '../views/names';
import { buttons, card, paragraph, section } from './widgets';

/** What failed and a Retry that renders the same card again. Never a stack trace. */
export function buildErrorCard(v: ErrorView): GoogleAppsScript.Card_Service.Card {
  return card('error', v.title)
    .addSection(section(null, [paragraph(v.message), buttons({ text: v.retry.text, action: ACTION.retry, parameters: v.retry.parameters })]))
    .build();
}
