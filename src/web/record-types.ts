import type { RecordType } from '../contract/web';

/** How the web app names each record type. */
export const TYPE_LABEL: Record<RecordType, { plural: string; singular: string }> = {
  contacts: { plural: 'Contacts', singular: 'contact' },
  companies: { plural: 'Companies', singular: 'company' },
  deals: { plural: 'Deals', singular: 'deal' },
  tickets: { plural: 'Tickets', singular: 'ticket' },
};
