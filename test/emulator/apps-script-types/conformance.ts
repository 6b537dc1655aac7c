// The emulator offers what the add-on is compiled against: each service (or the part of it mailtrail uses) is
// assignable to its @types/google-apps-script interface, so add-on code that type-checks also runs here.
import { GmailAttachment } from '../../../src/emulator/blob';
import { createCacheService } from '../../../src/emulator/cache';
import { createCardService } from '../../../src/emulator/card-service';
import type { GmailMessage, GmailThread } from '../../../src/emulator/gmail/gmail-app';
import { createGmailApp } from '../../../src/emulator/gmail/gmail-app';
import { createLockService } from '../../../src/emulator/lock';
import { createLogger } from '../../../src/emulator/logger';
import { createPropertiesService } from '../../../src/emulator/properties';
import { createScriptApp } from '../../../src/emulator/script-app';
import { createSession } from '../../../src/emulator/session';
import type { HTTPResponse } from '../../../src/emulator/urlfetch/http-response';
import { createUrlFetchApp } from '../../../src/emulator/urlfetch/url-fetch-app';
import { createUtilities } from '../../../src/emulator/utilities';

type CS = typeof GoogleAppsScript.Card_Service;
type Enums =
  | 'BorderType'
  | 'ComposedEmailType'
  | 'ContentType'
  | 'DisplayStyle'
  | 'GridItemLayout'
  | 'HorizontalAlignment'
  | 'Icon'
  | 'ImageCropType'
  | 'ImageStyle'
  | 'LoadIndicator'
  | 'OnClose'
  | 'OpenAs'
  | 'SelectionInputType'
  | 'SwitchControlType'
  | 'TextButtonStyle'
  | 'UpdateDraftBodyType'
  | 'InputType'
  | 'Interaction';

declare const cardService: ReturnType<typeof createCardService>;

// Every builder and response, with Apps Script's method names and argument types.
export const builders: Omit<GoogleAppsScript.Card_Service.CardService, Enums> = cardService;

// Every enum member Apps Script has (the emulator's values are the members' names).
export const enums: { [K in Enums]: Record<keyof CS[K], string> } = cardService;

export const services = {
  properties: {} as ReturnType<typeof createPropertiesService> satisfies Omit<
    GoogleAppsScript.Properties.PropertiesService,
    'getDocumentProperties'
  >,
  cache: {} as ReturnType<typeof createCacheService> satisfies GoogleAppsScript.Cache.CacheService,
  urlFetch: {} as ReturnType<typeof createUrlFetchApp> satisfies Pick<
    GoogleAppsScript.URL_Fetch.UrlFetchApp,
    'fetch' | 'fetchAll'
  >,
  httpResponse: {} as HTTPResponse satisfies GoogleAppsScript.URL_Fetch.HTTPResponse,
  gmail: {} as ReturnType<typeof createGmailApp> satisfies Pick<
    GoogleAppsScript.Gmail.GmailApp,
    'setCurrentMessageAccessToken'
  >,
  gmailMessage: {} as GmailMessage satisfies Pick<
    GoogleAppsScript.Gmail.GmailMessage,
    | 'getId'
    | 'getFrom'
    | 'getTo'
    | 'getCc'
    | 'getBcc'
    | 'getReplyTo'
    | 'getSubject'
    | 'getDate'
    | 'getBody'
    | 'getPlainBody'
    | 'getRawContent'
    | 'getHeader'
    | 'getAttachments'
    | 'isDraft'
  >,
  gmailThread: {} as GmailThread satisfies Pick<
    GoogleAppsScript.Gmail.GmailThread,
    'getId' | 'getFirstMessageSubject' | 'getMessageCount' | 'getLastMessageDate' | 'getPermalink'
  >,
  attachment: {} as GmailAttachment satisfies GoogleAppsScript.Gmail.GmailAttachment,
  scriptApp: {} as ReturnType<typeof createScriptApp> satisfies Pick<
    GoogleAppsScript.Script.ScriptApp,
    'getIdentityToken' | 'getOAuthToken' | 'getScriptId'
  >,
  session: {} as ReturnType<typeof createSession> satisfies GoogleAppsScript.Base.Session,
  lock: {} as ReturnType<typeof createLockService> satisfies Omit<GoogleAppsScript.Lock.LockService, 'getDocumentLock'>,
  logger: {} as ReturnType<typeof createLogger> satisfies GoogleAppsScript.Base.Logger,
  utilities: {} as ReturnType<typeof createUtilities> satisfies Pick<
    GoogleAppsScript.Utilities.Utilities,
    | 'sleep'
    | 'base64Encode'
    | 'base64EncodeWebSafe'
    | 'base64Decode'
    | 'base64DecodeWebSafe'
    | 'computeDigest'
    | 'computeHmacSignature'
    | 'computeHmacSha256Signature'
    | 'newBlob'
    | 'formatDate'
    | 'formatString'
    | 'getUuid'
  >,
};
