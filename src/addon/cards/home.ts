import type { HomeView } from '../views/home';
import type { ActionButton } from '../views/compose';
import { buttons, card, linkButton, paragraph, row, section } from './widgets';

function feedRow(r: HomeView['people'][number]): GoogleAppsScript.Card_Service.Widget {
  const widget = row(r.label, r.text, r.details);
  return r.url ? widget.setOpenLink(CardService.newOpenLink().setUrl(r.url)) : widget;
}

export function buildHomeCard(v: HomeView): GoogleAppsScript.Card_Service.Card {
  const builder = card('home', v.title);
  const paging = [v.latest, v.older].filter((b): b is ActionButton => b !== null);
  builder.addSection(
    section(null, [
      v.empty ? paragraph(v.empty) : null,
      ...v.people.map(feedRow),
      paging.length ? buttons(...paging) : null,
      linkButton(v.live.text, v.live.url),
    ]),
  );
  if (v.machines) builder.addSection(section(v.machines.title, v.machines.rows.map(feedRow)).setCollapsible(true).setNumUncollapsibleWidgets(1));
  return builder.build();
}
