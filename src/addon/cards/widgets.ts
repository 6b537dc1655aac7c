// Small CardService builders shared by every card. Texts from the CRM or the user are escaped here, once.
import type { ActionButton, Choice, RecipientRow, ToggleView } from '../views/compose';
import { escapeHtml } from '../views/format';

type Widget = GoogleAppsScript.Card_Service.Widget;

export function action(b: ActionButton): GoogleAppsScript.Card_Service.Action {
  return CardService.newAction()
    .setFunctionName(b.action)
    .setParameters(b.parameters)
    .setLoadIndicator(CardService.LoadIndicator.SPINNER);
}

export function button(b: ActionButton): GoogleAppsScript.Card_Service.TextButton {
  return CardService.newTextButton().setText(b.text).setOnClickAction(action(b));
}

export function buttons(...list: ActionButton[]): Widget {
  const set = CardService.newButtonSet();
  list.forEach((b) => set.addButton(button(b)));
  return set;
}

export function linkButton(text: string, url: string): Widget {
  return CardService.newButtonSet().addButton(CardService.newTextButton().setText(text).setOpenLink(CardService.newOpenLink().setUrl(url)));
}

export function paragraph(text: string): Widget {
  return CardService.newTextParagraph().setText(escapeHtml(text));
}

/** Several lines in one widget, each escaped. */
export function lines(list: string[]): Widget {
  return CardService.newTextParagraph().setText(list.map(escapeHtml).join('<br>'));
}

export function row(label: string, text: string, details: string | null): GoogleAppsScript.Card_Service.DecoratedText {
  const widget = CardService.newDecoratedText().setTopLabel(escapeHtml(label)).setText(escapeHtml(text)).setWrapText(true);
  return details ? widget.setBottomLabel(escapeHtml(details)) : widget;
}

export function recipient(r: RecipientRow): Widget {
  return row(r.label, r.text, r.details);
}

/** A switch the user flips, or, when the value is not theirs to change, the value and why. */
export function toggle(t: ToggleView): Widget {
  if (t.kind === 'fixed') return row(t.label, t.valueText, t.reason);
  const control = CardService.newSwitch()
    .setFieldName(t.name)
    .setValue('on')
    .setSelected(t.selected)
    .setControlType(CardService.SwitchControlType.SWITCH);
  if (t.onChange) control.setOnChangeAction(action(t.onChange));
  return CardService.newDecoratedText().setText(escapeHtml(t.label)).setWrapText(true).setSwitchControl(control);
}

/** A title only when the section's header does not already say it (Gmail would print the words twice). */
export function checkboxes(name: string, title: string | null, choices: Choice[], onChange?: ActionButton): Widget {
  const input = CardService.newSelectionInput().setType(CardService.SelectionInputType.CHECK_BOX).setFieldName(name);
  if (title) input.setTitle(title);
  if (onChange) input.setOnChangeAction(action(onChange));
  choices.forEach((c) => input.addItem(c.text, c.value, c.selected));
  return input;
}

/** One choice among many, as a list the user opens. */
export function dropdown(name: string, title: string, choices: Choice[]): Widget {
  const input = CardService.newSelectionInput().setType(CardService.SelectionInputType.DROPDOWN).setFieldName(name).setTitle(title);
  choices.forEach((c) => input.addItem(c.text, c.value, c.selected));
  return input;
}

export function textInput(name: string, title: string): Widget {
  return CardService.newTextInput().setFieldName(name).setTitle(title);
}

/** Headers and titles are the add-on's own words (i18n), shown as plain text. */
export function section(header: string | null, widgets: Array<Widget | null>): GoogleAppsScript.Card_Service.CardSection {
  const s = CardService.newCardSection();
  if (header) s.setHeader(header);
  widgets.forEach((w) => {
    if (w) s.addWidget(w);
  });
  return s;
}

export function card(name: string, title: string): GoogleAppsScript.Card_Service.CardBuilder {
  return CardService.newCardBuilder().setName(name).setHeader(CardService.newCardHeader().setTitle(title));
}
