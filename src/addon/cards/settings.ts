import type { SettingsView } from '../views/settings';
import { buttons, card, checkboxes, paragraph, section, textInput, toggle } from './widgets';

export function buildSettingsCard(v: SettingsView): GoogleAppsScript.Card_Service.Card {
  const n = v.neverLog;
  const builder = card('settings', v.title);
  if (v.notice) builder.addSection(section(null, [paragraph(v.notice)]));
  builder
    .addSection(
      section(n.title, [
        paragraph(n.help),
        n.empty ? paragraph(n.empty) : null,
        n.ticked ? checkboxes(n.ticked.name, n.title, n.ticked.choices) : null,
        n.more ? paragraph(n.more) : null,
        n.usage ? paragraph(n.usage) : null,
        textInput(n.input.name, n.input.label),
        buttons(n.add, n.remove),
      ]),
    )
    .addSection(section(v.account.title, [paragraph(v.account.text)]))
    .addSection(section(v.personalAddress.title, [paragraph(v.personalAddress.address), paragraph(v.personalAddress.help)]))
    .addSection(section(v.defaults.title, [toggle(v.defaults.track), toggle(v.defaults.log), v.defaults.save ? buttons(v.defaults.save) : null]));
  return builder.build();
}
