// TextButton, ImageButton and ButtonSet. A button added straight to a section is a one-button buttonList.
import { Check } from '../check';
import { compact, type EnumArg } from './base';
import { Clickable } from './clickable';
import { parseColor } from './color';
import { TextButtonStyle } from './enums';
import { WithIcon } from './icon';
import type { ButtonJson, ColorJson, IconJson, WidgetJson } from './json';
import { Widget } from './widget';

export abstract class Button extends Clickable(Widget) {
  protected altText?: string;

  constructor(
    protected readonly c: Check,
    readonly kind: string,
  ) {
    super();
  }

  setAltText(altText: string): this {
    this.altText = this.c.text('altText', altText);
    return this;
  }

  abstract buttonJson(at: string): ButtonJson;

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
      onClick: this.requiredOnClickJson(at),
      disabled: this.disabled,
      altText: this.altText,
      color: this.color,
      // TEXT is CardService's old name for a button without a container.
      type: this.style === 'TEXT' ? 'BORDERLESS' : this.style,
    });
  }
}

export class ImageButton extends WithIcon(Button) {
  constructor(c: Check) {
    super(c, 'ImageButton');
  }

  buttonJson(at: string): ButtonJson {
    if (!this.knownIcon && !this.iconUrl) this.c.fail(`${at}: an ImageButton needs an icon (setIcon or setIconUrl)`);
    const icon: IconJson = compact({ knownIcon: this.knownIcon, iconUrl: this.iconUrl, altText: this.altText });
    return compact<ButtonJson>({ icon, onClick: this.requiredOnClickJson(at), altText: this.altText });
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
