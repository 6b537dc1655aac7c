// What actions return: ActionResponse (navigation, notification, link), UniversalActionResponse and
// SuggestionsResponse, each carrying its HTTP-add-on wire JSON.
import { OpenLink } from './action';
import { Check } from '../check';
import { Built, WIRE } from './base';
import { Card } from './card';
import { Suggestions } from './inputs';
import type {
  ActionResponseJson,
  CardJson,
  NavigationJson,
  OpenLinkJson,
  RenderActionJson,
  SuggestionsResponseJson,
} from './json';

function cardJson(c: Check, name: string, card: unknown): CardJson {
  return c.instance(name, card, Card, 'a built Card (CardBuilder.build())')[WIRE];
}

export class Navigation {
  private readonly steps: NavigationJson[] = [];
  constructor(private readonly c: Check) {}

  pushCard(card: Card): this {
    this.steps.push({ pushCard: cardJson(this.c, 'card', card) });
    return this;
  }
  updateCard(card: Card): this {
    this.steps.push({ updateCard: cardJson(this.c, 'card', card) });
    return this;
  }
  popCard(): this {
    this.steps.push({ pop: true });
    return this;
  }
  popToRoot(): this {
    this.steps.push({ popToRoot: true });
    return this;
  }
  popToNamedCard(cardName: string): this {
    this.steps.push({ popToCard: this.c.text('cardName', cardName) });
    return this;
  }
  printJson(): string {
    return JSON.stringify(this.steps, null, 2);
  }
  navigationsJson(): NavigationJson[] {
    if (this.steps.length === 0)
      this.c.fail('Navigation: it does nothing; call pushCard, updateCard, popCard, popToRoot or popToNamedCard');
    return [...this.steps];
  }
}

export class Notification {
  private text?: string;
  constructor(private readonly c: Check) {}

  setText(text: string): this {
    this.text = this.c.text('text', text);
    return this;
  }
  notificationJson(): { text: string } {
    if (!this.text) this.c.fail('Notification: it needs text (setText)');
    return { text: this.text };
  }
}

export class ActionResponse extends Built<ActionResponseJson> {}

export class ActionResponseBuilder {
  private navigation?: Navigation;
  private notification?: Notification;
  private link?: OpenLink;
  private stateChanged?: boolean;
  constructor(private readonly c: Check) {}

  setNavigation(navigation: Navigation): this {
    this.navigation = this.c.instance('navigation', navigation, Navigation, 'a Navigation');
    return this;
  }
  setNotification(notification: Notification): this {
    this.notification = this.c.instance('notification', notification, Notification, 'a Notification');
    return this;
  }
  setOpenLink(openLink: OpenLink): this {
    this.link = this.c.instance('openLink', openLink, OpenLink, 'an OpenLink');
    return this;
  }
  /** Accepted; the HTTP wire format has no field for it, so it changes nothing in the JSON. */
  setStateChanged(stateChanged: boolean): this {
    this.stateChanged = this.c.bool('stateChanged', stateChanged);
    return this;
  }

  build(): ActionResponse {
    if (!this.navigation && !this.notification && !this.link && this.stateChanged === undefined) {
      this.c.fail(
        'ActionResponseBuilder.build: the response does nothing; set a navigation, a notification, an open link or a state change',
      );
    }
    const action: RenderActionJson = {};
    if (this.navigation) action.navigations = this.navigation.navigationsJson();
    if (this.notification) action.notification = this.notification.notificationJson();
    if (this.link) action.link = this.link.toJson('action response › open link');
    return new ActionResponse({ renderActions: { action } });
  }
}

export class UniversalActionResponse extends Built<ActionResponseJson> {}

export class UniversalActionResponseBuilder {
  private cards?: CardJson[];
  private link?: OpenLinkJson;
  constructor(private readonly c: Check) {}

  displayAddOnCards(cardObjects: Card[]): this {
    if (!Array.isArray(cardObjects)) this.c.fail('Invalid argument: cardObjects (expected an array of built Cards)');
    this.cards = cardObjects.map((card, i) => cardJson(this.c, `cardObjects[${i}]`, card));
    return this;
  }
  setOpenLink(openLink: OpenLink): this {
    this.link = this.c
      .instance('openLink', openLink, OpenLink, 'an OpenLink')
      .toJson('universal action response › open link');
    return this;
  }

  build(): UniversalActionResponse {
    if (this.cards && this.link)
      this.c.fail('UniversalActionResponseBuilder.build: set cards or an open link, not both');
    if (this.link) return new UniversalActionResponse({ renderActions: { action: { link: this.link } } });
    if (!this.cards?.length)
      this.c.fail(
        'UniversalActionResponseBuilder.build: the response needs cards (displayAddOnCards) or an open link (setOpenLink)',
      );
    return new UniversalActionResponse({
      renderActions: { action: { navigations: this.cards.map((card) => ({ pushCard: card })) } },
    });
  }
}

export class SuggestionsResponse extends Built<SuggestionsResponseJson> {}

export class SuggestionsResponseBuilder {
  private suggestions?: Suggestions;
  constructor(private readonly c: Check) {}

  setSuggestions(suggestions: Suggestions): this {
    this.suggestions = this.c.instance('suggestions', suggestions, Suggestions, 'a Suggestions');
    return this;
  }
  build(): SuggestionsResponse {
    if (!this.suggestions) this.c.fail('SuggestionsResponseBuilder.build: call setSuggestions first');
    return new SuggestionsResponse({ autoComplete: this.suggestions.suggestionsJson() });
  }
}
