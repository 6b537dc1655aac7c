import { bareAddress, domainOf, isAddress } from '../../contract/addresses';
import type { RecipientLists } from '../../contract/addon';
import {
  MAX_SUBJECT_LENGTH,
  fillMergeFields,
  parseMergeFields,
  type InsertTemplateResponse,
  type MergeField,
} from '../../contract/templates';
import { validationError } from '../core/api-error';
import { CrmCatalogue } from '../crm/catalogue';
import type { AccountScope } from '../store';
import type { ObjectRecord } from '../store/objects';
import type { Template } from '../store/templates';
import type { User } from '../store/users';
import { MERGE_TYPES } from './library';

type Records = { contact?: ObjectRecord; company?: ObjectRecord; deal?: ObjectRecord };

/**
 * The draft's one recipient, or null when it has several or none: To, Cc and Bcc, each address once, without the
 * logging address Apply added and the sender's own addresses (a rep Bcc-ing themselves still writes to one person).
 */
export function soleRecipient(lists: RecipientLists, bccDomain: string, own: Set<string>): string | null {
  const addresses = new Set(
    [...lists.to, ...lists.cc, ...lists.bcc]
      .map(bareAddress)
      .filter((a) => isAddress(a) && domainOf(a) !== bccDomain && !own.has(a)),
  );
  return addresses.size === 1 ? [...addresses][0] : null;
}

/** The recipient's contact, its first company (or the company of its domain) and its first open deal. */
async function recordsOf(scope: AccountScope, address: string): Promise<Records> {
  const [contact] = await scope.objects.getByUniqueProperty('contacts', 'email', [address]);
  const companyIds = contact
    ? ((await scope.associations.listMany([contact.id], 'companies')).get(contact.id) ?? []).map((a) => a.toId)
    : [];
  const company = companyIds.length
    ? (await scope.objects.getMany('companies', companyIds.slice(0, 1)))[0]
    : (await scope.objects.getByUniqueProperty('companies', 'domain', [domainOf(address)]))[0];
  const from = [contact?.id, company?.id].filter((id): id is number => id !== undefined);
  const dealIds = [...(await scope.associations.listMany(from, 'deals')).values()].flat().map((a) => a.toId);
  const deals = await scope.objects.getMany('deals', [...new Set(dealIds)]);
  const deal = deals.filter((d) => d.properties.hs_is_closed !== 'true').sort((a, b) => a.id - b.id)[0];
  return { contact, company, deal };
}

function senderValue(user: User, property: string): string {
  const [first = '', ...rest] = user.name.trim().split(/\s+/);
  const values: Record<string, string> = {
    firstname: first,
    lastname: rest.join(' '),
    fullname: user.name.trim(),
    email: user.email,
  };
  return values[property] ?? '';
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The template's plain text as HTML for the draft: escaped, line breaks kept. */
const asHtml = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');

/**
 * A template or snippet filled for this draft: for one recipient from their CRM records (an empty value takes the
 * field's fallback); for several, or none, their fields take the fallbacks, since one text cannot name several
 * people. The sender's fields are always filled.
 */
export async function fillTemplate(
  scope: AccountScope,
  user: User,
  template: Template,
  recipient: string | null,
): Promise<InsertTemplateResponse> {
  const records: Records = recipient ? await recordsOf(scope, recipient) : {};
  const catalogues = new Map<string, CrmCatalogue>();
  const labels = async (fields: MergeField[]) => {
    for (const f of fields) {
      const type = MERGE_TYPES[f.object as keyof typeof MERGE_TYPES];
      if (type && !catalogues.has(type)) catalogues.set(type, await CrmCatalogue.load(scope, type));
    }
  };
  const valueOf = (f: MergeField): string | null => {
    // The sender is known whoever the email goes to; the records are the one recipient's.
    if (f.object === 'sender') return senderValue(user, f.property);
    if (!recipient) return null;
    const record = records[f.object as keyof Records];
    const raw = record?.properties[f.property];
    if (!raw) return null;
    // An enumeration shows its label (a deal's stage "Qualified to buy", not its id).
    const type = MERGE_TYPES[f.object as keyof typeof MERGE_TYPES];
    const option = catalogues
      .get(type)
      ?.definition(f.property)
      ?.options?.find((o) => o.value === raw);
    return option?.label ?? raw;
  };

  const body = parseMergeFields(template.body).fields;
  const subjectText = template.subject ?? '';
  const subjectFields = parseMergeFields(subjectText).fields;
  await labels([...body, ...subjectFields]);
  const filledBody = fillMergeFields(template.body, body, valueOf).text;
  let subject: string | null = null;
  if (template.kind === 'template') {
    subject = fillMergeFields(subjectText, subjectFields, valueOf).text.replace(/[\r\n]+/g, ' ');
    if (subject.length > MAX_SUBJECT_LENGTH)
      throw validationError(
        `Filled in, the subject of "${template.name}" is over ${MAX_SUBJECT_LENGTH} characters, the longest header line email allows: shorten the template's subject. Nothing was inserted.`,
      );
  }
  return { kind: template.kind, subject, html: asHtml(filledBody), filledFrom: recipient ? 'recipient' : 'fallbacks' };
}
