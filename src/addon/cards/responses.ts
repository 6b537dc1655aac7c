// The shapes an action answers with.
type Card = GoogleAppsScript.Card_Service.Card;

export function notify(text: string): GoogleAppsScript.Card_Service.ActionResponse {
  return CardService.newActionResponseBuilder().setNotification(CardService.newNotification().setText(text)).build();
}

/** Replaces the card the user is looking at, with an optional notification. */
export function replaceCard(next: Card, text?: string): GoogleAppsScript.Card_Service.ActionResponse {
  const response = CardService.newActionResponseBuilder().setNavigation(CardService.newNavigation().updateCard(next));
  if (text) response.setNotification(CardService.newNotification().setText(text));
  return response.build();
}

/** What a universal action (Settings) answers: the cards to show. */
export function showCards(...cards: Card[]): GoogleAppsScript.Card_Service.UniversalActionResponse {
  return CardService.newUniversalActionResponseBuilder().displayAddOnCards(cards).build();
}
