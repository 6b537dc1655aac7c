// TextParagraph, DecoratedText, Divider, Image and IconImage.
import { Check } from '../check';
import { compact, type EnumArg } from './base';
import { Button } from './buttons';
import { Clickable } from './clickable';
import { Icon, ImageCropType } from './enums';
import { WithIcon } from './icon';
import { Switch } from './inputs';
import type { DecoratedTextJson, IconJson, WidgetJson } from './json';
import { Widget } from './widget';

export class TextParagraph extends Widget {
  readonly kind = 'TextParagraph';
  private text?: string;

  constructor(private readonly c: Check) {
    super();
  }

  setText(text: string): this {
    this.text = this.c.text('text', text);
    return this;
  }

  widgetJson(at: string): WidgetJson {
    if (this.text === undefined || this.text === '') this.c.fail(`${at}: a TextParagraph needs text (setText)`);
    return { textParagraph: { text: this.text } };
  }
}

export class Divider extends Widget {
  readonly kind = 'Divider';
  widgetJson(): WidgetJson {
    return { divider: {} };
  }
}

export class IconImage extends WithIcon(Object) {
  readonly kind = 'IconImage';
  private altText?: string;
  private imageType?: 'SQUARE' | 'CIRCLE';

  constructor(protected readonly c: Check) {
    super();
  }

  setAltText(altText: string): this {
    this.altText = this.c.text('altText', altText);
    return this;
  }
  setImageCropType(imageCropType: EnumArg): this {
    const type = this.c.oneOf('imageCropType', imageCropType, ImageCropType);
    if (type !== 'SQUARE' && type !== 'CIRCLE')
      this.c.fail(`Invalid argument: imageCropType (an icon is cropped SQUARE or CIRCLE, not ${type})`);
    this.imageType = type;
    return this;
  }

  iconJson(at: string): IconJson {
    if (!this.knownIcon && !this.iconUrl) this.c.fail(`${at}: an IconImage needs an icon (setIcon or setIconUrl)`);
    return compact<IconJson>({
      knownIcon: this.knownIcon,
      iconUrl: this.iconUrl,
      altText: this.altText,
      imageType: this.imageType,
    });
  }
}

export class Image extends Clickable(Widget) {
  readonly kind = 'Image';
  private imageUrl?: string;
  private altText?: string;

  constructor(protected readonly c: Check) {
    super();
  }

  setImageUrl(url: string): this {
    this.imageUrl = this.c.url('url', url);
    return this;
  }
  setAltText(altText: string): this {
    this.altText = this.c.text('altText', altText);
    return this;
  }

  widgetJson(at: string): WidgetJson {
    if (!this.imageUrl) this.c.fail(`${at}: an Image needs a URL (setImageUrl)`);
    return { image: compact({ imageUrl: this.imageUrl, altText: this.altText, onClick: this.onClickJson(at) }) };
  }
}

type Control =
  | { kind: 'setButton'; value: Button }
  | { kind: 'setSwitchControl'; value: Switch }
  | { kind: 'setEndIcon'; value: IconImage };

export class DecoratedText extends Clickable(Widget) {
  readonly kind = 'DecoratedText';
  private text?: string;
  private topLabel?: string;
  private bottomLabel?: string;
  private wrapText?: boolean;
  private startIcon?: IconImage;
  private legacyIcon?: { knownIcon?: keyof typeof Icon; iconUrl?: string; altText?: string };
  private control?: Control;

  constructor(protected readonly c: Check) {
    super();
  }

  setText(text: string): this {
    this.text = this.c.text('text', text);
    return this;
  }
  setTopLabel(text: string): this {
    this.topLabel = this.c.text('text', text);
    return this;
  }
  setBottomLabel(text: string): this {
    this.bottomLabel = this.c.text('text', text);
    return this;
  }
  setWrapText(wrapText: boolean): this {
    this.wrapText = this.c.bool('wrapText', wrapText);
    return this;
  }
  setStartIcon(startIcon: IconImage): this {
    this.startIcon = this.c.instance('startIcon', startIcon, IconImage, 'an IconImage');
    return this;
  }
  setEndIcon(endIcon: IconImage): this {
    return this.setControl({
      kind: 'setEndIcon',
      value: this.c.instance('endIcon', endIcon, IconImage, 'an IconImage'),
    });
  }
  setButton(button: Button): this {
    return this.setControl({
      kind: 'setButton',
      value: this.c.instance('button', button, Button, 'a TextButton or ImageButton'),
    });
  }
  setSwitchControl(switchToSet: Switch): this {
    return this.setControl({
      kind: 'setSwitchControl',
      value: this.c.instance('switchToSet', switchToSet, Switch, 'a Switch'),
    });
  }
  /** Deprecated CardService setters, kept by Apps Script; they fill the start icon. */
  setIcon(icon: EnumArg): this {
    this.legacyIcon = { ...this.legacyIcon, knownIcon: this.c.oneOf('icon', icon, Icon), iconUrl: undefined };
    return this;
  }
  setIconUrl(url: string): this {
    this.legacyIcon = { ...this.legacyIcon, iconUrl: this.c.url('url', url), knownIcon: undefined };
    return this;
  }
  setIconAltText(altText: string): this {
    this.legacyIcon = { ...this.legacyIcon, altText: this.c.text('altText', altText) };
    return this;
  }

  private setControl(control: Control): this {
    // The card v1 schema holds one control on the right: a button, a switch or an end icon.
    if (this.control && this.control.kind !== control.kind) {
      this.c.fail(
        `DecoratedText.${control.kind}: this DecoratedText already has ${this.control.kind}; it takes one of a button, a switch or an end icon`,
      );
    }
    this.control = control;
    return this;
  }

  widgetJson(at: string): WidgetJson {
    if (!this.text) this.c.fail(`${at}: a DecoratedText needs text (setText)`);
    if (this.startIcon && this.legacyIcon)
      this.c.fail(`${at}: a DecoratedText takes setStartIcon or the deprecated setIcon/setIconUrl, not both`);
    const legacy = this.legacyIcon;
    if (legacy && !legacy.knownIcon && !legacy.iconUrl)
      this.c.fail(`${at}: setIconAltText needs setIcon or setIconUrl too`);
    const control = this.control;
    const json: DecoratedTextJson = compact({
      text: this.text,
      topLabel: this.topLabel,
      bottomLabel: this.bottomLabel,
      wrapText: this.wrapText,
      startIcon: this.startIcon?.iconJson(`${at} › start icon`) ?? (legacy && compact<IconJson>({ ...legacy })),
      onClick: this.onClickJson(at),
      button: control?.kind === 'setButton' ? control.value.buttonJson(`${at} › button`) : undefined,
      switchControl: control?.kind === 'setSwitchControl' ? control.value.switchJson(`${at} › switch`) : undefined,
      endIcon: control?.kind === 'setEndIcon' ? control.value.iconJson(`${at} › end icon`) : undefined,
    });
    return { decoratedText: json };
  }
}
