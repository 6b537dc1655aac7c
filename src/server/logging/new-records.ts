import type { AssociationRef, DealStageChoice, PickerItem } from '../../contract/addon';
import type { NewContactRequest, NewDealRequest } from '../../contract/addon-records';
import { bareAddress, isAddress, normaliseAddress } from '../../contract/addresses';
import { isNeverLogged, parseNeverLogList } from '../../contract/never-log';
import type { InlineAssociation } from '../../contract/crm';
import { conflict, validationError } from '../core/api-error';
import { CrmRecords } from '../crm/records';
import type { StoredPipeline } from '../store/crm-pipelines';
import type { User } from '../store/users';
import { lookUpPeople, type Sender } from './people';
import { describer } from './record-search';

/** HubSpot's default association types: deal → contact, deal → company, contact → company. */
const DEAL_TO_CONTACT = 3;
const DEAL_TO_COMPANY = 341;
const CONTACT_TO_COMPANY = 279;
const CHOICES_MAX = 100;

const assoc = (id: number, typeId: number): InlineAssociation => ({
  to: { id: String(id) },
  types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }],
});

/** The stages a new deal may start in: every active stage of the account's active deal pipelines, in order. */
export function stageChoices(dealPipelines: StoredPipeline[]): DealStageChoice[] {
  const pipelines = dealPipelines.filter((p) => p.archivedAt === null);
  const named = pipelines.length > 1;
  return pipelines
    .flatMap((p) =>
      p.stages
        .filter((s) => s.archivedAt === null)
        .map((s) => ({
          pipeline: p.id,
          stage: s.id,
          label: (named ? `${p.label}: ${s.label}` : s.label).slice(0, 300),
        })),
    )
    .slice(0, CHOICES_MAX);
}

type Problem = { field: string; message: string };

function refuse(what: string, problems: Problem[]): never {
  throw validationError(`${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}. No ${what} was created.`, {
    errors: problems.map((p) => ({ message: p.message, code: 'INVALID_INPUT', in: p.field })),
  });
}

/** `12000`, `12000.50`, `12 000`: a number of 0 or more, as HubSpot stores it (no separators). */
function amountOf(raw: string, problems: Problem[]): string | null {
  const text = raw.trim().replace(/[\s\u00a0]/g, '');
  if (!text) return null;
  if (!/^-?\d+(\.\d+)?$/.test(text)) {
    problems.push({
      field: 'amount',
      message: `"${raw.slice(0, 50)}" is not a number: type digits, such as 12000 or 12000.50`,
    });
    return null;
  }
  if (text.startsWith('-')) {
    problems.push({ field: 'amount', message: `${text} is negative: an amount is 0 or more` });
    return null;
  }
  return text;
}

/** `2026-06-30` → midnight UTC of that day, as HubSpot's close date holds it; an impossible day is refused. */
function closeDateOf(raw: string, problems: Problem[]): string | null {
  const text = raw.trim();
  if (!text) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    problems.push({
      field: 'closeDate',
      message: `"${text.slice(0, 50)}" is not a date: use YYYY-MM-DD, such as 2026-06-30`,
    });
    return null;
  }
  return d.toISOString();
}

/**
 * P1: a deal created from the sidebar, in one of the account's deal stages, owned by the rep, associated with the
 * contacts of the email's people and their companies (never-logged people and colleagues bring none, as in the
 * picker). Every field is checked before anything is written: a refusal names each bad field and creates nothing.
 */
export async function createDeal(
  sender: Sender & { user: User },
  request: NewDealRequest,
): Promise<{ record: PickerItem; associatedWith: AssociationRef[] }> {
  const problems: Problem[] = [];
  const name = request.name.trim();
  if (!name) problems.push({ field: 'name', message: 'is empty: give the deal a name' });
  const pipelines = await sender.scope.pipelines.list('deals');
  const stages = stageChoices(pipelines);
  const chosen = stages.find((s) => `${s.pipeline}:${s.stage}` === request.stage);
  if (!chosen)
    problems.push({
      field: 'stage',
      message: `"${request.stage.slice(0, 100)}" is not a stage of this account's deal pipelines: choose one the card lists`,
    });
  const amount = amountOf(request.amount, problems);
  const closeDate = closeDateOf(request.closeDate, problems);
  if (problems.length || !chosen) refuse('deal', problems);

  const addresses = request.people.map(bareAddress).filter(isAddress);
  const people = await lookUpPeople(sender, addresses, request.neverLog);
  const eligible = addresses
    .map((a) => people.person(a))
    .filter((p) => p.status === 'contact' || p.status === 'unknown');
  const contactIds = [...new Set(eligible.flatMap((p) => (p.contact ? [Number(p.contact.id)] : [])))].slice(
    0,
    CHOICES_MAX,
  );
  const companyIds = [...new Set(eligible.flatMap((p) => p.companies.map((c) => Number(c.id))))].slice(0, CHOICES_MAX);

  const record = await new CrmRecords(sender.scope).create('deals', {
    properties: {
      dealname: name,
      pipeline: chosen.pipeline,
      dealstage: chosen.stage,
      ...(amount === null ? {} : { amount }),
      ...(closeDate === null ? {} : { closedate: closeDate }),
      hubspot_owner_id: String(sender.user.id),
    },
    associations: [
      ...contactIds.map((id) => assoc(id, DEAL_TO_CONTACT)),
      ...companyIds.map((id) => assoc(id, DEAL_TO_COMPANY)),
    ],
  });
  return {
    record: { ...describer(pipelines, [])('deal', record), selected: true },
    associatedWith: [
      ...contactIds.map((id) => ({ type: 'contact' as const, id: String(id) })),
      ...companyIds.map((id) => ({ type: 'company' as const, id: String(id) })),
    ],
  };
}

/**
 * P1: a contact created from the sidebar with a name, an optional address and an optional company it works at.
 * Non-marketing and owned by the rep, like the contacts Log creates (L3). An address that is a contact already is
 * refused (search for it instead), as are an address on a never-log list (L5) and a company that does not exist.
 */
export async function createContact(
  sender: Pick<Sender, 'scope' | 'account'> & { user: User },
  request: NewContactRequest,
): Promise<{ record: PickerItem; associatedWith: AssociationRef[] }> {
  const problems: Problem[] = [];
  const firstName = request.firstName.trim();
  const lastName = request.lastName.trim();
  if (!firstName && !lastName)
    problems.push({ field: 'name', message: 'is empty: type a first name, a last name or both' });
  const email = request.email.trim() ? normaliseAddress(request.email.trim()) : '';
  const rules = parseNeverLogList([...sender.account.settings.neverLog, ...request.neverLog]).rules;
  if (email && !isAddress(email))
    problems.push({
      field: 'email',
      message: `"${request.email.slice(0, 100)}" is not an email address such as ada@example.com`,
    });
  else if (email && isNeverLogged(email, rules))
    problems.push({ field: 'email', message: `${email} is on a never-log list: it is never made a contact` });
  const companyId = request.companyId ? Number(request.companyId) : null;
  if (companyId !== null && !(await sender.scope.objects.existing('companies', [companyId])).has(companyId))
    problems.push({
      field: 'company',
      message: `there is no company ${companyId} in this account (deleted since the card was shown?)`,
    });
  if (problems.length) refuse('contact', problems);
  if (email) {
    const [existing] = await sender.scope.objects.getByUniqueProperty('contacts', 'email', [email]);
    if (existing)
      throw conflict(
        `email: ${email} is already a contact (#${existing.id}): search for it instead. No contact was created.`,
      );
  }

  const record = await new CrmRecords(sender.scope).create('contacts', {
    properties: {
      ...(firstName ? { firstname: firstName } : {}),
      ...(lastName ? { lastname: lastName } : {}),
      ...(email ? { email } : {}),
      hubspot_owner_id: String(sender.user.id),
    },
    associations: companyId === null ? [] : [assoc(companyId, CONTACT_TO_COMPANY)],
  });
  return {
    record: { ...describer([], [])('contact', record), selected: true },
    associatedWith: companyId === null ? [] : [{ type: 'company', id: String(companyId) }],
  };
}
