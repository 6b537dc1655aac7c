// TextButton, ImageButton and ButtonSet. A button added straight to a section is a one-button buttonList.
import { Action, AuthorizationAction, OnClick, OpenLink } from './action';
import { Check } from '../check';
import { compact, type EnumArg } from './base';
import { parseColor } from './color';
import { Icon, TextButtonStyle } from './enums';
import type { ButtonJson, ColorJson, IconJson, WidgetJson } from './json';
import { Widget } from './widget';

export abstract class Button extends Widget {
  protected readonly click: OnClick;
  protected altText?: string;

  constructor(protected readonly c: Check, readonly kind: string) {
    super();
    this.click = new OnClick(c, kind);
  }

  setOnClickAction(action: Action): this {
    this.click.set('setOnClickAction', action);
    return this;
  }
  setOnClickOpenLinkAction(action: Action): this {
    this.click.set('setOnClickOpenLinkAction', action);
    return this;
  }
  setOpenLink(openLink: OpenLink): this {
    this.click.set('setOpenLink', openLink);
    return this;
  }
  setAuthorizationAction(action: AuthorizationAction): this {
    this.click.set('setAuthorizationAction', action);
    return this;
  }
  setComposeAction(_action: Action, _composedEmailType: EnumArg): this {
    return this.c.notEmulated(`${this.kind}.setComposeAction`);
  }
  setAltText(altText: string): this {
    this.altText = this.c.text('altText', altText);
    return this;
  }

  abstract buttonJson(at: string): ButtonJson;

  protected onClickJson(at: string) {
    const onClick = this.click.toJson(at);
    if (!onClick) this.c.fail(`${at}: a ${this.kind} needs something to do on click (setOnClickAction, setOpenLink, …)`);
    return onClick;
  }

  widgetJson(at: string): WidgetJson {
    return { buttonList: { buttons: [this.buttonJson(at)] } };
  }
}

export class TextButton extends Button {
  private text?: string;
  private disabled?: boolean;
  private color?: ColorJson;
  private style?: keyof typeof TextButtonStyle;

  constructor(c: Check) {
    super(c, 'TextButton');
  }

  setText(text: string): this {
    this.text = this.c.text('text', text);
    return this;
  }
  setDisabled(disabled: boolean): this {
    this.disabled = this.c.bool('disabled', disabled);
    return this;
  }
  setBackgroundColor(backgroundColor: string): this {
    this.color = parseColor(this.c, 'backgroundColor', backgroundColor);
    return this;
  }
  setTextButtonStyle(textButtonStyle: EnumArg): this {
    this.style = this.c.oneOf('textButtonStyle', textButtonStyle, TextButtonStyle);
    return this;
  }

  buttonJson(at: string): ButtonJson {
    if (!this.text?.trim()) this.c.fail(`${at}: a TextButton needs text (setText)`);
    return compact<ButtonJson>({
      text: this.text,
      onClick: this.onClickJson(at),
      disabled: this.disabled,
      altText: this.altText,
      color: this.color,
      // TEXT is CardService's old name for a button without a container.
      type: this.style === 'TEXT' ? 'BORDERLESS' : this.style,
    });
  }
}

export class ImageButton extends Button {
  private knownIcon?: keyof typeof Icon;
  private iconUrl?: string;

  constructor(c: Check) {
    super(c, 'ImageButton');
  }

  setIcon(icon: EnumArg): this {
    this.knownIcon = this.c.oneOf('icon', icon, Icon);
    this.iconUrl = undefined;
    return this;
  }
  setIconUrl(url: string): this {
    this.iconUrl = this.c.url('url', url);
    this.knownIcon = undefined;
    return this;
  }
  setMaterialIcon(_icon: unknown): this {
    return this.c.notEmulated('ImageButton.setMaterialIcon', 'material icons are unavailable for Workspace add-ons');
  }

  buttonJson(at: string): ButtonJson {
    if (!this.knownIcon && !this.iconUrl) this.c.fail(`${at}: an ImageButton needs an icon (setIcon or setIconUrl)`);
    const icon: IconJson = compact({ knownIcon: this.knownIcon, iconUrl: this.iconUrl, altText: this.altText });
    return compact<ButtonJson>({ icon, onClick: this.onClickJson(at), altText: this.altText });
  }
}

export class ButtonSet extends Widget {
  readonly kind = 'ButtonSet';
  private readonly buttons: Button[] = [];

  constructor(private readonly c: Check) {
    super();
  }

  addButton(button: Button): this {
    this.buttons.push(this.c.instance('button', button, Button, 'a TextButton or ImageButton'));
    return this;
  }

  widgetJson(at: string): WidgetJson {
    if (this.buttons.length === 0) this.c.fail(`${at}: a ButtonSet needs at least one button (addButton)`);
    return { buttonList: { buttons: this.buttons.map((b, i) => b.buttonJson(`${at} › button ${i + 1}`)) } };
  }
}
