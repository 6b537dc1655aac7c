import type { MeResponse } from '../../contract/addon';
import { normaliseAddress } from '../../contract/addresses';
import { parseNeverLogEntry, parseNeverLogList } from '../../contract/never-log';
import type { Strings } from '../i18n';
import type { ActionButton, Choice, Prefs, ToggleView } from './compose';
import { ACTION, FIELD, ON } from './names';

// The user's never-log list lives in one user property (L5). Apps Script holds at most 9 KB per value: the list
// refuses an addition that would not fit, and warns when it is getting close, instead of failing on save.

export const NEVER_LOG_LIMIT_BYTES = 9000;
export const NEVER_LOG_WARN_BYTES = 7500;
/** A selection list shows at most this many items; the rest are counted. */
export const NEVER_LOG_SHOWN = 100;
const ACCOUNT_ENTRIES_SHOWN = 60;

export function serialiseNeverLog(list: readonly string[]): string {
  return list.join('\n');
}

export function deserialiseNeverLog(stored: string | null): string[] {
  return stored ? parseNeverLogList(stored.split('\n')).rules.map((r) => r.text) : [];
}

export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

export type ListEdit = { list: string[]; changed: boolean; notice: string };

function entriesOf(input: string): string[] {
  return input.split(/[\s,;]+/).filter((e) => e.length > 0);
}

function usageWarning(list: readonly string[], s: Strings): string | null {
  const bytes = utf8Bytes(serialiseNeverLog(list));
  return bytes > NEVER_LOG_WARN_BYTES ? s.neverLogNearlyFull((bytes / 1024).toFixed(1)) : null;
}

/** Adds what the user typed, all or nothing: one bad entry, or a list too big to store, changes nothing. */
export function addNeverLog(current: readonly string[], input: string, s: Strings): ListEdit {
  const unchanged = (notice: string): ListEdit => ({ list: current.slice(), changed: false, notice });
  const entries = entriesOf(input);
  if (entries.length === 0) return unchanged(s.neverLogNothing);
  const invalid = entries.filter((e) => 'error' in parseNeverLogEntry(e));
  if (invalid.length) return unchanged(s.neverLogInvalid(invalid.map((e) => `"${e}"`).join(', ')));
  const fresh = parseNeverLogList(entries).rules.map((r) => r.text).filter((t) => !current.includes(t));
  if (fresh.length === 0) return unchanged(s.alreadyListed);
  const list = [...current, ...fresh];
  if (utf8Bytes(serialiseNeverLog(list)) > NEVER_LOG_LIMIT_BYTES) return unchanged(s.neverLogFull);
  return { list, changed: true, notice: [s.added(fresh.length), usageWarning(list, s)].filter(Boolean).join(' ') };
}

/** Removes the ticked entries and any typed ones. */
export function removeNeverLog(current: readonly string[], ticked: readonly string[], typed: string, s: Strings): ListEdit {
  const targets = [...ticked, ...entriesOf(typed)].map(normaliseAddress);
  const list = current.filter((entry) => !targets.includes(entry));
  const removed = current.length - list.length;
  return removed === 0
    ? { list: current.slice(), changed: false, notice: s.nothingToRemove }
    : { list, changed: true, notice: s.removed(removed) };
}

export type SettingsView = {
  title: string;
  notice: string | null;
  neverLog: {
    title: string;
    help: string;
    empty: string | null;
    ticked: { name: string; choices: Choice[] } | null;
    more: string | null;
    usage: string | null;
    input: { name: string; label: string };
    add: ActionButton;
    remove: ActionButton;
  };
  account: { title: string; text: string };
  /** The user's `bcc+…` address, to log from any mail client (L11). */
  personalAddress: { title: string; address: string; help: string };
  defaults: { title: string; track: ToggleView; log: ToggleView; save: ActionButton | null };
};

export function settingsView(me: MeResponse, list: readonly string[], prefs: Prefs, notice: string | null, s: Strings): SettingsView {
  const toggle = (name: string, label: string, setting: { value: boolean; enforced: boolean }, pref: boolean | undefined): ToggleView =>
    setting.enforced
      ? { kind: 'fixed', label, value: setting.value, valueText: setting.value ? s.on : s.off, reason: s.setByAdmin }
      : { kind: 'switch', name, label, selected: pref ?? setting.value };
  const track = me.permissions.mayTrack
    ? toggle(FIELD.trackDefault, s.trackDefault, me.settings.track, prefs.track)
    : ({ kind: 'fixed', label: s.trackDefault, value: false, valueText: s.off, reason: s.trackNotAllowed } as const);
  const log = toggle(FIELD.logDefault, s.logDefault, me.settings.log, prefs.log);
  const shownAccount = me.accountNeverLog.slice(0, ACCOUNT_ENTRIES_SHOWN);
  const hiddenAccount = me.accountNeverLog.length - shownAccount.length;

  return {
    title: s.settingsTitle,
    notice,
    neverLog: {
      title: s.neverLogTitle,
      help: s.neverLogHelp,
      empty: list.length === 0 ? s.neverLogEmpty : null,
      ticked: list.length
        ? { name: FIELD.neverLogTicked, choices: list.slice(0, NEVER_LOG_SHOWN).map((e) => ({ text: e, value: e, selected: false })) }
        : null,
      more: list.length > NEVER_LOG_SHOWN ? s.neverLogMore(list.length - NEVER_LOG_SHOWN) : null,
      usage: usageWarning(list, s),
      input: { name: FIELD.neverLogEntry, label: s.neverLogInput },
      add: { text: s.add, action: ACTION.addNeverLog, parameters: {} },
      remove: { text: s.removeSelected, action: ACTION.removeNeverLog, parameters: {} },
    },
    account: {
      title: s.accountNeverLogTitle,
      text: me.accountNeverLog.length
        ? shownAccount.join(', ') + (hiddenAccount > 0 ? ` ${s.moreRecipients(hiddenAccount)}` : '')
        : s.accountNeverLogEmpty,
    },
    personalAddress: { title: s.personalAddressTitle, address: me.bccAddress, help: s.personalAddressHelp },
    defaults: {
      title: s.defaultsTitle,
      track,
      log,
      save:
        track.kind === 'switch' || log.kind === 'switch'
          ? {
              text: s.saveDefaults,
              action: ACTION.saveDefaults,
              // Save only changes what the card let the user change.
              parameters: { track: track.kind === 'switch' ? ON : '', log: log.kind === 'switch' ? ON : '' },
            }
          : null,
    },
  };
}
