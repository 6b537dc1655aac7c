import { normaliseAddress } from '../../contract/addresses';
import type {
  AssociationRef,
  ComposeContextResponse,
  ComposeIntentRequest,
  ComposeRecipient,
  RecordKind,
  PickerItem,
  RecipientLists,
  RecipientStatus,
} from '../../contract/addon';
import type { Strings } from '../i18n';
import { splitBcc } from './draft';
import { joinParts } from './format';
import { ACTION, FIELD, ON } from './names';
import { applySummary } from './apply-summary';
import { templatesView, type TemplatesView } from './templates';
import { RECORD_FIELD } from './record-fields';
import type { RecordToolsView } from './record-search';
import { type ReminderView, reminderRequest, reminderView } from './reminder';

/** A Track or Log setting: a switch the user flips, or a fixed value with the reason it cannot change. */
export type ToggleView =
  | { kind: 'switch'; name: string; label: string; selected: boolean; onChange?: ActionButton }
  | { kind: 'fixed'; label: string; value: boolean; valueText: string; reason: string };

export type Choice = { text: string; value: string; selected: boolean };

export type RecipientRow = { status: RecipientStatus; label: string; text: string; details: string | null };

export type ComposeView = {
  title: string;
  recipients: { title: string; rows: RecipientRow[]; note: string | null };
  track: ToggleView;
  trackNote: string | null;
  log: ToggleView;
  associations:
    | { kind: 'choices'; title: string; name: string; choices: Choice[]; note: string | null; onChange: ActionButton }
    | { kind: 'fixed'; title: string; lines: string[]; note: string | null };
  createContacts: { title: string; name: string; choices: Choice[]; onChange: ActionButton } | null;
  reminder: ReminderView;
  link:
    | { kind: 'form'; title: string; urlName: string; urlLabel: string; textName: string; textLabel: string; button: ActionButton }
    | { kind: 'note'; title: string; note: string };
  templates: TemplatesView | null;
  /** What Apply will do with the card as it stands: drawn again whenever a switch or a tick changes. */
  summary: string;
  apply: ActionButton;
  refresh: ActionButton;
  /** Search, new deal, new contact (P1): absent when the admin fixed the records an email is logged to. */
  records?: RecordToolsView;
};

export type ActionButton = { text: string; action: string; parameters: { [key: string]: string } };

/** What the user chose last time, kept in user properties (settings that are not enforced). */
export type Prefs = { track?: boolean; log?: boolean };

/** Beyond this many rows the card lists the rest as a count: a card holds at most 100 widgets. */
export const MAX_RECIPIENT_ROWS = 20;

const STATUS_LABEL: { [K in RecipientStatus]: (s: Strings) => string } = {
  contact: (s) => s.statusContact,
  unknown: (s) => s.statusUnknown,
  never_log: (s) => s.statusNeverLog,
  internal: (s) => s.statusInternal,
};

const OBJECT_LABEL: { [K in RecordKind]: (s: Strings) => string } = {
  contact: (s) => s.objectContact,
  company: (s) => s.objectCompany,
  deal: (s) => s.objectDeal,
  ticket: (s) => s.objectTicket,
};

export function recipientRow(r: Pick<ComposeRecipient, 'address' | 'status' | 'neverLog' | 'contact' | 'companies' | 'deals'> & {
  untrackableReason?: ComposeRecipient['untrackableReason'];
}, s: Strings): RecipientRow {
  const neverLog = r.neverLog ? (r.neverLog.source === 'user' ? s.neverLogUser : s.neverLogAccount)(r.neverLog.rule) : null;
  const untrackable =
    r.untrackableReason === 'no_legal_basis' ? s.untrackableNoLegalBasis : r.untrackableReason === 'not_a_contact' ? s.untrackableNotContact : null;
  return {
    status: r.status,
    label: STATUS_LABEL[r.status](s),
    text: r.contact?.name || r.address,
    details: joinParts([r.contact?.name ? r.address : null, r.companies.map((c) => c.name).join(', '), neverLog, untrackable]),
  };
}

export function pickerChoice(item: PickerItem, s: Strings): Choice {
  return {
    text: `${OBJECT_LABEL[item.type](s)}: ${item.label}${item.detail ? ` (${item.detail})` : ''}`,
    value: `${item.type}:${item.id}`,
    selected: item.selected,
  };
}

export function parseChoiceValue(value: string): AssociationRef | null {
  const match = /^(contact|company|deal|ticket):(.+)$/.exec(value);
  return match ? { type: match[1] as RecordKind, id: match[2] } : null;
}

/** What the card's form holds when the rep changed a switch or a tick: the card is drawn again with it. */
export type Chosen = {
  track: boolean;
  log: boolean;
  associations: string[];
  createContacts: string[];
  reminder: { condition: string; days: string };
};

export function composeView(
  ctx: ComposeContextResponse,
  prefs: Prefs,
  draftKey: string,
  s: Strings,
  chosen: Chosen | null = null,
): ComposeView {
  const { settings, permissions, tracking } = ctx;
  const onChange: ActionButton = { text: '', action: ACTION.composeChanged, parameters: { draftKey } };

  const rows = ctx.recipients.map((r) => recipientRow(r, s));
  const hidden = rows.length - MAX_RECIPIENT_ROWS;
  const recipientsNote = rows.length === 0 ? s.noRecipients : hidden > 0 ? s.moreRecipients(hidden) : null;

  let track: ToggleView;
  if (!permissions.mayTrack) track = fixed(s.track, false, s.trackNotAllowed, s);
  else if (tracking.reason === 'no_eligible_recipient') track = fixed(s.track, false, s.trackNoEligible, s);
  else if (settings.track.enforced) track = fixed(s.track, settings.track.value, s.setByAdmin, s);
  else
    track = {
      kind: 'switch',
      name: FIELD.track,
      label: s.track,
      selected: chosen ? chosen.track : (prefs.track ?? settings.track.value),
      onChange,
    };
  const mayBeTracked = track.kind === 'switch' || track.value;
  const trackNote = mayBeTracked && tracking.mode === 'anonymous' ? s.anonymousNote : null;

  const log: ToggleView = settings.log.enforced
    ? fixed(s.log, settings.log.value, s.setByAdmin, s)
    : {
        kind: 'switch',
        name: FIELD.log,
        label: s.log,
        selected: chosen ? chosen.log : (prefs.log ?? settings.log.value),
        onChange,
      };

  const choices = ctx.picker.items
    .map((item) => pickerChoice(item, s))
    .map((c) => (chosen && !settings.associations.enforced ? { ...c, selected: chosen.associations.includes(c.value) } : c));
  const pickerNote = ctx.picker.truncated
    ? s.associationsCut(ctx.picker.items.length, ctx.picker.total)
    : choices.length === 0
      ? s.associationsEmpty
      : null;
  const associations: ComposeView['associations'] = settings.associations.enforced
    ? {
        kind: 'fixed',
        title: s.associationsTitle,
        lines: [s.associationsLocked, ...choices.filter((c) => c.selected).map((c) => c.text)],
        note: pickerNote,
      }
    : { kind: 'choices', title: s.associationsTitle, name: FIELD.associations, choices, note: pickerNote, onChange };

  const unknown = ctx.recipients.filter((r) => r.status === 'unknown');
  const createContacts = unknown.length
    ? {
        title: s.createContactsTitle,
        name: FIELD.createContacts,
        choices: unique(unknown.map((r) => r.address)).map((address) => ({
          text: address,
          value: address,
          selected: chosen?.createContacts.includes(address) ?? false,
        })),
        onChange,
      }
    : null;

  const linkBlocked = !permissions.mayTrack
    ? s.trackNotAllowed
    : !permissions.mayTrackClicks
      ? s.clicksNotAllowed
      : track.kind === 'fixed' && !track.value
        ? track.reason
        : null;
  const link: ComposeView['link'] = linkBlocked
    ? { kind: 'note', title: s.linkTitle, note: linkBlocked }
    : {
        kind: 'form',
        title: s.linkTitle,
        urlName: FIELD.linkUrl,
        urlLabel: s.linkUrl,
        textName: FIELD.linkText,
        textLabel: s.linkText,
        button: { text: s.insertLink, action: ACTION.insertLink, parameters: { bccDomain: ctx.bccDomain } },
      };

  return {
    title: s.composeTitle,
    recipients: { title: s.recipientsTitle, rows: rows.slice(0, MAX_RECIPIENT_ROWS), note: recipientsNote },
    track,
    trackNote,
    log,
    associations,
    createContacts,
    reminder: reminderView(mayBeTracked, s, chosen?.reminder ?? null),
    link,
    templates: templatesView(ctx, draftKey, s),
    summary: applySummary({ track, log, associations, createContacts, clicks: permissions.mayTrackClicks, mode: tracking.mode }, s),
    apply: {
      text: s.apply,
      action: ACTION.apply,
      parameters: {
        draftKey,
        bccDomain: ctx.bccDomain,
        // A setting the user cannot change travels with the button, so Apply sends what the card showed.
        track: track.kind === 'fixed' ? onOff(track.value) : '',
        log: log.kind === 'fixed' ? onOff(log.value) : '',
        associationsFixed: associations.kind === 'fixed' ? ON : '',
      },
    },
    refresh: { text: s.refresh, action: ACTION.retry, parameters: { view: 'compose' } },
  };
}

function fixed(label: string, value: boolean, reason: string, s: Strings): ToggleView {
  return { kind: 'fixed', label, value, valueText: value ? s.on : s.off, reason };
}

function onOff(value: boolean): string {
  return value ? ON : 'off';
}

function unique(values: string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) === i);
}

/** What Apply reads back from the card: the switches, the ticks, and the parameters the card put on the button. */
export type ApplyInput = {
  parameters: { [key: string]: string };
  form: { [name: string]: string[] };
  draft: RecipientLists;
  neverLog: string[];
  /** The user's IANA time zone, for a reminder's due time (UTC when Gmail does not say). */
  timeZone?: string;
};

function reminderOf(form: ApplyInput['form'], timeZone = 'UTC'): Pick<ComposeIntentRequest, 'reminder'> {
  const reminder = reminderRequest(form, timeZone);
  return reminder ? { reminder } : {};
}

export function intentRequest(input: ApplyInput): ComposeIntentRequest {
  const { parameters: p, form, draft } = input;
  const choice = (name: string, fixedValue: string | undefined) =>
    fixedValue === ON ? true : fixedValue === 'off' ? false : (form[name] ?? []).includes(ON);
  const { others, token } = splitBcc(draft.bcc, p.bccDomain ?? '');
  const associations =
    p.associationsFixed === ON
      ? []
      : [...(form[FIELD.associations] ?? []), ...(form[RECORD_FIELD.found] ?? [])]
          .filter((v, i, all) => all.indexOf(v) === i)
          .map(parseChoiceValue)
          .filter((a): a is AssociationRef => a !== null);
  return {
    draftKey: p.draftKey ?? '',
    ...(token ? { previousToken: token } : {}),
    track: choice(FIELD.track, p.track),
    log: choice(FIELD.log, p.log),
    associations: associations.slice(0, 100),
    createContacts: unique((form[FIELD.createContacts] ?? []).map(normaliseAddress)),
    neverLog: input.neverLog,
    recipients: { to: draft.to, cc: draft.cc, bcc: others },
    ...reminderOf(form, input.timeZone),
  };
}
