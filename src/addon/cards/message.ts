import type { MessageView } from '../views/message';
import { addRecordSections } from './record-search';
import { buttons, card, checkboxes, linkButton, lines, paragraph, recipient, section } from './widgets';

export function buildMessageCard(v: MessageView): GoogleAppsScript.Card_Service.Card {
  const builder = card('message', v.title)
    .addSection(section(v.sender.title, [recipient(v.sender.row), ...v.sender.lines.map(paragraph)]))
    .addSection(
      section(null, [
        paragraph(v.logged.text),
        v.logged.link ? linkButton(v.logged.link.text, v.logged.link.url) : null,
        v.logged.progress ? paragraph(v.logged.progress.text) : null,
        v.logged.progress ? buttons(v.logged.progress.next) : null,
      ]),
    );

  if (v.tracked) {
    builder.addSection(section(v.tracked.title, [paragraph(v.tracked.summary), lines(v.tracked.people)]));
    if (v.tracked.machines) builder.addSection(section(v.tracked.machines.title, [lines(v.tracked.machines.lines)]).setCollapsible(true));
  }

  if (v.recipients.rows.length) {
    builder.addSection(
      section(v.recipients.title, [...v.recipients.rows.map(recipient), v.recipients.note ? paragraph(v.recipients.note) : null])
        .setCollapsible(true)
        .setNumUncollapsibleWidgets(3),
    );
  }

  if (v.records) addRecordSections(builder, v.records);

  const a = v.log.associations;
  const c = v.log.createContacts;
  builder.addSection(
    section(v.log.title, [
      a.choices.length ? checkboxes(a.name, a.title, a.choices) : null,
      a.note ? paragraph(a.note) : null,
      c ? checkboxes(c.name, c.title, c.choices) : null,
      buttons(...v.log.buttons),
    ]),
  );
  return builder.build();
}
