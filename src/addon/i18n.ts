// The add-on's words, in English and French, chosen from `commonEventObject.userLocale` (manifest: useLocaleFromApp).
// Values are plain text; the card builders escape them where a widget takes HTML.
import type { ApplyOutcome } from './views/apply-summary';

const en = {
  appName: 'mailtrail',
  retry: 'Retry',
  refresh: 'Refresh',
  on: 'On',
  off: 'Off',
  setByAdmin: 'Set by your admin',

  errorTitle: 'mailtrail could not do that',
  failUnreachable: (host: string) =>
    `mailtrail could not be reached at ${host}. Check your connection; if it persists, ask your admin whether the mailtrail server is running.`,
  failTimeout: 'mailtrail did not answer in time. Try again in a moment.',
  failUnauthorized: (message: string) => `mailtrail did not accept your Google account: ${message}`,
  failRejected: (message: string) => `mailtrail refused the request: ${message}`,
  failServer: (status: number, reference: string) =>
    `mailtrail had a problem on its side (HTTP ${status}). Try again in a moment; if it persists, give your admin this reference: ${reference}.`,
  failInvalid:
    'mailtrail answered with something this add-on does not understand. Ask your admin to check that the add-on and the server are the same version.',
  failBug: 'The add-on hit an unexpected problem. Try again; if it persists, tell your admin.',
  nothingAdded: 'Nothing was added to your email.',

  composeTitle: 'Track & log',
  recipientsTitle: 'Recipients',
  statusContact: 'Contact',
  statusUnknown: 'Not in the CRM',
  statusNeverLog: 'Never logged',
  statusInternal: 'Colleague',
  neverLogUser: (rule: string) => `${rule} is on your never-log list`,
  neverLogAccount: (rule: string) => `${rule} is on your account's never-log list`,
  untrackableNoLegalBasis: 'Not tracked: no legal basis for processing',
  untrackableNotContact: 'Not tracked: not a contact yet',
  moreRecipients: (n: number) => `…and ${n} more`,
  noRecipients: 'No recipients yet. Add them to the email, then click Refresh.',
  track: 'Track opens and clicks',
  log: 'Log to the CRM',
  trackNotAllowed: 'Your admin has not allowed you to track emails.',
  trackNoEligible: 'Privacy mode is on and no recipient has a legal basis for processing: this email cannot be tracked.',
  anonymousNote: 'Several recipients: opens will be recorded as "someone opened", never attributed to one person.',
  associationsTitle: 'Log to these records',
  associationsCut: (shown: number, total: number) => `Showing the ${shown} most relevant of ${total} records.`,
  associationsEmpty: 'No CRM records for these recipients yet.',
  associationsLocked: 'Your admin chooses the records emails are logged to:',
  createContactsTitle: 'Create contacts for',
  objectContact: 'Contact',
  objectCompany: 'Company',
  objectDeal: 'Deal',
  linkTitle: 'Tracked link',
  linkUrl: 'Web address',
  linkText: 'Link text',
  insertLink: 'Insert tracked link',
  clicksNotAllowed: 'Click tracking is not enabled for you: ask your admin.',
  apply: 'Apply',
  applySummary: (o: ApplyOutcome) => {
    const track = `track ${o.track === 'opens' ? 'opens' : 'opens and clicks'}${o.anonymous ? ' anonymously' : ''}`;
    const log = `log this email ${o.records === 0 ? 'without linking it to any record' : `to ${o.records} record${o.records === 1 ? '' : 's'}`}`;
    const contacts = o.log && o.contacts ? `, creating ${o.contacts} contact${o.contacts === 1 ? '' : 's'}` : '';
    if (o.track === 'off' && !o.log) return 'Apply will neither track nor log this email.';
    if (o.track === 'off') return `Apply will ${log}${contacts}, without tracking it.`;
    if (!o.log) return `Apply will ${track}, without logging the email.`;
    return `Apply will ${track} and ${log}${contacts}.`;
  },
  linkNeedsApply: "Click Apply first: a tracked link belongs to this email's tracking.",
  linkBadUrl: 'Enter a full web address, starting with https://',

  templatesTitle: 'Templates and snippets',
  templatePick: 'Template or snippet',
  templateKindTemplate: 'Template',
  templateKindSnippet: 'Snippet',
  insertTemplate: 'Insert',
  templatePickFirst: 'Choose a template or snippet first.',
  templatesSeveral:
    'Several recipients: contact, company and deal fields use their fallbacks, since one email cannot name each of them.',
  templatesNoRecipient:
    "No recipient yet: contact, company and deal fields use their fallbacks. Add the recipient first to fill in their details.",

  messageTitle: 'mailtrail',
  fromTitle: 'From',
  notInCrm: 'Not in the CRM',
  colleague: 'A colleague',
  openDeals: 'Open deals',
  owner: (name: string) => `Owner: ${name}`,
  lastActivity: (when: string) => `Last activity ${when}`,
  logged: 'Logged in the CRM',
  notLogged: 'Not logged yet',
  openInMailtrail: 'Open in mailtrail',
  trackedTitle: 'Tracking',
  modeIdentified: 'Tracked: opens are attributed to the recipient',
  modeAnonymous: 'Tracked anonymously: several recipients',
  modeOff: 'Not tracked',
  sentAt: (when: string) => `Sent ${when}`,
  notOpened: 'Not opened yet',
  openedAt: (when: string) => `Opened ${when}`,
  clickedAt: (when: string) => `Clicked ${when}`,
  labelHuman: 'a person',
  labelProxy: "Gmail's image proxy",
  labelAppleMpp: 'Apple Mail privacy prefetch',
  labelPrefetch: 'prefetch',
  labelScanner: 'link scanner',
  labelSelf: 'you',
  machineEvents: 'Not counted as opens: machines and your own reads',
  logSectionTitle: 'Log',
  logMessage: 'Log this email',
  logThread: 'Log the whole thread',
  loggedNow: 'Logged in the CRM.',
  loggedThread: (n: number) => `Logged ${n} emails of the thread.`,
  threadProgress: (done: number, total: number) => `Logged ${done} of ${total} emails of the thread.`,
  continueLogging: 'Continue',
  alreadyLogged: 'Already logged: nothing was duplicated.',
  leftOut: (name: string, reason: string) => `Left out: ${name} (${reason}).`,
  leftOver50: 'over 50 MB',
  leftNotUploaded: 'too large to send from the sidebar',
  notLoggedBecause: (reason: string) => `Not logged: ${reason}`,

  homeTitle: 'Activity',
  feedEmpty:
    'No activity yet. Track or log an email from the compose window: sends, opens, clicks and logged emails show up here.',
  kindSent: 'Sent',
  kindOpened: 'Opened',
  kindClicked: 'Clicked',
  kindLogged: 'Logged',
  kindNotLogged: 'Not logged',
  someone: 'Someone',
  noSubject: '(no subject)',
  opens: (n: number, times: string) => (n === 1 ? `1 open: ${times}` : `${n} opens: ${times}`),
  by: (who: string) => `by ${who}`,
  uncertain: 'uncertain',
  machineFetches: (n: number) => (n === 1 ? '1 machine fetch, not counted' : `${n} machine fetches, not counted`),
  liveNotifications: 'Open mailtrail for live notifications',
  older: 'Older',
  latest: 'Latest',

  settingsTitle: 'Settings',
  neverLogTitle: 'Your never-log list',
  neverLogHelp: 'Never logged, never made contacts: an address (ada@example.com), a domain (@example.com) or a domain with its subdomains (*.example.com).',
  neverLogEmpty: 'Your list is empty.',
  neverLogInput: 'Address or domain (several: separate with commas)',
  add: 'Add',
  removeSelected: 'Remove ticked, or typed, entries',
  neverLogMore: (n: number) => `…and ${n} more entries, not shown. To remove one, type it above and click Remove.`,
  neverLogFull: 'Nothing was added: your never-log list would pass the 9 KB a user setting can hold. Remove entries, or ask your admin to put the domain on the account\'s list.',
  neverLogNearlyFull: (used: string) => `Your list uses ${used} KB of 9 KB: it is nearly full.`,
  neverLogInvalid: (entries: string) => `Nothing was added: ${entries} — each entry must be an address, @domain or *.domain.`,
  neverLogNothing: 'Type an address or a domain first.',
  added: (n: number) => (n === 1 ? '1 entry added.' : `${n} entries added.`),
  alreadyListed: 'Already on your list: nothing to add.',
  removed: (n: number) => (n === 1 ? '1 entry removed.' : `${n} entries removed.`),
  nothingToRemove: 'Tick an entry, or type one, to remove it.',
  personalAddressTitle: 'Your personal logging address',
  personalAddressHelp:
    'Put it in Bcc from any mail client (a phone, Outlook…) to log an email without Apply: it is logged to its recipients\' records with the account\'s defaults, not tracked. Keep it to yourself: whoever has it can log email as you.',
  accountNeverLogTitle: "Your account's never-log list (set by admins)",
  accountNeverLogEmpty: 'Empty.',
  defaultsTitle: 'Your defaults for new emails',
  trackDefault: 'Track',
  logDefault: 'Log',
  saveDefaults: 'Save defaults',
  defaultsSaved: 'Defaults saved.',
};

export type Strings = typeof en;

const fr: Strings = {
  appName: 'mailtrail',
  retry: 'Réessayer',
  refresh: 'Actualiser',
  on: 'Activé',
  off: 'Désactivé',
  setByAdmin: 'Défini par votre administrateur',

  errorTitle: "mailtrail n'a pas pu le faire",
  failUnreachable: (host) =>
    `mailtrail est injoignable à ${host}. Vérifiez votre connexion ; si le problème persiste, demandez à votre administrateur si le serveur mailtrail fonctionne.`,
  failTimeout: "mailtrail n'a pas répondu à temps. Réessayez dans un instant.",
  failUnauthorized: (message) => `mailtrail n'a pas accepté votre compte Google : ${message}`,
  failRejected: (message) => `mailtrail a refusé la demande : ${message}`,
  failServer: (status, reference) =>
    `mailtrail a rencontré un problème (HTTP ${status}). Réessayez dans un instant ; si cela persiste, donnez cette référence à votre administrateur : ${reference}.`,
  failInvalid:
    "mailtrail a répondu quelque chose que ce module ne comprend pas. Demandez à votre administrateur de vérifier que le module et le serveur sont de la même version.",
  failBug: 'Le module a rencontré un problème inattendu. Réessayez ; si cela persiste, prévenez votre administrateur.',
  nothingAdded: "Rien n'a été ajouté à votre e-mail.",

  composeTitle: 'Suivre et consigner',
  recipientsTitle: 'Destinataires',
  statusContact: 'Contact',
  statusUnknown: 'Absent du CRM',
  statusNeverLog: 'Jamais consigné',
  statusInternal: 'Collègue',
  neverLogUser: (rule) => `${rule} est dans votre liste « ne jamais consigner »`,
  neverLogAccount: (rule) => `${rule} est dans la liste « ne jamais consigner » du compte`,
  untrackableNoLegalBasis: 'Non suivi : aucune base légale de traitement',
  untrackableNotContact: "Non suivi : ce n'est pas encore un contact",
  moreRecipients: (n) => `…et ${n} de plus`,
  noRecipients: 'Aucun destinataire. Ajoutez-les à l’e-mail, puis cliquez sur Actualiser.',
  track: 'Suivre les ouvertures et les clics',
  log: 'Consigner dans le CRM',
  trackNotAllowed: "Votre administrateur ne vous a pas autorisé à suivre les e-mails.",
  trackNoEligible:
    "Le mode confidentialité est actif et aucun destinataire n'a de base légale de traitement : cet e-mail ne peut pas être suivi.",
  anonymousNote: 'Plusieurs destinataires : les ouvertures seront notées « quelqu’un a ouvert », jamais attribuées à une personne.',
  associationsTitle: 'Consigner sur ces fiches',
  associationsCut: (shown, total) => `Les ${shown} fiches les plus pertinentes sur ${total}.`,
  associationsEmpty: 'Aucune fiche CRM pour ces destinataires.',
  associationsLocked: 'Votre administrateur choisit les fiches sur lesquelles les e-mails sont consignés :',
  createContactsTitle: 'Créer des contacts pour',
  objectContact: 'Contact',
  objectCompany: 'Entreprise',
  objectDeal: 'Transaction',
  linkTitle: 'Lien suivi',
  linkUrl: 'Adresse web',
  linkText: 'Texte du lien',
  insertLink: 'Insérer un lien suivi',
  clicksNotAllowed: "Le suivi des clics n'est pas activé pour vous : demandez à votre administrateur.",
  apply: 'Appliquer',
  applySummary: (o) => {
    const track = `suivra ${o.track === 'opens' ? 'les ouvertures' : 'les ouvertures et les clics'}${o.anonymous ? ' anonymement' : ''}`;
    const log = `consignera cet e-mail ${o.records === 0 ? "sans l'associer à une fiche" : `sur ${o.records} fiche${o.records === 1 ? '' : 's'}`}`;
    const contacts = o.log && o.contacts ? `, en créant ${o.contacts} contact${o.contacts === 1 ? '' : 's'}` : '';
    if (o.track === 'off' && !o.log) return 'Appliquer ne suivra ni ne consignera cet e-mail.';
    if (o.track === 'off') return `Appliquer ${log}${contacts}, sans le suivre.`;
    if (!o.log) return `Appliquer ${track}, sans consigner l'e-mail.`;
    return `Appliquer ${track} et ${log}${contacts}.`;
  },
  linkNeedsApply: "Cliquez d'abord sur Appliquer : un lien suivi fait partie du suivi de cet e-mail.",
  linkBadUrl: 'Saisissez une adresse web complète, commençant par https://',

  templatesTitle: 'Modèles et extraits',
  templatePick: 'Modèle ou extrait',
  templateKindTemplate: 'Modèle',
  templateKindSnippet: 'Extrait',
  insertTemplate: 'Insérer',
  templatePickFirst: "Choisissez d'abord un modèle ou un extrait.",
  templatesSeveral:
    'Plusieurs destinataires : les champs contact, entreprise et transaction prennent leur valeur de repli, un seul e-mail ne pouvant nommer chacun.',
  templatesNoRecipient:
    "Pas encore de destinataire : les champs contact, entreprise et transaction prennent leur valeur de repli. Ajoutez d'abord le destinataire pour remplir ses informations.",

  messageTitle: 'mailtrail',
  fromTitle: 'De',
  notInCrm: 'Absent du CRM',
  colleague: 'Un collègue',
  openDeals: 'Transactions en cours',
  owner: (name) => `Propriétaire : ${name}`,
  lastActivity: (when) => `Dernière activité ${when}`,
  logged: 'Consigné dans le CRM',
  notLogged: 'Pas encore consigné',
  openInMailtrail: 'Ouvrir dans mailtrail',
  trackedTitle: 'Suivi',
  modeIdentified: 'Suivi : les ouvertures sont attribuées au destinataire',
  modeAnonymous: 'Suivi anonyme : plusieurs destinataires',
  modeOff: 'Non suivi',
  sentAt: (when) => `Envoyé ${when}`,
  notOpened: 'Pas encore ouvert',
  openedAt: (when) => `Ouvert ${when}`,
  clickedAt: (when) => `Cliqué ${when}`,
  labelHuman: 'une personne',
  labelProxy: "le proxy d'images de Gmail",
  labelAppleMpp: 'le préchargement Apple Mail',
  labelPrefetch: 'un préchargement',
  labelScanner: 'un analyseur de liens',
  labelSelf: 'vous',
  machineEvents: 'Non comptés comme ouvertures : machines et vos propres lectures',
  logSectionTitle: 'Consigner',
  logMessage: 'Consigner cet e-mail',
  logThread: 'Consigner toute la conversation',
  loggedNow: 'Consigné dans le CRM.',
  loggedThread: (n) => `${n} e-mails de la conversation consignés.`,
  threadProgress: (done, total) => `${done} e-mails sur ${total} de la conversation consignés.`,
  continueLogging: 'Continuer',
  alreadyLogged: 'Déjà consigné : rien n’a été dupliqué.',
  leftOut: (name, reason) => `Non joint : ${name} (${reason}).`,
  leftOver50: 'plus de 50 Mo',
  leftNotUploaded: 'trop volumineux pour être envoyé depuis le panneau',
  notLoggedBecause: (reason) => `Non consigné : ${reason}`,

  homeTitle: 'Activité',
  feedEmpty:
    "Aucune activité pour l'instant. Suivez ou consignez un e-mail depuis la fenêtre de rédaction : envois, ouvertures, clics et e-mails consignés s'afficheront ici.",
  kindSent: 'Envoyé',
  kindOpened: 'Ouvert',
  kindClicked: 'Cliqué',
  kindLogged: 'Consigné',
  kindNotLogged: 'Non consigné',
  someone: 'Quelqu’un',
  noSubject: '(sans objet)',
  opens: (n, times) => (n === 1 ? `1 ouverture : ${times}` : `${n} ouvertures : ${times}`),
  by: (who) => `par ${who}`,
  uncertain: 'incertain',
  machineFetches: (n) => (n === 1 ? '1 accès par une machine, non compté' : `${n} accès par des machines, non comptés`),
  liveNotifications: 'Ouvrir mailtrail pour les notifications en direct',
  older: 'Plus anciens',
  latest: 'Plus récents',

  settingsTitle: 'Paramètres',
  neverLogTitle: 'Votre liste « ne jamais consigner »',
  neverLogHelp:
    'Jamais consignés, jamais transformés en contacts : une adresse (ada@exemple.fr), un domaine (@exemple.fr) ou un domaine et ses sous-domaines (*.exemple.fr).',
  neverLogEmpty: 'Votre liste est vide.',
  neverLogInput: 'Adresse ou domaine (plusieurs : séparez-les par des virgules)',
  add: 'Ajouter',
  removeSelected: 'Retirer les entrées cochées ou saisies',
  neverLogMore: (n) => `…et ${n} autres entrées, non affichées. Pour en retirer une, saisissez-la ci-dessus puis cliquez sur Retirer.`,
  neverLogFull:
    "Rien n'a été ajouté : votre liste dépasserait les 9 Ko qu'un paramètre utilisateur peut contenir. Retirez des entrées, ou demandez à votre administrateur d'ajouter le domaine à la liste du compte.",
  neverLogNearlyFull: (used) => `Votre liste occupe ${used} Ko sur 9 Ko : elle est presque pleine.`,
  neverLogInvalid: (entries) => `Rien n'a été ajouté : ${entries} — chaque entrée doit être une adresse, un @domaine ou un *.domaine.`,
  neverLogNothing: "Saisissez d'abord une adresse ou un domaine.",
  added: (n) => (n === 1 ? '1 entrée ajoutée.' : `${n} entrées ajoutées.`),
  alreadyListed: 'Déjà dans votre liste : rien à ajouter.',
  removed: (n) => (n === 1 ? '1 entrée retirée.' : `${n} entrées retirées.`),
  nothingToRemove: 'Cochez ou saisissez une entrée pour la retirer.',
  personalAddressTitle: 'Votre adresse de consignation personnelle',
  personalAddressHelp:
    "Mettez-la en Cci depuis n'importe quelle messagerie (téléphone, Outlook…) pour consigner un e-mail sans Appliquer : il est consigné sur les fiches de ses destinataires avec les réglages par défaut du compte, sans suivi. Gardez-la pour vous : qui la connaît peut consigner des e-mails en votre nom.",
  accountNeverLogTitle: 'Liste « ne jamais consigner » du compte (définie par les administrateurs)',
  accountNeverLogEmpty: 'Vide.',
  defaultsTitle: 'Vos choix par défaut pour les nouveaux e-mails',
  trackDefault: 'Suivre',
  logDefault: 'Consigner',
  saveDefaults: 'Enregistrer',
  defaultsSaved: 'Choix par défaut enregistrés.',
};

export type Language = 'en' | 'fr';

/** `fr`, `fr-FR`, `fr_CA` → French; anything else → English. */
export function languageOf(userLocale: string | undefined): Language {
  return /^fr([-_]|$)/i.test(userLocale ?? '') ? 'fr' : 'en';
}

export function stringsFor(userLocale: string | undefined): Strings {
  return languageOf(userLocale) === 'fr' ? fr : en;
}
