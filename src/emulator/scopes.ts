// The OAuth scopes the manifest grants, and the refusal Apps Script gives a call the manifest did not ask for.
// Scopes: https://developers.google.com/workspace/add-ons/concepts/workspace-scopes
import type { Realm } from './realm';

const AUTH = 'https://www.googleapis.com/auth/';

export const SCOPE = {
  execute: `${AUTH}gmail.addons.execute`,
  messageMetadata: `${AUTH}gmail.addons.current.message.metadata`,
  messageReadonly: `${AUTH}gmail.addons.current.message.readonly`,
  messageAction: `${AUTH}gmail.addons.current.message.action`,
  compose: `${AUTH}gmail.addons.current.action.compose`,
  externalRequest: `${AUTH}script.external_request`,
  locale: `${AUTH}script.locale`,
  email: `${AUTH}userinfo.email`,
  openid: 'openid',
} as const;

export class Grants {
  /** `scopes` is the manifest's oauthScopes; without it Apps Script infers every scope the code needs. */
  constructor(
    private readonly scopes: readonly string[] | undefined,
    /** True while a card action runs: gmail.addons.current.message.action only counts then. */
    private readonly inAction = false,
  ) {}

  has(...anyOf: string[]): boolean {
    if (!this.scopes) return true;
    return anyOf.some((s) => this.scopes!.includes(s) && (s !== SCOPE.messageAction || this.inAction));
  }

  /** Apps Script's refusal: "You do not have permission to call X. Required permissions: a" (or "(a || b)"). */
  require(realm: Realm, call: string, ...anyOf: string[]): void {
    if (this.has(...anyOf)) return;
    const needed = anyOf.length === 1 ? anyOf[0] : `(${anyOf.join(' || ')})`;
    throw realm.error(`You do not have permission to call ${call}. Required permissions: ${needed}`);
  }
}

/** Reading the open message's headers (gmail.addons.current.message.metadata or more). */
export const METADATA_SCOPES = [SCOPE.messageMetadata, SCOPE.messageReadonly, SCOPE.messageAction];
/** Reading its content and the rest of its thread (gmail.addons.current.message.readonly, or .action in an action). */
export const CONTENT_SCOPES = [SCOPE.messageReadonly, SCOPE.messageAction];
