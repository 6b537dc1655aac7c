// The "Other records" sections (P1) of the compose and message cards.
import type { Choice } from '../views/compose';
import type { RecordToolsView } from '../views/record-search';
import { buttons, checkboxes, dropdown, paragraph, section } from './widgets';

type Widget = GoogleAppsScript.Card_Service.Widget;

function input(i: { name: string; label: string; value: string }): Widget {
  const widget = CardService.newTextInput().setFieldName(i.name).setTitle(i.label);
  return i.value ? widget.setValue(i.value) : widget;
}

function select(d: { name: string; label: string; choices: Choice[] }): Widget {
  return dropdown(d.name, d.label, d.choices);
}

export function addRecordSections(builder: GoogleAppsScript.Card_Service.CardBuilder, v: RecordToolsView): void {
  const f = v.found;
  builder.addSection(
    section(v.title, [
      input(v.query),
      select(v.kind),
      buttons(v.search),
      f && f.choices.length ? checkboxes(f.name, f.title, f.choices, f.onChange) : null,
      f?.note ? paragraph(f.note) : null,
    ]),
  );
  const d = v.deal;
  if (d)
    builder.addSection(
      section(d.title, [input(d.name), select(d.stage), input(d.amount), input(d.closeDate), buttons(d.button)])
        .setCollapsible(!d.name.value)
        .setNumUncollapsibleWidgets(0),
    );
  const c = v.contact;
  builder.addSection(
    section(c.title, [input(c.firstName), input(c.lastName), input(c.email), select(c.company), buttons(c.button)])
      .setCollapsible(!c.firstName.value && !c.lastName.value)
      .setNumUncollapsibleWidgets(0),
  );
}
