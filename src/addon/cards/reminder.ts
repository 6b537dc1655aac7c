import type { ReminderView } from '../views/reminder';
import { paragraph, section } from './widgets';

function dropdown(name: string, title: string | null, choices: ReminderView['days']): GoogleAppsScript.Card_Service.Widget {
  const input = CardService.newSelectionInput().setType(CardService.SelectionInputType.DROPDOWN).setFieldName(name);
  if (title) input.setTitle(title);
  choices.forEach((c) => input.addItem(c.text, c.value, c.selected));
  return input;
}

export function reminderSection(v: ReminderView): GoogleAppsScript.Card_Service.CardSection {
  return section(v.title, [dropdown(v.conditionName, null, v.conditions), dropdown(v.daysName, v.daysTitle, v.days), paragraph(v.note)]);
}
