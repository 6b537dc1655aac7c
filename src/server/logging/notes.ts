import type { Language } from '../../contract/language';

// The sentences the server writes down for a user when an email is logged or not (the timeline's notes on what
// changed after Apply, the feed's not-logged reasons). They are stored as text, so they are written in the
// language of the user they are for, with the add-on's words (src/addon/i18n.ts: consigner, « ne jamais consigner »).
// The SMTP answers and the logs say the same in English.

const en = {
  allNeverLog: 'every other address on this email is on a never-log list',
  notParty: 'you are neither its sender nor one of its recipients',
  refusedLog: (reason: string) => `This email was not logged: ${reason}.`,
  noFrom: 'the email has no From address',
  noDkim: (domain: string, checks: string) =>
    `the account requires a valid DKIM signature of ${domain}, and this copy has none (${checks})`,
  none: 'none',
  notFromOwn: (from: string, own: string) =>
    `it was sent from ${from}, which is not ${own}, one of its connected inboxes or one of its aliases`,
  userGone: 'the user who applied Track & Log is no longer in the account',
  addressUsed: (messageId: string) =>
    `its logging address was already used by another email (${messageId}); log this one from the Gmail sidebar`,
  addedNeverLog: (names: string) => `${names}, added after Apply, not logged: on a never-log list`,
  addedLogged: (names: string) => `${names}, added after Apply, logged with the account's defaults`,
  removedDropped: (name: string) => `${name}, removed after Apply: records chosen only for them are not logged`,
  removed: (name: string) => `${name}, removed after Apply`,
  modeAnonymous: 'Sent to several readers: opens are recorded as "someone opened", never by name',
  modeIdentified: 'Sent to one reader: opens are recorded as theirs',
  modeOff: 'No recipient as sent may be tracked: opens are not recorded',
};

export type NoteWords = typeof en;

const fr: NoteWords = {
  allNeverLog: 'toutes les autres adresses de cet e-mail sont dans une liste « ne jamais consigner »',
  notParty: "vous n'en êtes ni l'expéditeur ni un destinataire",
  refusedLog: (reason) => `Cet e-mail n'a pas été consigné : ${reason}.`,
  noFrom: "l'e-mail n'a pas d'adresse d'expéditeur (From)",
  noDkim: (domain, checks) =>
    `le compte exige une signature DKIM valide de ${domain}, et cette copie n'en a pas (${checks})`,
  none: 'aucune',
  notFromOwn: (from, own) =>
    `il a été envoyé depuis ${from}, qui n'est ni ${own}, ni une de ses boîtes de réception connectées, ni un de ses alias`,
  userGone: "l'utilisateur qui a appliqué Suivre et consigner ne fait plus partie du compte",
  addressUsed: (messageId) =>
    `son adresse de consignation a déjà servi pour un autre e-mail (${messageId}) ; consignez celui-ci depuis le panneau Gmail`,
  addedNeverLog: (names) => `${names}, ajouté après Appliquer, non consigné : dans une liste « ne jamais consigner »`,
  addedLogged: (names) => `${names}, ajouté après Appliquer, consigné avec les réglages par défaut du compte`,
  removedDropped: (name) =>
    `${name}, retiré après Appliquer : les fiches choisies uniquement pour cette personne ne sont pas consignées`,
  removed: (name) => `${name}, retiré après Appliquer`,
  modeAnonymous:
    'Envoyé à plusieurs destinataires : les ouvertures sont notées « quelqu’un a ouvert », jamais attribuées à une personne',
  modeIdentified: 'Envoyé à un seul destinataire : les ouvertures lui sont attribuées',
  modeOff: "Aucun destinataire de l'e-mail envoyé ne peut être suivi : les ouvertures ne sont pas enregistrées",
};

export const NOTE_WORDS: Record<Language, NoteWords> = { en, fr };

/** A sentence not yet written: said in the language of whoever reads it. */
export type Said = (words: NoteWords) => string;

export function say(said: Said, language: Language): string {
  return said(NOTE_WORDS[language]);
}
