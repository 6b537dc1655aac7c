import type { AssociationRef, RecipientLists } from '../../contract/addon';
import { bareAddress, domainOf, isAddress, normaliseAddress } from '../../contract/addresses';
import { effectiveSettings, permissions } from '../accounts/settings';
import { lookUpPeople, picker, type People, type Sender } from '../logging/people';
import type { Intent } from '../store/intents';
import type { User } from '../store/users';
import { decideTracking } from '../tracking/attribution';
import type { InboundAddress, InboundEmail } from './parse';
import { NOTE_WORDS, type NoteWords } from '../logging/notes';

export type Reconciled = Pick<Intent, 'associations' | 'mode' | 'attributedTo' | 'clicks' | 'sendNotes'>;

/** The readers of a list of addresses: each once, in order, without the sender and the logging addresses. */
function readers(addresses: string[], sender: Sender): string[] {
  const seen = new Set<string>();
  return addresses
    .map((a) => normaliseAddress(bareAddress(a)))
    .filter((a) => {
      if (!isAddress(a) || seen.has(a) || sender.own.has(a) || domainOf(a) === sender.account.bccDomain) return false;
      seen.add(a);
      return true;
    });
}

/**
 * The recipients the copy shows: its To and Cc (and Bcc, when the copy kept it). Gmail leaves Bcc out of what it
 * delivers, so the Bcc recipients of Apply stay as they were: nothing in the copy can say they were removed.
 */
export function finalRecipients(email: InboundEmail, applied: RecipientLists | null): RecipientLists {
  const plain = (list: InboundAddress[]) => list.map((p) => p.address);
  return {
    to: plain(email.to),
    cc: plain(email.cc),
    bcc: [...plain(email.bcc), ...(applied?.bcc ?? [])],
  };
}

const everyone = (lists: RecipientLists) => [...lists.to, ...lists.cc, ...lists.bcc];
const key = (r: { type: string; id: string }) => `${r.type}:${r.id}`;

/** The records the account's defaults pre-select for these recipients (L2), as a copy without Apply is logged. */
export async function defaultAssociations(
  sender: Sender,
  recipients: RecipientLists,
  userNeverLog: string[],
): Promise<AssociationRef[]> {
  const list = readers(everyone(recipients), sender);
  const people = await lookUpPeople(sender, list, userNeverLog);
  return picker(
    list.map((a) => people.person(a)),
    effectiveSettings(sender.account).associations.value,
  )
    .items.filter((i) => i.selected)
    .map((i) => ({ type: i.type, id: i.id }));
}

/**
 * L10: the copy as sent decides, not the state at Apply. Recipients added after Apply bring the records the
 * account's defaults pre-select for them (never-log lists apply; a record the rep saw at Apply keeps the rep's
 * choice); records pre-selected at Apply only for recipients who were removed are dropped, and those the rep ticked
 * by hand stay. The tracking mode is decided again from the final recipients (T6, T7), unless Apply inserted no
 * pixel. Each change is said in a sentence for the timeline.
 */
export async function reconcile(
  sender: Sender & { user: User },
  intent: Intent,
  email: InboundEmail,
): Promise<Reconciled> {
  const unchanged: Reconciled = {
    associations: intent.associations,
    mode: intent.mode,
    attributedTo: intent.attributedTo,
    clicks: intent.clicks,
    sendNotes: [],
  };
  const before = readers(everyone(intent.recipients), sender);
  const after = readers(everyone(finalRecipients(email, intent.recipients)), sender);
  const added = after.filter((a) => !before.includes(a));
  const removed = before.filter((a) => !after.includes(a));
  if (!added.length && !removed.length) return unchanged;

  const people = await lookUpPeople(sender, [...before, ...added], intent.neverLog);
  const defaults = effectiveSettings(sender.account).associations.value;
  const atApply = picker(
    before.map((a) => people.person(a)),
    defaults,
  ).items;
  const atSend = picker(
    after.map((a) => people.person(a)),
    defaults,
  ).items;
  const offeredAtApply = new Set(atApply.map(key));
  const preselectedAtApply = new Set(atApply.filter((i) => i.selected).map(key));
  const offeredAtSend = new Set(atSend.map(key));

  const kept = intent.associations.filter((a) => !(preselectedAtApply.has(key(a)) && !offeredAtSend.has(key(a))));
  const keptKeys = new Set(kept.map(key));
  const brought = atSend
    .filter((i) => i.selected && !offeredAtApply.has(key(i)) && !keptKeys.has(key(i)))
    .map((i) => ({ type: i.type, id: i.id }));
  const dropped = intent.associations.length - kept.length;

  const tracking = intent.mode === 'off' ? unchanged : decideAgain(sender, after, people, intent);
  const names = nameOf(email);
  // Stored for the sender's timeline: in their language.
  const w = NOTE_WORDS[sender.user.language ?? 'en'];
  const notes = [
    ...added.map((a) =>
      people.person(a).status === 'never_log' ? w.addedNeverLog(names(a)) : w.addedLogged(names(a)),
    ),
    ...removed.map((a) => {
      const name = people.person(a).contact?.name || a;
      return dropped ? w.removedDropped(name) : w.removed(name);
    }),
    ...(tracking.mode !== intent.mode ? [modeNote(tracking.mode, w)] : []),
  ];
  return { ...tracking, associations: [...kept, ...brought], sendNotes: notes };
}

function decideAgain(
  sender: Sender & { user: User },
  after: string[],
  people: People,
  intent: Intent,
): Pick<Intent, 'mode' | 'attributedTo' | 'clicks'> {
  const decision = decideTracking({
    privacyMode: sender.account.settings.privacyMode,
    permissions: permissions(sender.account, sender.user),
    recipients: after.map((address) => ({
      address,
      status: people.person(address).status,
      contact: people.contactOf(address),
    })),
    ownAddresses: [...sender.own],
    bccDomain: sender.account.bccDomain,
  });
  return {
    mode: decision.mode,
    attributedTo:
      decision.mode === 'identified' && decision.attributedTo
        ? {
            address: decision.attributedTo.address,
            contactId: decision.attributedTo.contactId === null ? null : Number(decision.attributedTo.contactId),
          }
        : null,
    clicks: intent.clicks && decision.mode !== 'off',
  };
}

function modeNote(mode: Intent['mode'], w: NoteWords): string {
  if (mode === 'anonymous') return w.modeAnonymous;
  if (mode === 'identified') return w.modeIdentified;
  return w.modeOff;
}

/** The name the copy gives an address, else the address. */
function nameOf(email: InboundEmail): (address: string) => string {
  const parties = [...email.to, ...email.cc, ...email.bcc];
  return (address) => parties.find((p) => normaliseAddress(p.address) === address && p.name.trim())?.name ?? address;
}
