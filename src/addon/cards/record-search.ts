// The "Other records" sections (P1) of the compose and message cards.
import type { Choice } from '../views/compose';
import type { RecordToolsView } from '../views/record-search';
import { buttons, checkboxes, paragraph, section } from './widgets';

type Widget = GoogleAppsScript.Card_Service.Widget;

function input(i: { name: string; label: string; value: string }): Widget {
  const widget = CardService.newTextInput().setFieldName(i.name).setTitle(i.label);
  return i.value ? widget.setValue(i.value) : widget;
}

function dropdown(d: { name: string; label: string; choices: Choice[] }): Widget {
  const widget = CardService.newSelectionInput().setType(CardService.SelectionInputType.DROPDOWN).setFieldName(d.name).setTitle(d.label);
  d.choices.forEach((c) => widget.addItem(c.text, c.value, c.selected));
  return widget;
}

export function addRecordSections(builder: GoogleAppsScript.Card_Service.CardBuilder, v: RecordToolsView): void {
  const f = v.found;
  builder.addSection(
    section(v.title, [
      input(v.query),
      dropdown(v.kind),
      buttons(v.search),
      f && f.choices.length ? checkboxes(f.name, f.title, f.choices) : null,
      f?.note ? paragraph(f.note) : null,
    ]),
  );
  const d = v.deal;
  if (d)
    builder.addSection(
      section(d.title, [input(d.name), dropdown(d.stage), input(d.amount), input(d.closeDate), buttons(d.button)])
        .setCollapsible(!d.name.value)
        .setNumUncollapsibleWidgets(0),
    );
  const c = v.contact;
  builder.addSection(
    section(c.title, [input(c.firstName), input(c.lastName), input(c.email), dropdown(c.company), buttons(c.button)])
      .setCollapsible(!c.firstName.value && !c.lastName.value)
      .setNumUncollapsibleWidgets(0),
  );
}
