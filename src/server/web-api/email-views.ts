import type { AttachmentView, EmailSummary, RecordSummary, RecordType } from '../../contract/web';
import type { AccountScope } from '../store';
import type { ObjectRecord } from '../store/objects';
import { WebRepo } from '../store/web';
import { emailSummary, recordSummary } from './views';

const RECORD_TYPES: RecordType[] = ['contacts', 'companies', 'deals'];

/** Each record's associated contacts, companies and deals, read in one query per type for all of them. */
export async function associatedOf(scope: AccountScope, ids: number[]): Promise<Map<number, EmailSummary['associations']>> {
  const result = new Map<number, EmailSummary['associations']>(ids.map((id) => [id, { contacts: [], companies: [], deals: [] }]));
  for (const type of RECORD_TYPES) {
    const links = await scope.associations.listMany(ids, type);
    const targetIds = [...new Set([...links.values()].flat().map((a) => a.toId))];
    const targets = new Map((await scope.objects.getMany(type, targetIds)).map((r) => [r.id, recordSummary(r)]));
    for (const [fromId, list] of links) {
      result.get(fromId)![type] = list.map((a) => targets.get(a.toId)).filter((s): s is RecordSummary => Boolean(s));
    }
  }
  return result;
}

/**
 * Attachments as the logging code recorded them on the email (`mailtrail_attachments`, JSON: id, name, contentType,
 * size, and leftOut with the reason when the file was not kept).
 */
export function attachmentsOf(email: ObjectRecord): AttachmentView[] {
  try {
    const list = JSON.parse(email.properties.mailtrail_attachments ?? '[]') as Partial<AttachmentView>[];
    return list.map((a, i) => ({
      id: String(a.id ?? i),
      name: a.name ?? 'attachment',
      contentType: a.contentType ?? 'application/octet-stream',
      size: Number(a.size ?? 0),
      leftOut: a.leftOut ?? null,
    }));
  } catch {
    return [];
  }
}

/** Timeline cards for emails, with their associations, pin state on `pinnedId`, attachments and tracking. */
export async function emailSummaries(scope: AccountScope, emails: ObjectRecord[], pinnedId?: number): Promise<EmailSummary[]> {
  const associations = await associatedOf(
    scope,
    emails.map((e) => e.id),
  );
  const web = new WebRepo(scope);
  const summaries: EmailSummary[] = [];
  for (const e of emails) {
    const threadKey = e.properties.hs_thread_key;
    const threadSize = threadKey ? (await web.thread(threadKey, 200)).length : 1;
    summaries.push(
      emailSummary(e, {
        pinned: e.id === pinnedId,
        associations: associations.get(e.id) ?? { contacts: [], companies: [], deals: [] },
        attachments: attachmentsOf(e),
        tracking: null,
        threadSize,
      }),
    );
  }
  return summaries;
}
