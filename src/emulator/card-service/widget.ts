// Every object a CardSection accepts. The JSON is produced when the card is built, so every check runs there too,
// with the widget's place in the card in the message.
import type { WidgetJson } from './json';

export abstract class Widget {
  abstract readonly kind: string;
  abstract widgetJson(at: string): WidgetJson;
}
