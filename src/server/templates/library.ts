import {
  MAX_BODY_BYTES,
  MAX_NAME_LENGTH,
  MAX_TEMPLATE_CHOICES,
  MAX_SUBJECT_LENGTH,
  MERGE_OBJECTS,
  SENDER_FIELDS,
  parseMergeFields,
  type TemplateChoice,
  type TemplateInput,
} from '../../contract/templates';
import { ApiError, forbidden, notFound, validationError } from '../core/api-error';
import { CrmCatalogue } from '../crm/catalogue';
import type { AccountScope } from '../store';
import type { Template, TemplateFields } from '../store/templates';
import type { User } from '../store/users';

/** The CRM object type each merge-field object reads its properties from. */
export const MERGE_TYPES = { contact: 'contacts', company: 'companies', deal: 'deals' } as const;

const MB = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/**
 * A template as saved: a name, a body Gmail can send, a subject that fits its header line, and merge fields that
 * each name a property the account's records have. Every problem is listed in one answer; nothing is saved.
 */
export async function checkedTemplate(scope: AccountScope, input: TemplateInput): Promise<TemplateFields> {
  const name = input.name.trim();
  const subject = input.kind === 'template' ? (input.subject ?? '').trim() : null;
  const bytes = Buffer.byteLength(input.body, 'utf8');
  if (bytes > MAX_BODY_BYTES)
    throw new ApiError(
      413,
      'PAYLOAD_TOO_LARGE',
      `The body is ${MB(bytes)}: Gmail sends messages of at most 25 MB, so it could never be sent. Shorten it, or link to a file instead. Nothing was saved.`,
    );
  const problems: string[] = [];
  if (!name) problems.push('the name is empty: give it a name reps will recognise in the sidebar');
  if (name.length > MAX_NAME_LENGTH) problems.push(`the name is over ${MAX_NAME_LENGTH} characters`);
  if (subject === '')
    problems.push('the subject is empty: a template sets the subject (text to insert without one is a snippet)');
  if (subject !== null && subject.length > MAX_SUBJECT_LENGTH)
    problems.push(`the subject is over ${MAX_SUBJECT_LENGTH} characters, the longest header line email allows`);
  if (subject !== null && /[\r\n]/.test(subject)) problems.push('the subject has a line break: a subject is one line');
  problems.push(...(await unknownFields(scope, [subject ?? '', input.body])));
  if (problems.length)
    throw validationError(`This template cannot be saved: ${problems.join('; ')}. Nothing was saved.`);
  return { kind: input.kind, name, subject, body: input.body, shared: input.shared };
}

async function unknownFields(scope: AccountScope, texts: string[]): Promise<string[]> {
  const problems: string[] = [];
  const catalogues = new Map<string, CrmCatalogue>();
  for (const text of texts) {
    const { fields, errors } = parseMergeFields(text);
    problems.push(...errors);
    for (const f of fields) {
      const field = `{{${f.object}.${f.property}}}`;
      if (f.object === 'sender') {
        if (!(SENDER_FIELDS as readonly string[]).includes(f.property))
          problems.push(`${field} does not exist: the sender has ${SENDER_FIELDS.join(', ')}`);
        continue;
      }
      const type = MERGE_TYPES[f.object as keyof typeof MERGE_TYPES];
      if (!type) {
        problems.push(`${field} does not exist: a merge field reads ${MERGE_OBJECTS.join(', ')}`);
        continue;
      }
      let catalogue = catalogues.get(type);
      if (!catalogue) catalogues.set(type, (catalogue = await CrmCatalogue.load(scope, type)));
      if (!catalogue.definition(f.property))
        problems.push(`${field} does not exist: ${type} have no property "${f.property}"`);
    }
  }
  return [...new Set(problems)];
}

/** The template, when the user may see it: their own, or shared with the account. */
export async function visibleTemplate(scope: AccountScope, user: User, id: string): Promise<Template> {
  const template = /^\d{1,18}$/.test(id) ? await scope.templates.get(Number(id)) : undefined;
  if (!template || (!template.shared && template.ownerId !== user.id))
    throw notFound(`There is no template ${id} of yours or shared with your account (deleted since?).`);
  return template;
}

/** Its owner may change it; a super admin may also change one shared with the account. */
export function mayEdit(user: User, template: Template): boolean {
  return template.ownerId === user.id || (template.shared && user.role === 'super_admin');
}

export async function editableTemplate(scope: AccountScope, user: User, id: string): Promise<Template> {
  const template = await visibleTemplate(scope, user, id);
  if (!mayEdit(user, template))
    throw forbidden(`"${template.name}" belongs to another user: only they, or a super admin, can change it.`);
  return template;
}

/** What the compose card lists: the user's own and the shared ones, most recently used first, within a card's limit. */
export async function templateChoices(scope: AccountScope, user: User): Promise<TemplateChoice[]> {
  const templates = await scope.templates.visibleTo(user.id, MAX_TEMPLATE_CHOICES);
  return templates.map((t) => ({ id: String(t.id), kind: t.kind, name: t.name }));
}
