// The one client of the mailtrail backend: every card and action makes at most one call through here.
import type * as z from 'zod/mini';
import { ADDON_API_PREFIX, ADDON_CALL_DEADLINE_MS, STILL_WORKING, AddonError, ComposeContextResponse, ComposeIntentResponse, ComposeLinkResponse, LogMessageResponse, MeResponse, MessageContextResponse, type ComposeContextRequest, type ComposeIntentRequest, type ComposeLinkRequest, type LogMessageRequest, type MessageContextRequest } from '../contract/addon';
import { FeedResponse } from '../contract/feed';
import { InsertTemplateResponse, type InsertTemplateRequest } from '../contract/templates';
import {
  NewRecordResponse,
  RecordSearchResponse,
  type NewContactRequest,
  type NewDealRequest,
  type RecordSearchRequest,
} from '../contract/addon-records';
import { backendUrl } from './config';
import { AddonFailure } from './views/failure';

function call<S extends z.ZodMiniType>(method: 'get' | 'post', path: string, body: unknown, schema: S): z.infer<S> {
  const base = backendUrl();
  const host = base.replace(/^https?:\/\//, '');
  const started = Date.now();
  let response: GoogleAppsScript.URL_Fetch.HTTPResponse;
  try {
    response = UrlFetchApp.fetch(base + ADDON_API_PREFIX + path, {
      method,
      contentType: 'application/json',
      headers: {
        Authorization: `Bearer ${ScriptApp.getIdentityToken()}`,
        Accept: 'application/json',
        // Gmail's language (the script.locale scope): the server says label reasons and refusals in it, as the
        // add-on says its own words.
        'Accept-Language': Session.getActiveUserLocale().replace('_', '-'),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      muteHttpExceptions: true,
      followRedirects: false,
    });
  } catch (err) {
    console.error(`mailtrail: ${method.toUpperCase()} ${path} failed`, err);
    throw new AddonFailure(/time(d)?\s*out/i.test(String(err)) ? 'timeout' : 'unreachable', { host });
  }
  // UrlFetchApp has no timeout to set: a late answer is treated as none. Every write behind this API is
  // idempotent, so a retry after a late answer (or after the server's own 503 at its deadline) duplicates nothing.
  if (Date.now() - started > ADDON_CALL_DEADLINE_MS) throw new AddonFailure('timeout', { host });

  const status = response.getResponseCode();
  const json = parseJson(response.getContentText());
  if (status >= 200 && status < 300) {
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    console.error(`mailtrail: unexpected answer to ${path}`, JSON.stringify(parsed.error.issues).slice(0, 2000));
    throw new AddonFailure('invalid_response', { status });
  }
  const error = AddonError.safeParse(json);
  const detail = { host, status, ...(error.success ? { serverMessage: error.data.message, correlationId: error.data.correlationId } : {}) };
  if (status === 503 && error.success && error.data.category === STILL_WORKING) throw new AddonFailure('timeout', detail);
  throw new AddonFailure(status === 401 || status === 403 ? 'unauthorized' : status >= 500 ? 'server' : 'rejected', detail);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const backend = {
  composeContext: (body: ComposeContextRequest) => call('post', '/compose/context', body, ComposeContextResponse),
  registerIntent: (body: ComposeIntentRequest) => call('post', '/compose/intents', body, ComposeIntentResponse),
  registerLink: (body: ComposeLinkRequest) => call('post', '/compose/links', body, ComposeLinkResponse),
  insertTemplate: (body: InsertTemplateRequest) => call('post', '/compose/templates', body, InsertTemplateResponse),
  messageContext: (body: MessageContextRequest) => call('post', '/message/context', body, MessageContextResponse),
  logMessages: (body: LogMessageRequest) => call('post', '/messages', body, LogMessageResponse),
  feed: (after: string) => call('get', `/feed${after ? `?after=${encodeURIComponent(after)}` : ''}`, undefined, FeedResponse),
  me: () => call('get', '/me', undefined, MeResponse),
  searchRecords: (body: RecordSearchRequest) => call('post', '/records/search', body, RecordSearchResponse),
  createDeal: (body: NewDealRequest) => call('post', '/records/deals', body, NewRecordResponse),
  createContact: (body: NewContactRequest) => call('post', '/records/contacts', body, NewRecordResponse),
};
