import type { FormatContext } from '../contract/property-format';
import { language } from './i18n';

/**
 * The reader's locale and time zone: the browser's locale when it is in the language the app speaks (fr-CA stays
 * fr-CA), else that language itself, so that a page in French shows French dates in an English browser.
 */
export function readerFormat(): FormatContext {
  const { locale, timeZone } = Intl.DateTimeFormat().resolvedOptions();
  const browser = navigator.language || locale;
  const lang = language();
  return { locale: browser.toLowerCase().startsWith(lang) ? browser : lang, timeZone };
}

/** A date and time as the reader writes them. */
export function when(iso: string | number): string {
  return new Date(iso).toLocaleString(readerFormat().locale);
}

/** A date alone as the reader writes it. */
export function day(iso: string | number): string {
  return new Date(iso).toLocaleDateString(readerFormat().locale);
}

/** A count as the reader writes it (1,000 or 1 000). */
export function count(n: number): string {
  return n.toLocaleString(readerFormat().locale);
}
