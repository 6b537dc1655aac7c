// The globals an Apps Script add-on sees in Gmail, built for one execution in one vm realm. Node's own globals
// (process, require, setTimeout, fetch, URL, TextEncoder…) are absent, as they are in Apps Script.
import { CacheStores, createCacheService } from './cache';
import { createCardService } from './card-service';
import { AccessTokens } from './gmail/access';
import { createGmailApp } from './gmail/gmail-app';
import type { Mailbox } from './gmail/mailbox';
import { createLockService } from './lock';
import { createConsole, createLogger, type LogLine } from './logger';
import { failingUnknownMembers } from './not-emulated';
import { createPropertiesService, PropertyStores } from './properties';
import type { Realm } from './realm';
import { Grants } from './scopes';
import { createScriptApp } from './script-app';
import { createSession } from './session';
import { createUrlFetchApp, type FetchRecord, UrlFetchQuota } from './urlfetch/url-fetch-app';
import { Charset, DigestAlgorithm, MacAlgorithm, createUtilities } from './utilities';

export interface ExecutionDeps {
  realm: Realm;
  user: string;
  locale: string;
  scriptTimeZone: string;
  /** The manifest's oauthScopes; undefined means "all granted". */
  scopes?: readonly string[];
  /** The same, as this execution may use them (an action also has gmail.addons.current.message.action). */
  grants?: Grants;
  urlFetchQuota?: UrlFetchQuota;
  fetchTimeoutGraceMs?: number;
  onGmailRead?: (call: string) => void;
  clock: () => number;
  properties: PropertyStores;
  caches: CacheStores;
  mailbox: Mailbox;
  tokens: AccessTokens;
  timeLeftMs: () => number;
  refuseUrl?: (url: string) => string | undefined;
  onFetch: (record: FetchRecord) => void;
  onLog: (line: LogLine) => void;
  onSleep: (ms: number) => void;
}

export function createAppsScriptGlobals(d: ExecutionDeps): Record<string, unknown> {
  const { realm } = d;
  const grants = d.grants ?? new Grants(d.scopes);
  const services: Record<string, object> = {
    CardService: createCardService(realm),
    PropertiesService: createPropertiesService({ realm, stores: d.properties, user: d.user }),
    CacheService: createCacheService({ realm, caches: d.caches, user: d.user }),
    UrlFetchApp: createUrlFetchApp({
      realm,
      timeLeftMs: d.timeLeftMs,
      timeoutGraceMs: d.fetchTimeoutGraceMs,
      onFetch: d.onFetch,
      refuse: d.refuseUrl,
      grants,
      quota: d.urlFetchQuota,
    }),
    GmailApp: createGmailApp({ realm, mailbox: d.mailbox, tokens: d.tokens, grants, onRead: d.onGmailRead }),
    ScriptApp: createScriptApp({ realm, user: d.user, clock: d.clock, scopes: d.scopes }),
    Session: createSession({ user: d.user, locale: d.locale, scriptTimeZone: d.scriptTimeZone, scopes: d.scopes }),
    LockService: createLockService({ realm, user: d.user }),
    Utilities: createUtilities({ realm, onSleep: d.onSleep }),
    Logger: createLogger(d.onLog),
  };
  const globals: Record<string, unknown> = {};
  for (const [name, service] of Object.entries(services)) globals[name] = failingUnknownMembers(name, service, realm);
  return { ...globals, console: createConsole(d.onLog), Charset, DigestAlgorithm, MacAlgorithm };
}
