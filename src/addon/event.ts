import type { RecipientLists } from '../contract/addon';

/**
 * The parts of an add-on event object that mailtrail reads, typed structurally so that pure code (and node tests)
 * can use them without Apps Script's types. Shapes: https://developers.google.com/workspace/add-ons/concepts/event-objects
 */
export type AddonEvent = {
  commonEventObject?: {
    userLocale?: string;
    timeZone?: { id: string };
    parameters?: { [key: string]: string };
    formInputs?: { [name: string]: { stringInputs?: { value?: string[] } } };
  };
  gmail?: {
    messageId?: string;
    threadId?: string;
    accessToken?: string;
    toRecipients?: string[];
    ccRecipients?: string[];
    bccRecipients?: string[];
  };
};

/** Every value of a form input: a ticked checkbox list gives several, an untouched or unticked input none. */
export function formValues(e: AddonEvent, name: string): string[] {
  const values = e.commonEventObject?.formInputs?.[name]?.stringInputs?.value ?? [];
  return values.filter((v) => typeof v === 'string');
}

export function formValue(e: AddonEvent, name: string): string {
  return (formValues(e, name)[0] ?? '').trim();
}

/** Every form input of the event, by name. */
export function formMap(e: AddonEvent): { [name: string]: string[] } {
  const out: { [name: string]: string[] } = {};
  for (const name of Object.keys(e.commonEventObject?.formInputs ?? {})) out[name] = formValues(e, name);
  return out;
}

export function param(e: AddonEvent, name: string): string {
  return e.commonEventObject?.parameters?.[name] ?? '';
}

/** The draft's recipients, readable because the manifest asks for `draftAccess: METADATA`. */
export function draftRecipients(e: AddonEvent): RecipientLists {
  const g = e.gmail ?? {};
  return { to: g.toRecipients ?? [], cc: g.ccRecipients ?? [], bcc: g.bccRecipients ?? [] };
}

export function userLocale(e: AddonEvent): string {
  return e.commonEventObject?.userLocale || 'en';
}

/** How the user reads times: their language and time zone (from the manifest's useLocaleFromApp). */
export function clockOf(e: AddonEvent): { locale: string; timeZone: string } {
  return { locale: userLocale(e), timeZone: e.commonEventObject?.timeZone?.id || 'UTC' };
}
