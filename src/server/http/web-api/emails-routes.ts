import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { defaultAssociationType } from '../../../contract/crm-associations';
import { AssociationsUpdate, type EmailFull, type RecordType } from '../../../contract/web';
import type { Store } from '../../store';
import { emailSummaries, threadOf } from './email-views';
import { notFound, validationError } from '../../core/api-error';
import { sanitizeEmailHtml } from './sanitize';
import { guard } from './session';
import { emailText } from './views';
import { refusals } from './refusals';
import { requestLanguage } from '../language';

const Id = z.string().check(z.regex(/^[1-9][0-9]{0,17}$/, 'must be an email id'));
const TYPES: RecordType[] = ['contacts', 'companies', 'deals', 'tickets'];

/** Where an attachment's content is, by its SHA-256, or null when the file is missing. */
export type AttachmentFiles = (sha256: string) => Promise<{ path: string } | null>;

/** One logged email: read in full with its thread, delete, re-associate, download its attachments. */
export async function emailsRoutes(app: FastifyInstance, opts: { store: Store; attachmentFile: AttachmentFiles }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.addHook('preHandler', (request) => guard(opts.store, request, false));
  const noEmail = (request: FastifyRequest, id: string) => notFound(refusals(request).noEmail(id));

  r.get('/emails/:id', { schema: { params: z.object({ id: Id }) } }, async (request) => {
    const { scope } = request.web!;
    const email = await scope.objects.get('emails', Number(request.params.id));
    if (!email) throw noEmail(request, request.params.id);
    const thread = await emailSummaries(
      scope,
      await threadOf(scope, email),
      undefined,
      requestLanguage(request, request.web!.user),
    );
    const full: EmailFull = {
      email: thread.find((t) => t.id === String(email.id))!,
      html: sanitizeEmailHtml(email.properties.hs_email_html ?? ''),
      text: emailText(email),
      thread,
    };
    return full;
  });

  r.delete('/emails/:id', { schema: { params: z.object({ id: Id }) } }, async (request, reply) => {
    const archived = await request.web!.scope.objects.archive('emails', [Number(request.params.id)]);
    if (!archived.length) throw noEmail(request, request.params.id);
    return reply.code(204).send();
  });

  r.put(
    '/emails/:id/associations',
    { schema: { params: z.object({ id: Id }), body: AssociationsUpdate } },
    async (request, reply) => {
      const { scope } = request.web!;
      const emailId = Number(request.params.id);
      if (!(await scope.objects.get('emails', emailId))) throw noEmail(request, request.params.id);
      // Tickets left out of the body are left as they are.
      const types = TYPES.filter((t) => request.body[t] !== undefined);
      const wanted = Object.fromEntries(types.map((t) => [t, new Set((request.body[t] ?? []).map(Number))])) as Record<
        RecordType,
        Set<number>
      >;
      // Every target must be a live record of this account before anything changes.
      for (const t of types) {
        const ids = [...wanted[t]];
        const found = await scope.objects.existing(t, ids);
        const missing = ids.filter((id) => !found.has(id));
        if (missing.length) throw validationError(refusals(request).missingRecords(t, missing.join(', ')));
      }
      await scope.transaction(async (tx) => {
        for (const t of types) {
          const current = new Set(
            ((await tx.associations.listMany([emailId], t)).get(emailId) ?? []).map((a) => a.toId),
          );
          for (const id of current) if (!wanted[t].has(id)) await tx.associations.dissociate(emailId, t, id);
          const type = defaultAssociationType('emails', t)!;
          for (const id of wanted[t])
            if (!current.has(id)) await tx.associations.associate('emails', emailId, t, id, [type.typeId]);
        }
      });
      return reply.code(204).send();
    },
  );

  r.get(
    '/emails/:id/attachments/:attachmentId',
    { schema: { params: z.object({ id: Id, attachmentId: z.string().check(z.maxLength(128)) }) } },
    async (request, reply) => {
      const { scope } = request.web!;
      const email = await scope.objects.get('emails', Number(request.params.id));
      if (!email) throw noEmail(request, request.params.id);
      const meta = (await scope.loggedEmails.attachments([email.id])).find(
        (a) => String(a.id) === request.params.attachmentId,
      );
      if (!meta) throw notFound(refusals(request).noAttachment(request.params.attachmentId));
      if (meta.leftOut || !meta.sha256)
        throw notFound(`“${meta.name}” was not stored: ${meta.leftOut ?? 'its content was left out'}`);
      const file = await opts.attachmentFile(meta.sha256);
      if (!file)
        throw notFound(
          `The file of “${meta.name}” is missing from the attachment store. Ask the operator to check the data directory.`,
        );
      return reply
        .header('content-type', meta.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(meta.name)}`)
        .header('x-content-type-options', 'nosniff')
        .send(createReadStream(file.path));
    },
  );
}
