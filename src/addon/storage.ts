// What the add-on keeps between callbacks: the user's never-log list and remembered choices in user properties
// (per user, 9 KB per value), and backend answers in the user's cache for a short time.
import type { ComposeContextResponse, MeResponse, MessageContextResponse } from '../contract/addon';
import type { Prefs } from './views/compose';
import { deserialiseNeverLog, serialiseNeverLog, utf8Bytes } from './views/settings';

const NEVER_LOG = 'neverLog';
const PREFS = 'prefs';
const BCC_DOMAIN = 'bccDomain';

/** Compose contexts are reused while the user edits one draft; a minute or two later the CRM may have changed. */
export const COMPOSE_TTL_S = 120;
export const MESSAGE_TTL_S = 600;
export const ME_TTL_S = 300;
/** CacheService refuses values over 100 KB; a bigger answer simply is not cached. */
const CACHE_VALUE_MAX = 100 * 1024;

function props(): GoogleAppsScript.Properties.Properties {
  return PropertiesService.getUserProperties();
}

export function readNeverLog(): string[] {
  return deserialiseNeverLog(props().getProperty(NEVER_LOG));
}

/** The caller has checked the size (views/settings.ts): writing cannot hit the 9 KB limit. */
export function writeNeverLog(list: readonly string[]): void {
  if (list.length) props().setProperty(NEVER_LOG, serialiseNeverLog(list));
  else props().deleteProperty(NEVER_LOG);
}

export function readPrefs(): Prefs {
  try {
    const raw = JSON.parse(props().getProperty(PREFS) ?? '{}');
    return {
      ...(typeof raw.track === 'boolean' ? { track: raw.track } : {}),
      ...(typeof raw.log === 'boolean' ? { log: raw.log } : {}),
    };
  } catch {
    return {};
  }
}

export function writePrefs(prefs: Prefs): void {
  props().setProperty(PREFS, JSON.stringify(prefs));
}

/** The account's BCC domain, remembered so that the logging address in a draft's Bcc is recognised. */
export function readBccDomain(): string {
  return props().getProperty(BCC_DOMAIN) ?? '';
}

export function rememberBccDomain(domain: string): void {
  if (domain && domain !== readBccDomain()) props().setProperty(BCC_DOMAIN, domain);
}

function cache(): GoogleAppsScript.Cache.Cache | null {
  return CacheService.getUserCache();
}

function cached<T>(key: string): T | null {
  const raw = cache()?.get(key);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

function store(key: string, value: unknown, seconds: number): void {
  const raw = JSON.stringify(value);
  if (utf8Bytes(raw) <= CACHE_VALUE_MAX) cache()?.put(key, raw, seconds);
}

export const composeCache = {
  get: (key: string) => cached<ComposeContextResponse>(key),
  put: (key: string, ctx: ComposeContextResponse) => store(key, ctx, COMPOSE_TTL_S),
  remove: (key: string) => cache()?.remove(key),
};

/**
 * The context a compose card was built from, under its draft key, for as long as a compose window may stay open:
 * the card's own actions (search, new deal) re-render it from this, not from a fresh lookup (P1).
 */
export const COMPOSE_CARD_TTL_S = 3600;
export const composeCardCache = {
  get: (draftKey: string) => cached<ComposeContextResponse>(`compose-card:${draftKey}`),
  put: (draftKey: string, ctx: ComposeContextResponse) => store(`compose-card:${draftKey}`, ctx, COMPOSE_CARD_TTL_S),
};

export const messageCache = {
  get: (gmailMessageId: string) => cached<MessageContextResponse>(`message:${gmailMessageId}`),
  put: (gmailMessageId: string, ctx: MessageContextResponse) => store(`message:${gmailMessageId}`, ctx, MESSAGE_TTL_S),
};

export const meCache = {
  get: () => cached<MeResponse>('me'),
  put: (me: MeResponse) => store('me', me, ME_TTL_S),
};
