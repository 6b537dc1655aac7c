import type { PickerItem, RecordKind } from '../../contract/addon';
import type { SearchRequest } from '../../contract/crm-search';
import { RECORD_OBJECT_TYPES, RECORD_SEARCH_LIMIT } from '../../contract/addon-records';
import type { AccountScope } from '../store';
import type { ObjectRecord } from '../store/objects';
import type { StoredPipeline } from '../store/crm-pipelines';

const KINDS: RecordKind[] = ['contact', 'company', 'deal', 'ticket'];

/**
 * P1: the records a rep may log to beyond the recipients' own, found by name, email address or domain. One bounded
 * search: each kind is read once, at most one page of RECORD_SEARCH_LIMIT + 1, and a deal or ticket is also found
 * through a contact or company the query found (searching `globex.com` finds Globex's deals). The kinds take turns
 * so that one kind with many matches does not hide the others; `more` says that the answer is not all.
 */
export async function searchRecords(
  scope: AccountScope,
  query: string,
  kind: RecordKind | undefined,
): Promise<{ items: PickerItem[]; more: boolean }> {
  const q = query.trim();
  const page = RECORD_SEARCH_LIMIT + 1;
  const search = (k: RecordKind) =>
    scope.search.run(RECORD_OBJECT_TYPES[k], { query: q, filterGroups: [], sorts: [], limit: page }, 0);
  const wanted = kind ? [kind] : KINDS;
  const needPeople = wanted.some((k) => k === 'deal' || k === 'ticket');
  const [contacts, companies] = await Promise.all([
    wanted.includes('contact') || needPeople ? searchContacts(scope, q, page) : null,
    wanted.includes('company') || needPeople ? search('company') : null,
  ]);
  const peopleIds = [...(contacts?.records ?? []), ...(companies?.records ?? [])].map((r) => r.id);

  const found = new Map<RecordKind, { records: ObjectRecord[]; more: boolean }>();
  if (wanted.includes('contact') && contacts)
    found.set('contact', { records: contacts.records, more: contacts.total > RECORD_SEARCH_LIMIT });
  if (wanted.includes('company') && companies)
    found.set('company', { records: companies.records, more: companies.total > RECORD_SEARCH_LIMIT });
  for (const k of ['deal', 'ticket'] as const) {
    if (!wanted.includes(k)) continue;
    const [direct, linked] = await Promise.all([
      search(k),
      scope.associations.listMany(peopleIds, RECORD_OBJECT_TYPES[k]),
    ]);
    const directIds = new Set(direct.records.map((r) => r.id));
    const linkedIds = [...new Set([...linked.values()].flat().map((a) => a.toId))].filter((id) => !directIds.has(id));
    const through = await scope.objects.getMany(RECORD_OBJECT_TYPES[k], linkedIds.slice(0, page));
    const records = [...direct.records, ...through];
    found.set(k, { records, more: direct.total + linkedIds.length > RECORD_SEARCH_LIMIT });
  }

  const [dealPipelines, ticketPipelines] = await Promise.all([
    found.has('deal') ? scope.pipelines.list('deals') : [],
    found.has('ticket') ? scope.pipelines.list('tickets') : [],
  ]);
  const describe = describer(dealPipelines, ticketPipelines);

  // Round robin: a contact, a company, a deal, a ticket, again, until the answer is full.
  const items: PickerItem[] = [];
  const queues = wanted.map((k) => ({ k, list: [...(found.get(k)?.records ?? [])] }));
  while (items.length < RECORD_SEARCH_LIMIT && queues.some((x) => x.list.length)) {
    for (const x of queues) {
      const r = x.list.shift();
      if (r && items.length < RECORD_SEARCH_LIMIT) items.push(describe(x.k, r));
    }
  }
  const more = queues.some((x) => x.list.length > 0) || [...found.values()].some((f) => f.more);
  return { items, more };
}

/**
 * Contacts by any of their words (name, address, phone, company), or by a full name: "Grace Hopper" is a first name
 * and a last name, which no one property holds.
 */
async function searchContacts(
  scope: AccountScope,
  q: string,
  page: number,
): Promise<{ total: number; records: ObjectRecord[] }> {
  const run = (request: { query?: string; filterGroups: SearchRequest['filterGroups'] }) =>
    scope.search.run('contacts', { ...request, sorts: [], limit: page }, 0);
  const [first, ...rest] = q.split(/\s+/);
  if (!rest.length) return run({ query: q, filterGroups: [] });
  const token = (propertyName: string, value: string) => ({ propertyName, operator: 'CONTAINS_TOKEN' as const, value });
  const [byWords, byName] = await Promise.all([
    run({ query: q, filterGroups: [] }),
    run({ filterGroups: [{ filters: [token('firstname', first), token('lastname', rest.join(' '))] }] }),
  ]);
  const seen = new Set(byWords.records.map((r) => r.id));
  const records = [...byWords.records, ...byName.records.filter((r) => !seen.has(r.id))];
  return { total: Math.max(byWords.total + byName.total, records.length), records };
}

/** A record as the picker lists it: its name, and what tells it apart (email, domain, stage). */
export function describer(
  dealPipelines: StoredPipeline[],
  ticketPipelines: StoredPipeline[],
): (kind: RecordKind, r: ObjectRecord) => PickerItem {
  const stageLabel = (pipelines: StoredPipeline[], pipeline: string | undefined, stage: string | undefined) =>
    stage
      ? (pipelines.find((p) => p.id === pipeline)?.stages.find((s) => s.id === stage)?.label ??
        pipelines.flatMap((p) => p.stages).find((s) => s.id === stage)?.label ??
        stage)
      : null;
  return (kind, r) => {
    const p = r.properties;
    const id = String(r.id);
    const item = (label: string | undefined, detail: string | null | undefined): PickerItem => ({
      type: kind,
      id,
      label: (label || `#${id}`).slice(0, 300),
      detail: detail ? detail.slice(0, 300) : null,
      selected: false,
    });
    switch (kind) {
      case 'contact':
        return item([p.firstname, p.lastname].filter(Boolean).join(' ') || p.email, p.email);
      case 'company':
        return item(p.name || p.domain, p.domain);
      case 'deal':
        return item(p.dealname, stageLabel(dealPipelines, p.pipeline, p.dealstage));
      case 'ticket':
        return item(p.subject, stageLabel(ticketPipelines, p.hs_pipeline, p.hs_pipeline_stage));
    }
  };
}
