import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { InsertTemplateRequest, InsertTemplateResponse } from '../../../contract/templates';
import { notFound } from '../../core/api-error';
import { fillTemplate, soleRecipient } from '../../templates/fill';
import { visibleTemplate } from '../../templates/library';
import { caller } from './caller';
import { addonErrors } from './errors';

/** `compose/templates`: Insert template or snippet, one round trip that fills it and records the use (P2). */
export const templateRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/templates',
    {
      schema: {
        tags: ['Add-on'],
        summary: "Fill a template or snippet for the draft's recipient, and count it on the email",
        body: InsertTemplateRequest,
        response: { 200: InsertTemplateResponse, ...addonErrors },
      },
    },
    async (request) => {
      const c = await caller(request);
      const body = request.body;
      const template = await visibleTemplate(c.scope, c.user, body.templateId);
      let intentId: number | null = null;
      if (body.token) {
        const intent = await c.scope.intents.byLogSecret(body.token);
        if (!intent || intent.userId !== c.user.id)
          throw notFound('This draft has no mailtrail intent of yours: reopen the sidebar. Nothing was inserted.');
        intentId = intent.id;
      }
      const recipient = soleRecipient(body.recipients, c.account.bccDomain, c.own);
      const filled = await fillTemplate(c.scope, c.user, template, recipient);
      await c.scope.templates.recordUse(template.id, { userId: c.user.id, draftKey: body.draftKey, intentId });
      return filled;
    },
  );
};
