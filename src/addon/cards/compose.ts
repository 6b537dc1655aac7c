import type { ComposeView } from '../views/compose';
import { reminderSection } from './reminder';
import { addRecordSections } from './record-search';
import { button, card, checkboxes, dropdown, lines, paragraph, recipient, section, textInput, toggle } from './widgets';

export function buildComposeCard(v: ComposeView): GoogleAppsScript.Card_Service.Card {
  const builder = card('compose', v.title)
    .addSection(section(v.recipients.title, [...v.recipients.rows.map(recipient), v.recipients.note ? paragraph(v.recipients.note) : null]))
    .addSection(section(null, [toggle(v.track), v.trackNote ? paragraph(v.trackNote) : null, toggle(v.log)]));

  const a = v.associations;
  builder.addSection(
    a.kind === 'choices'
      ? section(a.title, [a.choices.length ? checkboxes(a.name, null, a.choices, a.onChange) : null, a.note ? paragraph(a.note) : null])
      : section(a.title, [lines(a.lines), a.note ? paragraph(a.note) : null]),
  );

  if (v.createContacts) {
    builder.addSection(section(v.createContacts.title, [checkboxes(v.createContacts.name, null, v.createContacts.choices, v.createContacts.onChange)]));
  }

  builder.addSection(reminderSection(v.reminder));
  if (v.records) addRecordSections(builder, v.records);

  const l = v.link;
  builder.addSection(
    l.kind === 'form'
      ? section(l.title, [textInput(l.urlName, l.urlLabel), textInput(l.textName, l.textLabel), CardService.newButtonSet().addButton(button(l.button))])
      : section(l.title, [paragraph(l.note)]),
  );

  const t = v.templates;
  if (t) {
    builder.addSection(
      section(t.title, [dropdown(t.name, t.label, t.choices), t.note ? paragraph(t.note) : null, CardService.newButtonSet().addButton(button(t.button))]),
    );
  }

  builder.addSection(section(null, [paragraph(v.summary)]));

  return builder
    .setFixedFooter(CardService.newFixedFooter().setPrimaryButton(button(v.apply)).setSecondaryButton(button(v.refresh)))
    .build();
}
