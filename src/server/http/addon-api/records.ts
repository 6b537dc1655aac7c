import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  NewContactRequest,
  NewDealRequest,
  NewRecordResponse,
  RecordSearchRequest,
  RecordSearchResponse,
} from '../../../contract/addon-records';
import { parseNeverLogList } from '../../../contract/never-log';
import { validationError } from '../../core/api-error';
import { createContact, createDeal } from '../../logging/new-records';
import { searchRecords } from '../../logging/record-search';
import { caller } from './caller';
import { addonErrors } from './errors';

/** `records/…`: any record from the sidebars (P1): one bounded search; a new deal or contact. */
export const recordsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Add-on'];

  app.post(
    '/search',
    {
      schema: {
        tags,
        summary:
          'Contacts, companies, deals and tickets by name, email or domain: at most 20, and whether there are more',
        body: RecordSearchRequest,
        response: { 200: RecordSearchResponse, ...addonErrors },
      },
    },
    async (request) => {
      const c = await caller(request);
      return searchRecords(c.scope, request.body.query, request.body.kind);
    },
  );

  app.post(
    '/deals',
    {
      schema: {
        tags,
        summary: "Create a deal associated with the email's contacts and their companies",
        body: NewDealRequest,
        response: { 200: NewRecordResponse, ...addonErrors },
      },
    },
    async (request) => {
      const c = await caller(request);
      const { rules, errors } = parseNeverLogList(request.body.neverLog);
      if (errors.length)
        throw validationError(
          `The never-log list has entries that are not rules: ${errors.join('; ')}. No deal was created.`,
        );
      return createDeal(c, { ...request.body, neverLog: rules.map((r) => r.text) });
    },
  );

  app.post(
    '/contacts',
    {
      schema: {
        tags,
        summary: 'Create a contact with a name, and optionally an address and the company it works at',
        body: NewContactRequest,
        response: { 200: NewRecordResponse, ...addonErrors },
      },
    },
    async (request) => {
      const c = await caller(request);
      const { rules, errors } = parseNeverLogList(request.body.neverLog);
      if (errors.length)
        throw validationError(
          `The never-log list has entries that are not rules: ${errors.join('; ')}. No contact was created.`,
        );
      return createContact(c, { ...request.body, neverLog: rules.map((r) => r.text) });
    },
  );
};
