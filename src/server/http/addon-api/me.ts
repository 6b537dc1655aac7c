import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MeResponse } from '../../../contract/addon';
import { FeedQuery, FeedResponse } from '../../../contract/feed';
import { webPaths } from '../../../contract/web';
import type { Activity } from '../../tracking/notify/activity';
import { personalAddress } from '../../accounts/logging-addresses';
import { effectiveSettings, permissions } from '../../accounts/settings';
import { caller } from './caller';
import { addonErrors } from './errors';
import { requestLanguage } from '../language';

/** `me` (the settings card) and `feed` (the home card). */
export const meRoutes: FastifyPluginAsyncZod<{ activity: Activity }> = async (app, opts) => {
  const tags = ['Add-on'];
  const webAppUrl = () => `${app.mailtrail.publicUrl()}${webPaths.app}`;

  app.get(
    '/me',
    {
      schema: {
        tags,
        summary: 'The user, their permissions, and the account settings they work under',
        response: { 200: MeResponse, ...addonErrors },
      },
    },
    async (request) => {
      const c = await caller(request);
      return {
        user: { email: c.user.email, name: c.user.name, role: c.user.role },
        account: { name: c.account.name, bccDomain: c.account.bccDomain },
        bccAddress: await personalAddress(c.scope, c.user.id),
        permissions: permissions(c.account, c.user),
        settings: effectiveSettings(c.account),
        accountNeverLog: c.account.settings.neverLog,
        webAppUrl: webAppUrl(),
      };
    },
  );

  app.get(
    '/feed',
    {
      schema: {
        tags,
        summary: "The user's activity, newest first, a page at a time",
        querystring: FeedQuery,
        response: { 200: FeedResponse, ...addonErrors },
      },
    },
    async (request) => {
      const c = await caller(request);
      const page = await opts.activity.feed(
        c.scope.accountId,
        c.user.id,
        {
          after: request.query.after,
          limit: Number(request.query.limit ?? 20),
        },
        requestLanguage(request, c.user),
      );
      return {
        items: page.items,
        ...(page.next ? { paging: { next: { after: page.next } } } : {}),
        webAppUrl: webAppUrl(),
      };
    },
  );
};
