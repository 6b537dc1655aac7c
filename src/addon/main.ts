// Apps Script entry points. This file only wires: build.mjs turns each export into a top-level function.
import { buildHomeCard, homeView } from './cards/home';

export function onHomepage(): GoogleAppsScript.Card_Service.Card {
  return buildHomeCard(homeView());
}
