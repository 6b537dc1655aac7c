import type { EventLabel, LogMessageResponse, MessageContextResponse, Person, TrackedEvent } from '../../contract/addon';
import type { Strings } from '../i18n';
import { type ActionButton, type Choice, MAX_RECIPIENT_ROWS, pickerChoice, type RecipientRow, recipientRow } from './compose';
import { madeByPerson } from '../../contract/labels';
import { formatWhen, joinParts } from './format';
import { ACTION, FIELD } from './names';
import type { RecordToolsView } from './record-search';

export type MessageView = {
  title: string;
  sender: { title: string; row: RecipientRow; lines: string[] };
  logged: { text: string; link: { text: string; url: string } | null; progress: { text: string; next: ActionButton } | null };
  tracked: { title: string; summary: string; people: string[]; machines: { title: string; lines: string[] } | null } | null;
  recipients: { title: string; rows: RecipientRow[]; note: string | null };
  log: {
    title: string;
    associations: { title: string; name: string; choices: Choice[]; note: string | null };
    createContacts: { title: string; name: string; choices: Choice[] } | null;
    buttons: ActionButton[];
  };
  /** Search, new deal, new contact (P1). */
  records?: RecordToolsView;
};

export type Clock = { locale: string; timeZone: string };

/** How far "Log the whole thread" got: `done` of `total` messages sent, `created` of them new in the CRM. */
export type ThreadProgress = { done: number; total: number; created: number };

export const PROGRESS = { from: 'from', created: 'created' } as const;


export function labelText(label: EventLabel, s: Strings): string {
  switch (label) {
    case 'human':
      return s.labelHuman;
    case 'proxy':
      return s.labelProxy;
    case 'apple_mpp':
      return s.labelAppleMpp;
    case 'prefetch':
      return s.labelPrefetch;
    case 'scanner':
      return s.labelScanner;
    case 'self':
      return s.labelSelf;
  }
}

function personLines(p: Person, s: Strings, clock: Clock): string[] {
  const lines: string[] = [];
  if (p.contact?.owner) lines.push(s.owner(p.contact.owner));
  if (p.deals.length) lines.push(`${s.openDeals}: ${p.deals.map((d) => joinParts([d.name, d.stage, d.amount])).join('; ')}`);
  if (p.contact?.lastActivityAt) lines.push(s.lastActivity(formatWhen(p.contact.lastActivityAt, clock.locale, clock.timeZone)));
  return lines;
}

function eventLine(e: TrackedEvent, kind: 'open' | 'click', s: Strings, clock: Clock): string {
  const when = formatWhen(e.at, clock.locale, clock.timeZone);
  const base = kind === 'open' ? s.openedAt(when) : s.clickedAt(when);
  // Why is shown for every label a person should question: a machine's, the sender's own, any guess.
  const questioned = e.uncertain || !madeByPerson(kind, e.label);
  return (
    joinParts([
      base,
      s.by(labelText(e.label, s)),
      e.uncertain ? s.uncertain : null,
      e.url,
      questioned ? e.why : null,
    ]) ?? base
  );
}

export function messageView(ctx: MessageContextResponse, s: Strings, clock: Clock, progress?: ThreadProgress): MessageView {
  const senderRow = recipientRow(ctx.sender, s);
  if (ctx.sender.status === 'unknown') senderRow.label = s.notInCrm;
  if (ctx.sender.status === 'internal') senderRow.label = s.colleague;

  let tracked: MessageView['tracked'] = null;
  if (ctx.tracked) {
    const t = ctx.tracked;
    const events = [
      ...t.opens.map((e) => ({ e, kind: 'open' as const, line: eventLine(e, 'open', s, clock) })),
      ...t.clicks.map((e) => ({ e, kind: 'click' as const, line: eventLine(e, 'click', s, clock) })),
    ].sort((a, b) => (a.e.at < b.e.at ? 1 : -1));
    // Opens and clicks no person made are shown apart, never as opens (T9); the sender's own reads go with them (T8).
    const people = events.filter((x) => madeByPerson(x.kind, x.e.label)).map((x) => x.line);
    const machines = events.filter((x) => !madeByPerson(x.kind, x.e.label)).map((x) => x.line);
    tracked = {
      title: s.trackedTitle,
      summary:
        joinParts([
          t.mode === 'identified' ? s.modeIdentified : t.mode === 'anonymous' ? s.modeAnonymous : s.modeOff,
          t.sentAt ? s.sentAt(formatWhen(t.sentAt, clock.locale, clock.timeZone)) : null,
        ]) ?? s.modeOff,
      people: people.length ? people : [s.notOpened],
      machines: machines.length ? { title: s.machineEvents, lines: machines } : null,
    };
  }

  const people = [ctx.sender, ...ctx.recipients];
  const unknown = people.filter((p) => p.status === 'unknown').map((p) => p.address);
  const rows = ctx.recipients.map((r) => recipientRow(r, s));
  const hidden = rows.length - MAX_RECIPIENT_ROWS;
  const choices = ctx.picker.items.map((item) => pickerChoice(item, s));

  return {
    title: s.messageTitle,
    sender: { title: s.fromTitle, row: senderRow, lines: personLines(ctx.sender, s, clock) },
    logged: {
      ...(ctx.logged ? { text: s.logged, link: { text: s.openInMailtrail, url: ctx.logged.url } } : { text: s.notLogged, link: null }),
      progress:
        progress && progress.done < progress.total
          ? {
              text: s.threadProgress(progress.done, progress.total),
              next: {
                text: s.continueLogging,
                action: ACTION.logThread,
                parameters: { [PROGRESS.from]: String(progress.done), [PROGRESS.created]: String(progress.created) },
              },
            }
          : null,
    },
    tracked,
    recipients: { title: s.recipientsTitle, rows: rows.slice(0, MAX_RECIPIENT_ROWS), note: hidden > 0 ? s.moreRecipients(hidden) : null },
    log: {
      title: s.logSectionTitle,
      associations: {
        title: s.associationsTitle,
        name: FIELD.associations,
        choices,
        note: ctx.picker.truncated
          ? s.associationsCut(ctx.picker.items.length, ctx.picker.total)
          : choices.length === 0
            ? s.associationsEmpty
            : null,
      },
      createContacts: unknown.length
        ? {
            title: s.createContactsTitle,
            name: FIELD.createContacts,
            choices: unknown.filter((a, i) => unknown.indexOf(a) === i).map((a) => ({ text: a, value: a, selected: false })),
          }
        : null,
      buttons: [
        { text: s.logMessage, action: ACTION.logMessage, parameters: {} },
        { text: s.logThread, action: ACTION.logThread, parameters: {} },
      ],
    },
  };
}

/** The context after a successful log, so the card can show "Logged" without asking the backend again. */
export function afterLogging(ctx: MessageContextResponse, logged: { emailId: string; url: string }): MessageContextResponse {
  return { ...ctx, logged: { emailId: logged.emailId, url: logged.url } };
}

/** Messages of a Log answer that are new in the CRM. */
export function createdIn(result: LogMessageResponse): number {
  return [result, ...result.thread].filter((m) => m.created).length;
}

/**
 * The notification after Log: how many records, or that it was there already, and what was left out. A thread
 * logged in chunks says how far it got, and at the end how many of all its chunks were new (`earlier`).
 */
export function loggedNotice(result: LogMessageResponse, s: Strings, thread?: { progress: ThreadProgress; earlier: number }): string {
  const all = [result, ...result.thread];
  const fresh = createdIn(result) + (thread?.earlier ?? 0);
  const head =
    thread && thread.progress.done < thread.progress.total
      ? s.threadProgress(thread.progress.done, thread.progress.total)
      : fresh === 0
        ? s.alreadyLogged
        : result.thread.length > 0 || thread
          ? s.loggedThread(fresh)
          : s.loggedNow;
  const leftOut = all.flatMap((m) =>
    m.leftOut.map((l) => s.leftOut(l.name, l.reason === 'over_50mb' ? s.leftOver50 : s.leftNotUploaded)),
  );
  const refused = result.notLogged.map((n) => s.notLoggedBecause(n.reason));
  return [head, ...leftOut, ...refused].join(' ');
}
