import type { FastifyRequest } from 'fastify';
import type { Language } from '../../../contract/language';
import { requestLanguage } from '../language';

// The web API's refusals in the reader's language (the web app shows the error's `message` as it is). The words
// follow the add-on's (src/addon/i18n.ts): a rep reads the same terms in the sidebar and in the web app. Refusals
// from deeper layers (settings validation, address ownership) and the CRM API's HubSpot-dialect errors stay English.

const en = {
  foreignOrigin:
    'This request did not come from a mailtrail page (its Origin header is missing or foreign). Reload the app and try again.',
  signedOut: 'You are not signed in, or your session has expired. Sign in again.',
  adminsOnly: 'Only super admins can change account settings.',
  adminsOnlyRouting: "Only super admins can replace the account's routing address.",
  adminsOnlyErase: 'Only super admins can delete a contact for good. Nothing was deleted.',
  devSignInOff: 'Dev sign-in is off: this server was not started with --dev. Sign in with Google.',
  signInHere: 'Sign in from a mailtrail page of this server.',
  signOutHere: 'Sign out from a mailtrail page of this server.',
  noDevUser: (id: string) => `There is no user ${id}. Run \`mailtrail seed --demo\` or pick a listed user.`,
  googleOff: 'Google sign-in is not configured on this server (set MAILTRAIL_GOOGLE_WEB_CLIENT_ID).',
  notAUser: (email: string) => `${email} is not a user of any mailtrail account. Ask your mailtrail admin to add you.`,
  noRecord: (id: string, type: string) => `There is no record ${id} among the ${type} of this account.`,
  notOnRecord: (id: string) => `Email ${id} is not logged on this record, so it cannot be pinned here.`,
  noEmail: (id: string) => `There is no logged email ${id} in this account (it may have been deleted).`,
  missingRecords: (type: string, ids: string) =>
    `These ${type} do not exist in this account: ${ids}. Nothing was changed.`,
  noAttachment: (id: string) => `This email has no attachment ${id}.`,
  noContact: (id: string) => `There is no contact ${id} in this account (it may have been deleted already).`,
  notAnAddress: (email: string) => `"${email}" is not an email address.`,
  ownRole: 'You cannot take away your own super admin role; ask another super admin.',
  noUser: (id: string) => `There is no user ${id} in this account.`,
  noAlias: (address: string) => `${address} is not an alias or inbox of that user.`,
  noApiKey: (id: string) => `There is no live API key ${id} in this account.`,
  badNeverLog: (errors: string) => `The never-log list has entries that are not rules: ${errors}. Nothing was saved.`,
  noEndpoint: 'Say which subscription to remove (its endpoint).',
};

export type Refusals = typeof en;

const fr: Refusals = {
  foreignOrigin:
    "Cette demande ne vient pas d'une page mailtrail (son en-tête Origin manque ou est étranger). Rechargez l'application et réessayez.",
  signedOut: "Vous n'êtes pas connecté, ou votre session a expiré. Reconnectez-vous.",
  adminsOnly: 'Seuls les super administrateurs peuvent modifier les paramètres du compte.',
  adminsOnlyRouting: "Seuls les super administrateurs peuvent remplacer l'adresse de routage du compte.",
  adminsOnlyErase:
    "Seuls les super administrateurs peuvent supprimer définitivement un contact. Rien n'a été supprimé.",
  devSignInOff:
    "La connexion de développement est désactivée : ce serveur n'a pas été démarré avec --dev. Connectez-vous avec Google.",
  signInHere: 'Connectez-vous depuis une page mailtrail de ce serveur.',
  signOutHere: 'Déconnectez-vous depuis une page mailtrail de ce serveur.',
  noDevUser: (id) =>
    `Il n'y a pas d'utilisateur ${id}. Lancez \`mailtrail seed --demo\` ou choisissez un utilisateur de la liste.`,
  googleOff: "La connexion Google n'est pas configurée sur ce serveur (définissez MAILTRAIL_GOOGLE_WEB_CLIENT_ID).",
  notAUser: (email) =>
    `${email} n'est utilisateur d'aucun compte mailtrail. Demandez à votre administrateur mailtrail de vous ajouter.`,
  noRecord: (id, type) => `Il n'y a pas de fiche ${id} parmi les ${TYPES_FR[type] ?? type} de ce compte.`,
  notOnRecord: (id) => `L'e-mail ${id} n'est pas consigné sur cette fiche : il ne peut pas y être épinglé.`,
  noEmail: (id) => `Il n'y a pas d'e-mail consigné ${id} dans ce compte (il a peut-être été supprimé).`,
  missingRecords: (type, ids) =>
    `Ces ${TYPES_FR[type] ?? type} n'existent pas dans ce compte : ${ids}. Rien n'a été modifié.`,
  noAttachment: (id) => `Cet e-mail n'a pas de pièce jointe ${id}.`,
  noContact: (id) => `Il n'y a pas de contact ${id} dans ce compte (il a peut-être déjà été supprimé).`,
  notAnAddress: (email) => `« ${email} » n'est pas une adresse e-mail.`,
  ownRole:
    'Vous ne pouvez pas vous retirer votre propre rôle de super administrateur ; demandez à un autre super administrateur.',
  noUser: (id) => `Il n'y a pas d'utilisateur ${id} dans ce compte.`,
  noAlias: (address) => `${address} n'est ni un alias ni une boîte de réception de cet utilisateur.`,
  noApiKey: (id) => `Il n'y a pas de clé d'API active ${id} dans ce compte.`,
  badNeverLog: (errors) =>
    `La liste « ne jamais consigner » contient des entrées qui ne sont pas des règles : ${errors}. Rien n'a été enregistré.`,
  noEndpoint: 'Indiquez quel abonnement retirer (son point de terminaison).',
};

/** The record types as the add-on names them in French. */
const TYPES_FR: Record<string, string> = { contacts: 'contacts', companies: 'entreprises', deals: 'transactions' };

const REFUSALS: Record<Language, Refusals> = { en, fr };

/** The refusals in the language of this request (its Accept-Language, else the signed-in user's choice). */
export function refusals(request: FastifyRequest): Refusals {
  return REFUSALS[requestLanguage(request, request.web?.user)];
}
