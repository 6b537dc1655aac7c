// The Apps Script emulator: run the built add-on as Gmail would (AddonRuntime), or use single services in tests.
export {
  AddonRuntime,
  BACKEND_URL_PROPERTY,
  DEFAULT_USER,
  EXECUTION_LIMIT_MS,
  type ActionOptions,
  type AddonRuntimeOptions,
  type Recipients,
} from './driver';
export { AddonError } from './envelope';
export { Mailbox, gmailIdOf, type StoredMessage } from './gmail/mailbox';
export { Draft, type DraftFields, type SentDraft } from './gmail/draft';
export type { FormValue } from './events';
export type { LogLine } from './logger';
export type { FetchRecord } from './urlfetch/url-fetch-app';
export type * from './card-service/json';
/** A Google-style ID token signed with the dev key, for tests that call the backend as a given user. */
export { signIdentityToken } from './script-app';
