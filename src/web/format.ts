import type { FormatContext } from '../contract/property-format';

/** The reader's locale and time zone, as their browser says them: record values are shown in both. */
export function readerFormat(): FormatContext {
  const { locale, timeZone } = Intl.DateTimeFormat().resolvedOptions();
  return { locale: navigator.language || locale, timeZone };
}
