// The words of "reach any record" (P1) in the compose and message cards, in English and French, kept beside the
// add-on's main table (i18n.ts) because they belong to one feature; the language is chosen the same way.
import { languageOf } from './i18n';

const en = {
  recordsTitle: 'Other records',
  searchLabel: 'Name, email or domain',
  searchKind: 'Look in',
  kindAll: 'Everything',
  kindContact: 'Contacts',
  kindCompany: 'Companies',
  kindDeal: 'Deals',
  kindTicket: 'Tickets',
  search: 'Search',
  searchEmpty: 'Type a name, an email address or a domain to search for.',
  searchTooLong: (max: number) => `Search for at most ${max} characters: a name, an email address or a domain.`,
  foundTitle: 'Found: tick to log to them too',
  foundNone: (query: string) => `Nothing matches "${query}".`,
  foundListed: 'Everything found is in the list above already.',
  foundMore: (n: number) => `Only the first ${n} are shown: make the search narrower to see others.`,
  newDealTitle: 'New deal',
  dealName: 'Deal name',
  dealStage: 'Stage',
  dealAmount: 'Amount (optional)',
  dealCloseDate: 'Close date, YYYY-MM-DD (optional)',
  createDeal: 'Create deal',
  dealCreated: (name: string) => `Deal "${name}" created, and ticked to log to.`,
  newContactTitle: 'New contact',
  firstName: 'First name',
  lastName: 'Last name',
  contactEmail: 'Email (optional)',
  contactCompany: 'Company',
  noCompany: 'No company',
  createContact: 'Create contact',
  contactCreated: (name: string) => `Contact "${name}" created, and ticked to log to.`,
};

export type RecordStrings = typeof en;

const fr: RecordStrings = {
  recordsTitle: 'Autres fiches',
  searchLabel: 'Nom, e-mail ou domaine',
  searchKind: 'Chercher dans',
  kindAll: 'Tout',
  kindContact: 'Contacts',
  kindCompany: 'Entreprises',
  kindDeal: 'Transactions',
  kindTicket: 'Tickets',
  search: 'Rechercher',
  searchEmpty: 'Saisissez un nom, une adresse e-mail ou un domaine à rechercher.',
  searchTooLong: (max) => `Cherchez au plus ${max} caractères : un nom, une adresse e-mail ou un domaine.`,
  foundTitle: 'Trouvées : cochez pour les consigner aussi',
  foundNone: (query) => `Rien ne correspond à « ${query} ».`,
  foundListed: 'Tout ce qui a été trouvé figure déjà dans la liste ci-dessus.',
  foundMore: (n) => `Seules les ${n} premières sont affichées : précisez la recherche pour voir les autres.`,
  newDealTitle: 'Nouvelle transaction',
  dealName: 'Nom de la transaction',
  dealStage: 'Phase',
  dealAmount: 'Montant (facultatif)',
  dealCloseDate: 'Date de clôture, AAAA-MM-JJ (facultatif)',
  createDeal: 'Créer la transaction',
  dealCreated: (name) => `Transaction « ${name} » créée et cochée pour la consignation.`,
  newContactTitle: 'Nouveau contact',
  firstName: 'Prénom',
  lastName: 'Nom',
  contactEmail: 'E-mail (facultatif)',
  contactCompany: 'Entreprise',
  noCompany: 'Aucune entreprise',
  createContact: 'Créer le contact',
  contactCreated: (name) => `Contact « ${name} » créé et coché pour la consignation.`,
};

export function recordStringsFor(userLocale: string | undefined): RecordStrings {
  return languageOf(userLocale) === 'fr' ? fr : en;
}
