import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { PIPELINE_PROPERTIES } from '../../../contract/crm';
import { PinRequest, RecordType, type RecordDetail, type RecordList, type Timeline } from '../../../contract/web';
import type { AccountScope, Store } from '../../store';
import { associatedOf, emailSummaries, trackingOf } from './email-views';
import { notFound } from '../../core/api-error';
import { guard } from './session';
import { tasksOf } from './task-views';
import { emailTime, recordSummary } from './views';
import { refusals } from './refusals';
import type { Language } from '../../../contract/language';
import { requestLanguage } from '../language';

const PAGE = 50;
const Id = z.string().check(z.regex(/^[1-9][0-9]{0,17}$/, 'must be a record id'));
const RecordParams = z.object({ type: RecordType, id: Id });
const ListQuery = z.object({ q: z.optional(z.string().check(z.maxLength(200))), after: z.optional(Id) });

/** Contacts, companies, deals and tickets: search lists, record pages, timelines (V1) and pins. */
export async function recordsRoutes(app: FastifyInstance, opts: { store: Store }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.addHook('preHandler', (request) => guard(opts.store, request, false));

  r.get(
    '/records/:type',
    { schema: { params: z.object({ type: RecordType }), querystring: ListQuery } },
    async (request): Promise<RecordList> => {
      const web = request.web!.scope.web;
      const rows = await web.searchRecords(
        request.params.type,
        request.query.q ?? '',
        PAGE + 1,
        request.query.after ? Number(request.query.after) : undefined,
      );
      const page = rows.slice(0, PAGE);
      return {
        results: page.map((r) => recordSummary(r, undefined, requestLanguage(request, request.web!.user))),
        next: rows.length > PAGE ? String(page[page.length - 1].id) : null,
      };
    },
  );

  r.get('/records/:type/:id', { schema: { params: RecordParams } }, async (request) => {
    const { scope } = request.web!;
    const record = await scope.objects.get(request.params.type, Number(request.params.id));
    if (!record) throw notFound(refusals(request).noRecord(request.params.id, request.params.type));
    const associated = (await associatedOf(scope, [record.id])).get(record.id)!;
    const options = await pipelineOptions(scope, request.params.type);
    const summary = recordSummary(record, options, requestLanguage(request, request.web!.user));
    const ownerId = Number(record.properties.hubspot_owner_id);
    const owner = Number.isSafeInteger(ownerId) && ownerId > 0 ? await scope.users.get(ownerId) : undefined;
    const detail: RecordDetail = {
      ...summary,
      properties: record.properties,
      owner: owner ? owner.name || owner.email : null,
      associated,
      options,
    };
    return detail;
  });

  r.get('/records/:type/:id/timeline', { schema: { params: RecordParams } }, async (request): Promise<Timeline> => {
    const { scope } = request.web!;
    const id = Number(request.params.id);
    if (!(await scope.objects.get(request.params.type, id)))
      throw notFound(refusals(request).noRecord(request.params.id, request.params.type));
    const web = scope.web;
    const [emails, pinned] = await Promise.all([web.emailsOf(id, 200), web.pinnedEmail(id)]);
    emails.sort((a, b) => emailTime(b) - emailTime(a) || b.id - a.id);
    const results = await emailSummaries(scope, emails, pinned, requestLanguage(request, request.web!.user));
    // The pinned email first (V1), the rest newest first.
    results.sort((a, b) => Number(b.pinned) - Number(a.pinned));
    return {
      results,
      tracked:
        request.params.type === 'contacts'
          ? await trackedSends(scope, id, results, requestLanguage(request, request.web!.user))
          : [],
      tasks: await tasksOf(scope, id),
    };
  });

  r.post('/records/:type/:id/pin', { schema: { params: RecordParams, body: PinRequest } }, async (request, reply) => {
    const { scope } = request.web!;
    const recordId = Number(request.params.id);
    const emailId = Number(request.body.emailId);
    const web = scope.web;
    if (!(await web.hasEmail(recordId, emailId))) throw notFound(refusals(request).notOnRecord(request.body.emailId));
    if (request.body.pinned) await web.pin(recordId, emailId);
    else await web.unpin(recordId, emailId);
    return reply.code(204).send();
  });
}

/**
 * P4: the tracked emails sent to this contact alone that its timeline does not show already (not logged, or logged
 * elsewhere), each with its opens and clicks.
 */
async function trackedSends(
  scope: AccountScope,
  contactId: number,
  shown: Timeline['results'],
  language: Language,
): Promise<Timeline['tracked']> {
  const logged = new Set(shown.map((e) => e.messageId).filter(Boolean));
  const sends = (await scope.web.trackedSendsTo(contactId, 200)).filter(
    (i) => !i.messageId || !logged.has(i.messageId),
  );
  return Promise.all(
    sends.map(async (i) => ({
      intentId: String(i.id),
      subject: i.subject,
      to: i.attributedTo?.address ?? '',
      at: new Date(i.sentAt ?? i.createdAt).toISOString(),
      tracking: await trackingOf(scope, i, language),
    })),
  );
}

/**
 * A deal's or ticket's pipeline and stage labels as the account named them (admins rename and add stages over the
 * CRM API).
 */
async function pipelineOptions(scope: AccountScope, type: RecordType): Promise<RecordDetail['options']> {
  if (type !== 'deals' && type !== 'tickets') return {};
  const pipelines = await scope.pipelines.list(type);
  const names = PIPELINE_PROPERTIES[type];
  return {
    [names.pipeline]: pipelines.map((p) => ({ value: p.id, label: p.label })),
    [names.stage]: pipelines.flatMap((p) => p.stages.map((st) => ({ value: st.id, label: st.label }))),
  };
}
