// One execution of the add-on, as Apps Script starts each: a fresh global scope with the emulated services, the
// 30 s clock, and the record of what it fetched, logged and read.
import vm from 'node:vm';
import type { CacheStores } from './cache';
import type { Kind } from './envelope';
import type { AccessTokens } from './gmail/access';
import type { Mailbox } from './gmail/mailbox';
import { createAppsScriptGlobals } from './globals';
import type { LogLine } from './logger';
import { type Manifest, matchesPrefix } from './manifest';
import type { PropertyStores } from './properties';
import { realmOf } from './realm';
import { Grants } from './scopes';
import type { FetchRecord, UrlFetchQuota } from './urlfetch/url-fetch-app';

export type Execution = {
  started: number;
  limit: number;
  fetches: FetchRecord[];
  logs: LogLine[];
  sleeps: number[];
  gmailReads: string[];
  context: vm.Context;
};

/** Gmail ends the callback at its deadline wherever it is: the vm's watchdog interrupts a loop or a UrlFetch wait. */
export const remainingMs = (exec: { started: number; limit: number }) =>
  Math.max(1, Math.ceil(exec.limit - (performance.now() - exec.started)));

export function newExecution(o: {
  kind: Kind;
  limit: number;
  manifest: Manifest;
  user: string;
  locale: string;
  clock: () => number;
  properties: PropertyStores;
  caches: CacheStores;
  mailbox: Mailbox;
  tokens: AccessTokens;
  urlFetchQuota: UrlFetchQuota;
}): Execution {
  const started = performance.now();
  const { limit, manifest } = o;
  const whitelist = manifest.urlFetchWhitelist ?? [];
  const exec: Execution = {
    started,
    limit,
    fetches: [],
    logs: [],
    sleeps: [],
    gmailReads: [],
    context: vm.createContext({}),
  };
  const realm = realmOf(vm.runInContext('({ Error, Date })', exec.context) as object);
  Object.assign(
    exec.context,
    createAppsScriptGlobals({
      realm,
      user: o.user,
      locale: o.locale,
      scriptTimeZone: manifest.timeZone ?? 'Etc/UTC',
      scopes: manifest.oauthScopes,
      grants: new Grants(manifest.oauthScopes, o.kind !== 'trigger'),
      clock: o.clock,
      properties: o.properties,
      caches: o.caches,
      mailbox: o.mailbox,
      tokens: o.tokens,
      timeLeftMs: () => limit - (performance.now() - started),
      urlFetchQuota: o.urlFetchQuota,
      fetchTimeoutGraceMs: 1_000,
      refuseUrl: (url) =>
        manifest.urlFetchWhitelist && !matchesPrefix(url, whitelist)
          ? `UrlFetchApp: ${url} is not allowed by the manifest's urlFetchWhitelist (${whitelist.join(', ') || 'empty'})`
          : undefined,
      onFetch: (record) => exec.fetches.push(record),
      onLog: (line) => exec.logs.push(line),
      onSleep: (ms) => exec.sleeps.push(ms),
      onGmailRead: (call) => exec.gmailReads.push(call),
    }),
  );
  return exec;
}
