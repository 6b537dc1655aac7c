import * as z from 'zod/mini';
import { PickerItem, RecordKind } from './addon';
import { NeverLogTexts, RawRecipients, text } from './addon-fields';

// `/addon/v1/records/…`: reaching any record from the sidebars (P1): one bounded search, and creating a deal or a
// contact. Each answers the record as the picker lists it, so the card adds it without asking again.

/** The CRM object type of each kind of record the sidebar logs to. */
export const RECORD_OBJECT_TYPES = {
  contact: 'contacts',
  company: 'companies',
  deal: 'deals',
  ticket: 'tickets',
} as const;

/** A search answers at most this many records, and says when there are more. */
export const RECORD_SEARCH_LIMIT = 20;
export const RECORD_QUERY_MAX = 100;

const Id = z.string().check(z.regex(/^\d{1,18}$/, 'must be a record id such as "512"'));
/** Addresses of the email, as Gmail hands them over: the new deal goes to their contacts and companies. */
const People = RawRecipients;

// POST records/search
export const RecordSearchRequest = z.object({
  query: z.string().check(
    z.refine((q) => q.trim().length > 0, 'is empty: type a name, an email address or a domain'),
    z.maxLength(RECORD_QUERY_MAX, `is over ${RECORD_QUERY_MAX} characters: search for a name, an email or a domain`),
  ),
  /** One kind of record, or every kind when absent. */
  kind: z.optional(RecordKind),
});
export type RecordSearchRequest = z.infer<typeof RecordSearchRequest>;

export const RecordSearchResponse = z.object({
  items: z.array(PickerItem).check(z.maxLength(RECORD_SEARCH_LIMIT)),
  /** More records match than the answer holds: the query should be narrower. */
  more: z.boolean(),
});
export type RecordSearchResponse = z.infer<typeof RecordSearchResponse>;

// POST records/deals
/**
 * Fields travel as the rep typed them: the server names the one it refuses (a stage not in the pipeline, an amount
 * that is not a number of 0 or more, a close date that is not YYYY-MM-DD) and creates nothing.
 */
export const NewDealRequest = z.object({
  name: text(300),
  /** `<pipeline id>:<stage id>`, as DealStageChoice lists them. */
  stage: text(201),
  amount: text(50),
  closeDate: text(50),
  people: People,
  neverLog: NeverLogTexts,
});
export type NewDealRequest = z.infer<typeof NewDealRequest>;

// POST records/contacts
export const NewContactRequest = z.object({
  firstName: text(100),
  lastName: text(100),
  email: text(320),
  /** An existing company the contact works at, or empty. */
  companyId: z.union([z.literal(''), Id]),
  /** The rep's never-log rules: an address on them (or on the account's) is never made a contact (L5). */
  neverLog: NeverLogTexts,
});
export type NewContactRequest = z.infer<typeof NewContactRequest>;

export const NewRecordResponse = z.object({
  record: PickerItem,
  /** The records the new one was associated with ("deal:12", "company:4"). */
  associatedWith: z.array(z.object({ type: RecordKind, id: text(64) })).check(z.maxLength(200)),
});
export type NewRecordResponse = z.infer<typeof NewRecordResponse>;
