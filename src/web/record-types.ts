import type { RecordType } from '../contract/web';
import { strings } from './i18n';

/** How the web app names each record type, in the language it shows (read at render time). */
export const TYPE_LABEL: Record<RecordType, { plural: string; singular: string }> = {
  get contacts() {
    return strings().types.contacts;
  },
  get companies() {
    return strings().types.companies;
  },
  get deals() {
    return strings().types.deals;
  },
  get tickets() {
    return strings().types.tickets;
  },
};
