// CardBuilder and the parts of a card: header, sections, card actions, fixed footer. build() checks the whole
// card the way Gmail would refuse it, then freezes its JSON into a Card.
import { Check } from '../check';
import { Built, compact, type EnumArg } from './base';
import { TextButton } from './buttons';
import { Clickable } from './clickable';
import { DisplayStyle, ImageStyle } from './enums';
import type { CardActionJson, CardHeaderJson, CardJson, FixedFooterJson, SectionJson } from './json';
import { MAX_SECTIONS_PER_CARD, MAX_WIDGETS_PER_CARD } from './limits';
import { Widget } from './widget';

export class Card extends Built<CardJson> {}

export class CardHeader {
  private title?: string;
  private subtitle?: string;
  private imageUrl?: string;
  private imageAltText?: string;
  private imageType?: keyof typeof ImageStyle;
  constructor(private readonly c: Check) {}

  setTitle(title: string): this {
    this.title = this.c.text('title', title);
    return this;
  }
  setSubtitle(subtitle: string): this {
    this.subtitle = this.c.text('subtitle', subtitle);
    return this;
  }
  setImageUrl(imageUrl: string): this {
    this.imageUrl = this.c.url('imageUrl', imageUrl);
    return this;
  }
  setImageAltText(imageAltText: string): this {
    this.imageAltText = this.c.text('imageAltText', imageAltText);
    return this;
  }
  setImageStyle(imageStyle: EnumArg): this {
    this.imageType = this.c.oneOf('imageStyle', imageStyle, ImageStyle);
    return this;
  }
  headerJson(at: string): CardHeaderJson {
    if (!this.title) this.c.fail(`${at}: a CardHeader needs a title (setTitle)`);
    return compact<CardHeaderJson>({
      title: this.title,
      subtitle: this.subtitle,
      imageUrl: this.imageUrl,
      imageAltText: this.imageAltText,
      imageType: this.imageType,
    });
  }
}

export class CardSection {
  private header?: string;
  private readonly widgets: Widget[] = [];
  private collapsible?: boolean;
  private uncollapsible?: number;
  constructor(private readonly c: Check) {}

  setHeader(header: string): this {
    this.header = this.c.text('header', header);
    return this;
  }
  addWidget(widget: Widget): this {
    this.widgets.push(
      this.c.instance(
        'widget',
        widget,
        Widget,
        'a widget from CardService (TextParagraph, DecoratedText, ButtonSet, …)',
      ),
    );
    return this;
  }
  setCollapsible(collapsible: boolean): this {
    this.collapsible = this.c.bool('collapsible', collapsible);
    return this;
  }
  setNumUncollapsibleWidgets(numUncollapsibleWidgets: number): this {
    this.uncollapsible = this.c.int('numUncollapsibleWidgets', numUncollapsibleWidgets, 0);
    return this;
  }
  get widgetCount(): number {
    return this.widgets.length;
  }
  sectionJson(at: string): SectionJson {
    if (this.widgets.length === 0) this.c.fail(`${at}: a section needs at least one widget (addWidget)`);
    return compact<SectionJson>({
      header: this.header,
      widgets: this.widgets.map((w, i) => w.widgetJson(`${at} › widget ${i + 1} (${w.kind})`)),
      collapsible: this.collapsible,
      uncollapsibleWidgetsCount: this.uncollapsible,
    });
  }
}

export class CardAction extends Clickable(Object) {
  readonly kind = 'CardAction';
  private text?: string;
  constructor(protected readonly c: Check) {
    super();
  }

  setText(text: string): this {
    this.text = this.c.text('text', text);
    return this;
  }
  cardActionJson(at: string): CardActionJson {
    if (!this.text) this.c.fail(`${at}: a CardAction needs text (setText)`);
    return { actionLabel: this.text, onClick: this.requiredOnClickJson(at) };
  }
}

export class FixedFooter {
  private primary?: TextButton;
  private secondary?: TextButton;
  constructor(private readonly c: Check) {}

  setPrimaryButton(button: TextButton): this {
    this.primary = this.c.instance('button', button, TextButton, 'a TextButton');
    return this;
  }
  setSecondaryButton(button: TextButton): this {
    this.secondary = this.c.instance('button', button, TextButton, 'a TextButton');
    return this;
  }
  footerJson(at: string): FixedFooterJson {
    if (!this.primary) this.c.fail(`${at}: a FixedFooter needs a primary button (setPrimaryButton)`);
    return compact<FixedFooterJson>({
      primaryButton: this.primary.buttonJson(`${at} › primary button`),
      secondaryButton: this.secondary?.buttonJson(`${at} › secondary button`),
    });
  }
}

export class CardBuilder {
  private name?: string;
  private header?: CardHeader;
  private readonly sections: CardSection[] = [];
  private readonly cardActions: CardAction[] = [];
  private footer?: FixedFooter;
  private displayStyle?: keyof typeof DisplayStyle;
  private peekHeader?: CardHeader;
  constructor(private readonly c: Check) {}

  setName(name: string): this {
    this.name = this.c.text('name', name);
    return this;
  }
  setHeader(cardHeader: CardHeader): this {
    this.header = this.c.instance('cardHeader', cardHeader, CardHeader, 'a CardHeader');
    return this;
  }
  addSection(section: CardSection): this {
    this.sections.push(this.c.instance('section', section, CardSection, 'a CardSection'));
    return this;
  }
  addCardAction(cardAction: CardAction): this {
    this.cardActions.push(this.c.instance('cardAction', cardAction, CardAction, 'a CardAction'));
    return this;
  }
  setFixedFooter(fixedFooter: FixedFooter): this {
    this.footer = this.c.instance('fixedFooter', fixedFooter, FixedFooter, 'a FixedFooter');
    return this;
  }
  setDisplayStyle(displayStyle: EnumArg): this {
    this.displayStyle = this.c.oneOf('displayStyle', displayStyle, DisplayStyle);
    return this;
  }
  setPeekCardHeader(peekCardHeader: CardHeader): this {
    this.peekHeader = this.c.instance('peekCardHeader', peekCardHeader, CardHeader, 'a CardHeader');
    return this;
  }

  build(): Card {
    const at = this.name ? `card "${this.name}"` : 'card';
    if (this.sections.length === 0) this.c.fail(`${at}: a card needs at least one section (addSection)`);
    if (this.sections.length > MAX_SECTIONS_PER_CARD)
      this.c.fail(
        `${at}: a card takes at most ${MAX_SECTIONS_PER_CARD} sections; this one has ${this.sections.length}`,
      );
    const widgets = this.sections.reduce((n, s) => n + s.widgetCount, 0);
    // Gmail does not show an over-full card whole: it drops the section that crosses the limit and all after it.
    if (widgets > MAX_WIDGETS_PER_CARD)
      this.c.fail(`${at}: a card takes at most ${MAX_WIDGETS_PER_CARD} widgets; this one has ${widgets}`);
    const json = compact<CardJson>({
      name: this.name,
      header: this.header?.headerJson(`${at} › header`),
      sections: this.sections.map((s, i) => s.sectionJson(`${at} › section ${i + 1}`)),
      cardActions: this.cardActions.length
        ? this.cardActions.map((a, i) => a.cardActionJson(`${at} › card action ${i + 1}`))
        : undefined,
      fixedFooter: this.footer?.footerJson(`${at} › fixed footer`),
      displayStyle: this.displayStyle,
      peekCardHeader: this.peekHeader?.headerJson(`${at} › peek header`),
    });
    return new Card(json);
  }
}
