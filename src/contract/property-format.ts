import type { ObjectType } from './crm';
import { propertyDefinition, type PropertyOption } from './crm-properties';

// A stored property value as a person reads it, from the property catalogue: an option's label rather than its
// internal value, an amount with its currency, a date in the reader's locale and time zone. The one place that
// does it, for the web app's pages and the server's summaries alike. The options come from the catalogue today;
// a reader of pipelines (labels from `/crm/v3/pipelines`) passes its own through `options`.

export type FormatContext = {
  /** A BCP 47 tag, e.g. `en-GB`, `fr-FR`. */
  locale: string;
  /** An IANA zone, e.g. `Europe/Paris`; unset: the runtime's. */
  timeZone?: string;
  /** The currency of an amount whose record names none (`deal_currency_code`): the account's, USD by default. */
  currency?: string;
  /** Labels of enumeration values that the catalogue does not list (a pipeline's stages), by property name. */
  options?: Partial<Record<string, PropertyOption[]>>;
};

const CURRENCY = /^[A-Z]{3}$/;
/** Datetime properties a person reads as a day. */
const DAYS = new Set(['closedate']);

function label(options: PropertyOption[] | undefined, value: string): string {
  return options?.find((o) => o.value === value)?.label ?? value;
}

/**
 * The value of `name` on a record of `type`, formatted; an unknown property or a value that does not parse is
 * shown as stored, never hidden. `properties` gives the record's other values (an amount's currency).
 */
export function formatPropertyValue(
  type: ObjectType,
  name: string,
  properties: Readonly<Record<string, string | null | undefined>>,
  context: FormatContext,
): string {
  const raw = properties[name];
  if (raw === undefined || raw === null || raw === '') return '';
  const definition = propertyDefinition(type, name);
  if (!definition) return raw;
  switch (definition.type) {
    case 'enumeration': {
      const options = context.options?.[name] ?? definition.options;
      return definition.multiple
        ? raw
            .split(';')
            .map((v) => label(options, v))
            .join(', ')
        : label(options, raw);
    }
    case 'number': {
      const n = Number(raw);
      if (!Number.isFinite(n)) return raw;
      if (name === 'amount') {
        const code = properties.deal_currency_code ?? context.currency ?? 'USD';
        if (CURRENCY.test(code))
          return new Intl.NumberFormat(context.locale, { style: 'currency', currency: code }).format(n);
      }
      return new Intl.NumberFormat(context.locale).format(n);
    }
    case 'datetime': {
      const t = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
      if (!Number.isFinite(t)) return raw;
      // A close date is a day to a person: its time of day is noise. A bare `YYYY-MM-DD` is that day anywhere.
      const bareDay = /^\d{4}-\d{2}-\d{2}$/.test(raw);
      return new Intl.DateTimeFormat(context.locale, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        ...(DAYS.has(name) ? {} : { hour: 'numeric', minute: '2-digit' }),
        timeZone: bareDay ? 'UTC' : context.timeZone,
      }).format(t);
    }
    default:
      return raw;
  }
}
