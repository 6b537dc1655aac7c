// The subset of Google's card v1 JSON (google.apps.card.v1) and of the HTTP add-on response envelope that the
// sidebar renders. Field names are Google's; anything else in the JSON is ignored.

export type ActionParam = { key: string; value: string };
export type CardAction = { function: string; parameters?: ActionParam[]; loadIndicator?: string };
export type OnClick = { action?: CardAction; openLink?: { url: string }; card?: Card };
export type Button = { text?: string; onClick?: OnClick; disabled?: boolean; altText?: string };
export type SelectionItem = { text: string; value: string; selected?: boolean; bottomText?: string };
export type SwitchControl = {
  name: string;
  value?: string;
  selected?: boolean;
  onChangeAction?: CardAction;
  controlType?: 'SWITCH' | 'CHECKBOX' | 'CHECK_BOX';
};

export type Widget = {
  id?: string;
  textParagraph?: { text: string };
  decoratedText?: {
    topLabel?: string;
    text: string;
    bottomLabel?: string;
    wrapText?: boolean;
    onClick?: OnClick;
    button?: Button;
    switchControl?: SwitchControl;
    startIcon?: { iconUrl?: string; knownIcon?: string; materialIcon?: { name: string } };
  };
  buttonList?: { buttons: Button[] };
  textInput?: {
    name: string;
    label?: string;
    hintText?: string;
    value?: string;
    type?: 'SINGLE_LINE' | 'MULTIPLE_LINE';
    onChangeAction?: CardAction;
    initialSuggestions?: { items: { text: string }[] };
  };
  selectionInput?: {
    name: string;
    label?: string;
    type?: 'CHECK_BOX' | 'RADIO_BUTTON' | 'SWITCH' | 'DROPDOWN' | 'MULTI_SELECT';
    items: SelectionItem[];
    onChangeAction?: CardAction;
  };
  divider?: Record<string, never>;
  image?: { imageUrl: string; altText?: string; onClick?: OnClick };
  grid?: {
    title?: string;
    columnCount?: number;
    items: { id?: string; title?: string; subtitle?: string; image?: { imageUri: string } }[];
    onClick?: OnClick;
  };
};

export type Section = { header?: string; collapsible?: boolean; uncollapsibleWidgetsCount?: number; widgets: Widget[] };
export type Card = {
  name?: string;
  header?: { title: string; subtitle?: string; imageUrl?: string };
  sections?: Section[];
  fixedFooter?: { primaryButton?: Button; secondaryButton?: Button };
};

export type Navigation = {
  pushCard?: Card;
  updateCard?: Card;
  popCard?: boolean;
  popToRoot?: boolean;
  popToCard?: string;
};
type Recipient = { email: string };
export type DraftUpdate = {
  updateBody?: {
    insertContents?: { content: string; contentType?: 'TEXT' | 'MUTABLE_HTML' | 'IMMUTABLE_HTML' }[];
    type?: 'IN_PLACE_INSERT' | 'INSERT_AT_START' | 'INSERT_AT_END';
  };
  updateSubject?: { subject: string };
  updateToRecipients?: { toRecipients?: Recipient[] };
  updateCcRecipients?: { ccRecipients?: Recipient[] };
  updateBccRecipients?: { bccRecipients?: Recipient[] };
};

export type AddonEffects = {
  navigations: Navigation[];
  notification: string | null;
  openLink: string | null;
  draft: DraftUpdate | null;
};

type Envelope = {
  renderActions?: Envelope;
  action?: { navigations?: Navigation[]; notification?: { text: string }; link?: { url: string } };
  hostAppAction?: { gmailAction?: { updateDraftActionMarkup?: DraftUpdate } };
  sections?: unknown;
};

/** Reads what the add-on answered: cards to show (a trigger's answer or an action's navigations) and side effects. */
export function readEffects(response: unknown): AddonEffects {
  const effects: AddonEffects = { navigations: [], notification: null, openLink: null, draft: null };
  if (Array.isArray(response)) {
    effects.navigations = response.map((card: Card) => ({ pushCard: card }));
    return effects;
  }
  if (!response || typeof response !== 'object') return effects;
  const outer = response as Envelope;
  if (outer.sections) return { ...effects, navigations: [{ pushCard: outer as Card }] };
  const env = outer.renderActions ?? outer;
  effects.navigations = env.action?.navigations ?? [];
  effects.notification = env.action?.notification?.text ?? null;
  effects.openLink = env.action?.link?.url ?? null;
  effects.draft = env.hostAppAction?.gmailAction?.updateDraftActionMarkup ?? null;
  return effects;
}

/** Applies navigations to a card stack, as the sidebar's back arrow and Gmail's card stack behave. */
export function navigateStack(stack: Card[], navigations: Navigation[]): Card[] {
  let next = stack.slice();
  for (const n of navigations) {
    if (n.pushCard) next.push(n.pushCard);
    else if (n.updateCard) next = next.length ? [...next.slice(0, -1), n.updateCard] : [n.updateCard];
    else if (n.popCard) next = next.length > 1 ? next.slice(0, -1) : next;
    else if (n.popToRoot) next = next.slice(0, 1);
    else if (n.popToCard) {
      const i = next.findIndex((c) => c.name === n.popToCard);
      if (i >= 0) next = next.slice(0, i + 1);
    }
  }
  return next;
}

/** The values a card's inputs start with, keyed by input name, as Gmail would send them. */
export function initialInputs(card: Card): Record<string, string[]> {
  const inputs: Record<string, string[]> = {};
  for (const section of card.sections ?? []) {
    for (const w of section.widgets) {
      if (w.textInput) inputs[w.textInput.name] = w.textInput.value ? [w.textInput.value] : [];
      if (w.selectionInput)
        inputs[w.selectionInput.name] = w.selectionInput.items.filter((i) => i.selected).map((i) => i.value);
      const sw = w.decoratedText?.switchControl;
      if (sw) inputs[sw.name] = sw.selected ? [sw.value ?? 'true'] : [];
    }
  }
  return inputs;
}
