// Session: who is running the add-on. In a Gmail add-on the effective user is the active user.
import { createHash } from 'node:crypto';
import { Grants, SCOPE } from './scopes';

export function createSession(deps: {
  user: string;
  locale: string;
  scriptTimeZone: string;
  scopes?: readonly string[];
}) {
  // Apps Script only reveals the address with the userinfo.email scope.
  const email = new Grants(deps.scopes).has(SCOPE.email) ? deps.user : '';
  // getUserLoginId is Apps Script's deprecated alias of getEmail.
  const user = { getEmail: () => email, getUserLoginId: () => email };
  return {
    getActiveUser: () => user,
    getEffectiveUser: () => user,
    getActiveUserLocale: () => deps.locale.replace('-', '_'),
    getScriptTimeZone: () => deps.scriptTimeZone,
    /** Deprecated names Apps Script keeps. */
    getTimeZone: () => deps.scriptTimeZone,
    getUser: () => user,
    getTemporaryActiveUserKey: () =>
      createHash('sha256').update(`${deps.user}:mailtrail`).digest('base64url').slice(0, 43),
  };
}
