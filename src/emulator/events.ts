// Event objects as Gmail hands them to an add-on's triggers and actions: the current `commonEventObject` and
// `gmail` parts, plus the legacy fields Gmail still sends alongside (formInput, formInputs, parameters,
// messageMetadata, clientPlatform, userLocale, userTimezone).
import { fieldsIn } from './format-date';

export type FormValue = string | string[];

export interface EventContext {
  platform: 'WEB' | 'ANDROID' | 'IOS';
  /** Undefined when the manifest does not let the add-on see the locale (useLocaleFromApp + script.locale). */
  locale?: { userLocale: string; timeZone: string; now: number };
  gmail?: {
    accessToken: string;
    messageId?: string;
    threadId?: string;
    /** Present in compose events when the manifest asks for draftAccess METADATA. */
    recipients?: { to: string[]; cc: string[]; bcc: string[] };
  };
  parameters?: Record<string, string>;
  formInputs?: Record<string, FormValue>;
}

export function buildEvent(ctx: EventContext): Record<string, unknown> {
  const common: Record<string, unknown> = { hostApp: 'GMAIL', platform: ctx.platform };
  const event: Record<string, unknown> = {
    commonEventObject: common,
    clientPlatform: ctx.platform.toLowerCase(),
    hostApp: 'gmail',
  };

  if (ctx.locale) {
    const offset = (fieldsIn(ctx.locale.now, ctx.locale.timeZone)?.offsetMin ?? 0) * 60_000;
    common.userLocale = ctx.locale.userLocale;
    common.timeZone = { id: ctx.locale.timeZone, offset };
    event.userLocale = ctx.locale.userLocale.split('-')[0];
    event.userCountry = ctx.locale.userLocale.split('-')[1] ?? '';
    event.userTimezone = { id: ctx.locale.timeZone, offSet: String(offset) };
  }

  if (ctx.formInputs && Object.keys(ctx.formInputs).length) {
    const values = Object.entries(ctx.formInputs).map(
      ([name, v]) => [name, Array.isArray(v) ? v.map(String) : [String(v)]] as const,
    );
    common.formInputs = Object.fromEntries(values.map(([name, value]) => [name, { stringInputs: { value } }]));
    event.formInputs = Object.fromEntries(values);
    event.formInput = Object.fromEntries(values.map(([name, value]) => [name, value[0]]));
  }
  if (ctx.parameters && Object.keys(ctx.parameters).length) {
    common.parameters = { ...ctx.parameters };
    event.parameters = { ...ctx.parameters };
  }

  const g = ctx.gmail;
  if (g) {
    const gmail: Record<string, unknown> = { accessToken: g.accessToken };
    if (g.messageId) Object.assign(gmail, { messageId: g.messageId, threadId: g.threadId });
    if (g.recipients)
      Object.assign(gmail, {
        toRecipients: g.recipients.to,
        ccRecipients: g.recipients.cc,
        bccRecipients: g.recipients.bcc,
      });
    event.gmail = gmail;
    event.messageMetadata = g.messageId
      ? { accessToken: g.accessToken, messageId: g.messageId, threadId: g.threadId }
      : { accessToken: g.accessToken };
  }
  return event;
}
