// Grid, GridItem and the image styling they use (ImageComponent, ImageCropStyle, BorderStyle).
import { Check } from '../check';
import { compact, type EnumArg } from './base';
import { Clickable } from './clickable';
import { parseColor } from './color';
import { BorderType, GridItemLayout, HorizontalAlignment, ImageCropType } from './enums';
import type {
  BorderStyleJson,
  ColorJson,
  GridItemJson,
  ImageComponentJson,
  ImageCropStyleJson,
  WidgetJson,
} from './json';
import { Widget } from './widget';

export class BorderStyle {
  private type?: keyof typeof BorderType;
  private strokeColor?: ColorJson;
  private cornerRadius?: number;
  constructor(private readonly c: Check) {}

  setType(type: EnumArg): this {
    this.type = this.c.oneOf('type', type, BorderType);
    return this;
  }
  setStrokeColor(color: string): this {
    this.strokeColor = parseColor(this.c, 'color', color);
    return this;
  }
  setCornerRadius(radius: number): this {
    this.cornerRadius = this.c.int('radius', radius, 0);
    return this;
  }
  borderJson(): BorderStyleJson {
    return compact<BorderStyleJson>({
      type: this.type,
      strokeColor: this.strokeColor,
      cornerRadius: this.cornerRadius,
    });
  }
}

export class ImageCropStyle {
  private type?: keyof typeof ImageCropType;
  private aspectRatio?: number;
  constructor(private readonly c: Check) {}

  setImageCropType(type: EnumArg): this {
    this.type = this.c.oneOf('type', type, ImageCropType);
    return this;
  }
  setAspectRatio(ratio: number): this {
    if (typeof ratio !== 'number' || !(ratio > 0)) this.c.fail('Invalid argument: ratio (a positive number)');
    this.aspectRatio = ratio;
    return this;
  }
  cropJson(at: string): ImageCropStyleJson {
    if (this.aspectRatio !== undefined && this.type !== 'RECTANGLE_CUSTOM')
      this.c.fail(`${at}: an aspect ratio applies only to ImageCropType.RECTANGLE_CUSTOM`);
    return compact<ImageCropStyleJson>({ type: this.type, aspectRatio: this.aspectRatio });
  }
}

export class ImageComponent {
  private imageUri?: string;
  private altText?: string;
  private crop?: ImageCropStyle;
  private border?: BorderStyle;
  constructor(private readonly c: Check) {}

  setImageUrl(url: string): this {
    this.imageUri = this.c.url('url', url);
    return this;
  }
  setAltText(altText: string): this {
    this.altText = this.c.text('altText', altText);
    return this;
  }
  setCropStyle(imageCropStyle: ImageCropStyle): this {
    this.crop = this.c.instance('imageCropStyle', imageCropStyle, ImageCropStyle, 'an ImageCropStyle');
    return this;
  }
  setBorderStyle(borderStyle: BorderStyle): this {
    this.border = this.c.instance('borderStyle', borderStyle, BorderStyle, 'a BorderStyle');
    return this;
  }
  imageJson(at: string): ImageComponentJson {
    if (!this.imageUri) this.c.fail(`${at}: an ImageComponent needs a URL (setImageUrl)`);
    return compact<ImageComponentJson>({
      imageUri: this.imageUri,
      altText: this.altText,
      cropStyle: this.crop?.cropJson(at),
      borderStyle: this.border?.borderJson(),
    });
  }
}

export class GridItem {
  private id?: string;
  private image?: ImageComponent;
  private title?: string;
  private subtitle?: string;
  private layout?: keyof typeof GridItemLayout;
  constructor(private readonly c: Check) {}

  setIdentifier(id: string): this {
    this.id = this.c.text('id', id);
    return this;
  }
  setImage(image: ImageComponent): this {
    this.image = this.c.instance('image', image, ImageComponent, 'an ImageComponent');
    return this;
  }
  setTitle(title: string): this {
    this.title = this.c.text('title', title);
    return this;
  }
  setSubtitle(subtitle: string): this {
    this.subtitle = this.c.text('subtitle', subtitle);
    return this;
  }
  setLayout(layout: EnumArg): this {
    this.layout = this.c.oneOf('layout', layout, GridItemLayout);
    return this;
  }
  /** Accepted and checked, but not emitted: card v1's GridItem has no alignment field. */
  setTextAlignment(alignment: EnumArg): this {
    this.c.oneOf('alignment', alignment, HorizontalAlignment);
    return this;
  }
  itemJson(at: string): GridItemJson {
    if (!this.title && !this.image) this.c.fail(`${at}: a GridItem needs a title or an image`);
    return compact<GridItemJson>({
      id: this.id,
      image: this.image?.imageJson(`${at} › image`),
      title: this.title,
      subtitle: this.subtitle,
      layout: this.layout,
    });
  }
}

export class Grid extends Clickable(Widget) {
  readonly kind = 'Grid';
  private title?: string;
  private readonly items: GridItem[] = [];
  private columns?: number;
  private border?: BorderStyle;

  constructor(protected readonly c: Check) {
    super();
  }

  setTitle(title: string): this {
    this.title = this.c.text('title', title);
    return this;
  }
  addItem(gridItem: GridItem): this {
    this.items.push(this.c.instance('gridItem', gridItem, GridItem, 'a GridItem'));
    return this;
  }
  setNumColumns(numColumns: number): this {
    this.columns = this.c.int('numColumns', numColumns, 1);
    return this;
  }
  setBorderStyle(borderStyle: BorderStyle): this {
    this.border = this.c.instance('borderStyle', borderStyle, BorderStyle, 'a BorderStyle');
    return this;
  }

  widgetJson(at: string): WidgetJson {
    if (this.items.length === 0) this.c.fail(`${at}: a Grid needs at least one item (addItem)`);
    return {
      grid: compact({
        title: this.title,
        items: this.items.map((item, i) => item.itemJson(`${at} › item ${i + 1}`)),
        columnCount: this.columns,
        borderStyle: this.border?.borderJson(),
        onClick: this.onClickJson(at),
      }),
    };
  }
}
