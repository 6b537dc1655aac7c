import * as z from 'zod/mini';
import { type DealStageChoice, PickerItem, RecordKind } from '../../contract/addon';
import type { Strings } from '../i18n';
import type { RecordStrings } from '../i18n-records';
import { type ActionButton, type Choice, type ComposeView, pickerChoice } from './compose';
import type { MessageView } from './message';
import { ACTION, FIELD, ON } from './names';
import { RECORD_FIELD, RECORD_PARAM } from './record-fields';

// "Reach any record" (P1) on the compose and message cards. Cards are stateless: what the rep added travels in the
// card itself (see docs/decisions.md). Each action re-renders the card from the context it was built from, with the
// rep's ticks and typed values read back from the event, and the added records from a parameter of its buttons.

export type Form = { [name: string]: string[] };

/** The records the card carries: those added to the picker (kept from a search, or created), the last results. */
export type CardRecords = { added: PickerItem[]; found: PickerItem[]; more: boolean };

const CardRecordsJson = z.object({
  added: z.array(PickerItem).check(z.maxLength(100)),
  found: z.array(PickerItem).check(z.maxLength(20)),
  more: z.boolean(),
});

/** The platform's limit for a static selection list. */
const PICKER_MAX = 100;

export const NO_RECORDS: CardRecords = { added: [], found: [], more: false };

export function readCardRecords(raw: string): CardRecords {
  try {
    const parsed = CardRecordsJson.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : NO_RECORDS;
  } catch {
    return NO_RECORDS;
  }
}

const valueOf = (i: { type: string; id: string }) => `${i.type}:${i.id}`;

/** Results the rep ticked join the added records, so that a new search or a creation does not lose them. */
export function keepTicked(records: CardRecords, form: Form, created: PickerItem[] = []): CardRecords {
  const ticked = new Set(form[RECORD_FIELD.found] ?? []);
  const added = [...records.added, ...records.found.filter((f) => ticked.has(valueOf(f))), ...created];
  return { added: added.filter((a, i) => added.findIndex((b) => valueOf(b) === valueOf(a)) === i), found: [], more: false };
}

type Input = { name: string; label: string; value: string };
type Dropdown = { name: string; label: string; choices: Choice[] };

export type RecordToolsView = {
  title: string;
  query: Input;
  kind: Dropdown;
  search: ActionButton;
  found: { title: string; name: string; choices: Choice[]; note: string | null } | null;
  deal: { title: string; name: Input; stage: Dropdown; amount: Input; closeDate: Input; button: ActionButton } | null;
  contact: { title: string; firstName: Input; lastName: Input; email: Input; company: Dropdown; button: ActionButton };
};

export type RecordToolsInput = {
  /** The context's picker items. */
  base: PickerItem[];
  records: CardRecords;
  /** The event's form on a re-render; null on the card's first render. */
  form: Form | null;
  dealStages: DealStageChoice[];
  /** Which card, and for compose its draft key: every tool's button carries them, with the records. */
  params: { [key: string]: string };
  /** The search that produced `records.found`, and the form that was just created from (emptied). */
  searched?: string;
  cleared?: 'deal' | 'contact';
  /** Records this very action added (kept from the results, or created): ticked whatever the form said. */
  justAdded?: string[];
};

const KIND_TEXT: { [K in RecordKind]: (r: RecordStrings) => string } = {
  contact: (r) => r.kindContact,
  company: (r) => r.kindCompany,
  deal: (r) => r.kindDeal,
  ticket: (r) => r.kindTicket,
};

/** The picker's choices with the added records, and the tools, with the rep's ticks and typed values kept. */
export function recordTools(input: RecordToolsInput, s: Strings, r: RecordStrings): { choices: Choice[]; view: RecordToolsView } {
  const { form, records } = input;
  const ticked = form ? new Set([...(form[FIELD.associations] ?? []), ...(form[RECORD_FIELD.found] ?? [])]) : null;
  const added = new Set(records.added.map(valueOf));
  // A selection list holds at most 100 items: what the rep added stays, the context's least relevant records give way.
  const base = input.base.filter((b) => !added.has(valueOf(b)));
  const items = [...base.slice(0, Math.max(0, PICKER_MAX - records.added.length)), ...records.added].slice(0, PICKER_MAX);
  const just = new Set(input.justAdded ?? []);
  const choices = items.map((item) => {
    const choice = pickerChoice(item, s);
    const selected = ticked ? ticked.has(choice.value) || just.has(choice.value) : item.selected || added.has(choice.value);
    return { ...choice, selected };
  });
  const listed = new Set(choices.map((c) => c.value));
  const typed = (name: string, panel?: 'deal' | 'contact'): Input['value'] =>
    panel && input.cleared === panel ? '' : (form?.[name]?.[0] ?? '');
  const input_ = (name: string, label: string, panel?: 'deal' | 'contact'): Input => ({ name, label, value: typed(name, panel) });
  const button = (text: string, action: string): ActionButton => ({
    text,
    action,
    parameters: { ...input.params, [RECORD_PARAM.records]: JSON.stringify(records) },
  });
  const dropdown = (name: string, label: string, options: Array<{ text: string; value: string }>, panel?: 'deal' | 'contact'): Dropdown => {
    const current = typed(name, panel);
    const chosen = options.some((o) => o.value === current) ? current : (options[0]?.value ?? '');
    return { name, label, choices: options.map((o) => ({ ...o, selected: o.value === chosen })) };
  };

  const fresh = records.found.filter((f) => !listed.has(valueOf(f)));
  const found: RecordToolsView['found'] =
    input.searched === undefined
      ? null
      : {
          title: r.foundTitle,
          name: RECORD_FIELD.found,
          choices: fresh.map((f) => pickerChoice(f, s)),
          note: records.more
            ? r.foundMore(records.found.length)
            : records.found.length === 0
              ? r.foundNone(input.searched)
              : fresh.length === 0
                ? r.foundListed
                : null,
        };

  const companies = choices
    .filter((c) => c.value.startsWith('company:'))
    .map((c) => ({ text: items.find((i) => valueOf(i) === c.value)?.label ?? c.text, value: c.value.slice('company:'.length) }));

  return {
    choices,
    view: {
      title: r.recordsTitle,
      query: { name: RECORD_FIELD.query, label: r.searchLabel, value: typed(RECORD_FIELD.query) },
      kind: dropdown(RECORD_FIELD.kind, r.searchKind, [
        { text: r.kindAll, value: '' },
        ...RecordKind.options.map((k) => ({ text: KIND_TEXT[k](r), value: k })),
      ]),
      search: button(r.search, ACTION.findRecords),
      found,
      deal: input.dealStages.length
        ? {
            title: r.newDealTitle,
            name: input_(RECORD_FIELD.dealName, r.dealName, 'deal'),
            stage: dropdown(
              RECORD_FIELD.dealStage,
              r.dealStage,
              input.dealStages.map((d) => ({ text: d.label, value: `${d.pipeline}:${d.stage}` })),
              'deal',
            ),
            amount: input_(RECORD_FIELD.dealAmount, r.dealAmount, 'deal'),
            closeDate: input_(RECORD_FIELD.dealCloseDate, r.dealCloseDate, 'deal'),
            button: button(r.createDeal, ACTION.createDeal),
          }
        : null,
      contact: {
        title: r.newContactTitle,
        firstName: input_(RECORD_FIELD.firstName, r.firstName, 'contact'),
        lastName: input_(RECORD_FIELD.lastName, r.lastName, 'contact'),
        email: input_(RECORD_FIELD.email, r.contactEmail, 'contact'),
        company: dropdown(RECORD_FIELD.company, r.contactCompany, [{ text: r.noCompany, value: '' }, ...companies], 'contact'),
        button: button(r.createContact, ACTION.createContact),
      },
    },
  };
}

/** The compose view with the tools, the added records among the choices, and the switches and ticks as they were. */
export function withComposeTools(view: ComposeView, input: RecordToolsInput, s: Strings, r: RecordStrings): ComposeView {
  if (view.associations.kind !== 'choices') return view;
  const { choices, view: tools } = recordTools(input, s, r);
  const form = input.form;
  const switched = (t: ComposeView['track']): ComposeView['track'] =>
    form && t.kind === 'switch' ? { ...t, selected: (form[t.name] ?? []).includes(ON) } : t;
  return {
    ...view,
    track: switched(view.track),
    log: switched(view.log),
    associations: { ...view.associations, choices, note: emptied(view.associations.note, choices, s) },
    createContacts: view.createContacts && form ? { ...view.createContacts, choices: reticked(view.createContacts.choices, form[FIELD.createContacts]) } : view.createContacts,
    records: tools,
  };
}

/** The message view likewise: its Log section gets the added records and the tools. */
export function withMessageTools(view: MessageView, input: RecordToolsInput, s: Strings, r: RecordStrings): MessageView {
  const { choices, view: tools } = recordTools(input, s, r);
  const a = view.log.associations;
  const c = view.log.createContacts;
  return {
    ...view,
    log: {
      ...view.log,
      associations: { ...a, choices, note: emptied(a.note, choices, s) },
      createContacts: c && input.form ? { ...c, choices: reticked(c.choices, input.form[FIELD.createContacts]) } : c,
    },
    records: tools,
  };
}

/** "No records yet" no longer holds once a record was added. */
function emptied(note: string | null, choices: Choice[], s: Strings): string | null {
  return choices.length && note === s.associationsEmpty ? null : note;
}

function reticked(choices: Choice[], values: string[] | undefined): Choice[] {
  return choices.map((c) => ({ ...c, selected: (values ?? []).includes(c.value) }));
}

/** The tools as a card first shows them: nothing added, nothing searched. */
export function toolsOnOpen(
  ctx: { picker: { items: PickerItem[] }; dealStages: DealStageChoice[] },
  card: 'compose' | 'message',
  draftKey: string,
): RecordToolsInput {
  return {
    base: ctx.picker.items,
    records: NO_RECORDS,
    form: null,
    dealStages: ctx.dealStages,
    params: { [RECORD_PARAM.card]: card, ...(draftKey ? { [RECORD_PARAM.draftKey]: draftKey } : {}) },
  };
}
