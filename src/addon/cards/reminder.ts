import type { ReminderView } from '../views/reminder';
import { dropdown, paragraph, section } from './widgets';

export function reminderSection(v: ReminderView): GoogleAppsScript.Card_Service.CardSection {
  return section(v.title, [
    dropdown(v.conditionName, v.conditionTitle, v.conditions),
    dropdown(v.daysName, v.daysTitle, v.days),
    paragraph(v.note),
  ]);
}
