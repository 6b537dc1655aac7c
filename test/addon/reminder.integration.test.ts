// The compose card's follow-up reminder (P3), end to end: the built bundle in the emulator, with the user's Gmail
// time zone, against a real server on a temporary SQLite file. Firing is tested where a test moves the clock
// (test/reminders/).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionParameters, cardOf, type Crm, draftUpdateOf, type Harness, headingsOf, seedCrm, startHarness, widgetsOf } from './harness';

let h: Harness;
let crm: Crm;

beforeAll(async () => {
  h = await startHarness();
  crm = await seedCrm(h);
});
afterAll(async () => h?.close());

/** The dropdown's items, as Gmail would show them. */
function dropdownOf(card: ReturnType<typeof cardOf>, name: string): Array<{ text: string; value: string; selected: boolean }> | undefined {
  const input = widgetsOf(card).find((w) => w.selectionInput?.name === name)?.selectionInput;
  return input?.type === 'DROPDOWN' ? input.items : undefined;
}

describe('a follow-up reminder from the compose card', () => {
  it('offers "if not opened" and "if no reply"; Apply registers it with a task due at 9:00 in the user\'s time zone', async () => {
    const addon = h.addon({ timeZone: 'Europe/Paris', locale: 'fr-FR' });
    const card = cardOf(addon.compose({ to: 'grace@engines.example' }));
    expect(headingsOf(card)).toContain('Rappel de relance');
    expect(dropdownOf(card, 'reminder')?.map((i) => i.value)).toEqual(['', 'not_opened', 'no_reply']);
    expect(dropdownOf(card, 'reminderDays')?.find((i) => i.selected)?.value).toBe('3');

    const update = draftUpdateOf(
      addon.action('onApply', {
        parameters: actionParameters(card, 'onApply'),
        formInputs: { track: 'on', log: 'on', associations: [`contact:${crm.grace}`], reminder: 'not_opened', reminderDays: '2' },
      }),
    );
    expect(addon.fetches).toHaveLength(1);
    const intent = await h.scope.intents.byLogSecret(/^log\+(.+)@/.exec(update.bcc![0])![1]);
    const reminder = await h.scope.reminders.ofIntent(intent!.id);
    expect(reminder).toMatchObject({ condition: 'not_opened', days: 2, timeZone: 'Europe/Paris', firedAt: null });
    const paris = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });
    expect(paris.format(reminder!.dueAt)).toBe('09:00');
    const task = await h.scope.objects.get('tasks', reminder!.taskId);
    expect(task?.properties).toMatchObject({ hs_task_status: 'NOT_STARTED', hs_timestamp: new Date(reminder!.dueAt).toISOString() });
  });

  it('registers no reminder when none is chosen', async () => {
    const addon = h.addon();
    const card = cardOf(addon.compose({ to: 'stranger@nowhere.example' }));
    const update = draftUpdateOf(addon.action('onApply', { parameters: actionParameters(card, 'onApply'), formInputs: { track: 'on', log: 'on' } }));
    const intent = await h.scope.intents.byLogSecret(/^log\+(.+)@/.exec(update.bcc![0])![1]);
    expect(await h.scope.reminders.ofIntent(intent!.id)).toBeUndefined();
  });
});
