import { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum as V4Category } from '@hubspot/api-client/lib/codegen/crm/associations/v4/index.js';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import {
  PropertyCreateFieldTypeEnum,
  PropertyCreateTypeEnum,
} from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';

const spec = (associationTypeId: number) => [
  { associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId },
];

/**
 * HubSpot's Node client doing what integrations do on install and in a sync (issue 18): read pipelines for stage
 * labels and add a stage, log notes, upsert contacts by address and by their own unique id, create custom properties
 * and search by them, label associations, merge duplicates.
 */
for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('@hubspot/api-client: what integrations do', db), () => {
    let server: InProcessServer;
    let drop: () => Promise<void>;
    let account: TestAccount;
    let hubspot: Client;

    beforeAll(async () => {
      const fresh = await db.create();
      drop = fresh.drop;
      server = await startServer({ db: fresh.target, dataDir: fresh.dataDir });
      account = await createTestAccount(server.store);
      hubspot = new Client({ accessToken: account.apiKey, basePath: server.url });
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    it('reads pipelines, turns stage ids into labels, and a new stage closes deals as its metadata says', async () => {
      const deals = await hubspot.crm.pipelines.pipelinesApi.getAll('deals');
      expect(deals.results.map((p) => [p.id, p.label])).toEqual([['default', 'Sales Pipeline']]);
      const labels = new Map(deals.results[0].stages.map((s) => [s.id, s.label]));
      expect(labels.get('qualifiedtobuy')).toBe('Qualified To Buy');
      const tickets = await hubspot.crm.pipelines.pipelineStagesApi.getAll('tickets', '0');
      expect(tickets.results.map((s) => s.metadata?.ticketState)).toEqual(['OPEN', 'OPEN', 'OPEN', 'CLOSED']);

      const lost = await hubspot.crm.pipelines.pipelineStagesApi.create('deals', 'default', {
        label: 'Lost to a competitor',
        displayOrder: 8,
        metadata: { isClosed: 'true', probability: '0.0' },
      });
      await hubspot.crm.pipelines.pipelineStagesApi.update('deals', 'default', 'qualifiedtobuy', {
        label: 'Qualified',
      });
      const relabelled = await hubspot.crm.pipelines.pipelinesApi.getById('deals', 'default');
      expect(relabelled.stages.find((s) => s.id === 'qualifiedtobuy')?.label).toBe('Qualified');

      const deal = await hubspot.crm.deals.basicApi.create({
        properties: { dealname: 'Lost one', dealstage: lost.id },
        associations: [],
      });
      expect(deal.properties).toMatchObject({ pipeline: 'default', hs_is_closed: 'true', hs_is_closed_won: 'false' });
      await expect(
        hubspot.crm.deals.basicApi.create({
          properties: { dealname: 'Nowhere', dealstage: 'nosuchstage' },
          associations: [],
        }),
      ).rejects.toMatchObject({ code: 400 });
    });

    it('logs a note on a contact and finds it from the contact', async () => {
      const contact = await hubspot.crm.contacts.basicApi.create({
        properties: { email: 'hank@globex.test' },
        associations: [],
      });
      const note = await hubspot.crm.objects.notes.basicApi.create({
        properties: { hs_timestamp: '2026-03-01T10:00:00.000Z', hs_note_body: 'Called Hank about the pilot.' },
        associations: [{ to: { id: contact.id }, types: spec(202) }],
      });
      const linked = await hubspot.crm.associations.v4.basicApi.getPage('contacts', contact.id, 'notes');
      expect(linked.results.map((r) => [r.toObjectId, r.associationTypes.map((t) => t.typeId)])).toEqual([
        [note.id, [201]],
      ]);
      const found = await hubspot.crm.objects.notes.searchApi.doSearch({
        filterGroups: [
          { filters: [{ propertyName: 'hs_note_body', operator: 'CONTAINS_TOKEN' as never, value: 'pilot' }] },
        ],
        properties: ['hs_note_body'],
        sorts: [],
        limit: 10,
        after: '0',
      });
      expect(found.results.map((r) => r.properties.hs_note_body)).toEqual(['Called Hank about the pilot.']);
      await expect(
        hubspot.crm.objects.notes.basicApi.create({ properties: { hs_note_body: 'no time' }, associations: [] }),
      ).rejects.toMatchObject({ code: 400 });
    });

    it('creates, reads, searches and associates tickets and tasks (issue 16)', async () => {
      const contact = await hubspot.crm.contacts.basicApi.create({
        properties: { email: 'marge@globex.test', firstname: 'Marge' },
        associations: [],
      });
      const ticket = await hubspot.crm.tickets.basicApi.create({
        properties: {
          subject: 'Badge reader offline',
          hs_pipeline: '0',
          hs_pipeline_stage: '1',
          hs_ticket_priority: 'HIGH',
        },
        associations: [{ to: { id: contact.id }, types: spec(16) }],
      });
      const task = await hubspot.crm.objects.tasks.basicApi.create({
        properties: {
          hs_timestamp: '2026-03-05T09:00:00.000Z',
          hs_task_subject: 'Call Marge about the badge reader',
          hs_task_status: 'NOT_STARTED',
        },
        associations: [{ to: { id: contact.id }, types: spec(204) }],
      });

      const read = await hubspot.crm.tickets.basicApi.getById(ticket.id, ['subject', 'hs_ticket_priority']);
      expect(read.properties).toMatchObject({ subject: 'Badge reader offline', hs_ticket_priority: 'HIGH' });
      const readTask = await hubspot.crm.objects.tasks.basicApi.getById(task.id, ['hs_task_subject', 'hs_task_status']);
      expect(readTask.properties).toMatchObject({ hs_task_status: 'NOT_STARTED' });

      const search = (
        api:
          | Pick<typeof hubspot.crm.tickets.searchApi, 'doSearch'>
          | Pick<typeof hubspot.crm.objects.tasks.searchApi, 'doSearch'>,
        propertyName: string,
        value: string,
      ) =>
        api.doSearch({
          filterGroups: [{ filters: [{ propertyName, operator: 'CONTAINS_TOKEN' as never, value }] }],
          properties: [propertyName],
          sorts: [],
          limit: 10,
          after: '0',
        });
      expect((await search(hubspot.crm.tickets.searchApi, 'subject', 'badge')).results.map((r) => r.id)).toEqual([
        ticket.id,
      ]);
      expect(
        (await search(hubspot.crm.objects.tasks.searchApi, 'hs_task_subject', 'Marge')).results.map((r) => r.id),
      ).toEqual([task.id]);

      // Both reach the contact, with HubSpot's own type ids each way.
      const ofContact = async (to: string) =>
        (await hubspot.crm.associations.v4.basicApi.getPage('contacts', contact.id, to)).results.map((r) => [
          r.toObjectId,
          r.associationTypes.map((t) => t.typeId),
        ]);
      expect(await ofContact('tickets')).toEqual([[ticket.id, [15]]]);
      expect(await ofContact('tasks')).toEqual([[task.id, [203]]]);
      await expect(
        hubspot.crm.tickets.basicApi.create({
          properties: { subject: 'x', hs_pipeline_stage: 'nope' },
          associations: [],
        }),
      ).rejects.toMatchObject({ code: 400 });
    });

    it('creates custom properties, upserts by address and by a unique one, and searches by them', async () => {
      await hubspot.crm.properties.groupsApi.create('contacts', { name: 'shoeshop', label: 'Shoe shop' });
      await hubspot.crm.properties.coreApi.create('contacts', {
        name: 'shoeshop_id',
        label: 'Shoe shop id',
        groupName: 'shoeshop',
        type: PropertyCreateTypeEnum.String,
        fieldType: PropertyCreateFieldTypeEnum.Text,
        hasUniqueValue: true,
      });
      await hubspot.crm.properties.coreApi.create('contacts', {
        name: 'shoe_size',
        label: 'Shoe size',
        groupName: 'shoeshop',
        type: PropertyCreateTypeEnum.Number,
        fieldType: PropertyCreateFieldTypeEnum.Number,
      });
      const read = await hubspot.crm.properties.batchApi.read('contacts', {
        archived: false,
        inputs: [{ name: 'shoe_size' }],
      });
      expect(read.results.map((p) => [p.name, p.groupName, p.hubspotDefined])).toEqual([
        ['shoe_size', 'shoeshop', false],
      ]);

      const byEmail = await hubspot.crm.contacts.batchApi.upsert({
        inputs: [{ id: 'ada@shoes.test', idProperty: 'email', properties: { firstname: 'Ada', shoe_size: '38' } }],
      });
      const byOwnId = await hubspot.crm.contacts.batchApi.upsert({
        inputs: [{ id: 'S-1', idProperty: 'shoeshop_id', properties: { email: 'bo@shoes.test', shoe_size: '44' } }],
      });
      expect([...byEmail.results, ...byOwnId.results].map((r) => r._new)).toEqual([true, true]);
      const again = await hubspot.crm.contacts.batchApi.upsert({
        inputs: [{ id: 'ADA@shoes.test', idProperty: 'email', properties: { lastname: 'Lovelace' } }],
      });
      expect(again.results.map((r) => [r._new, r.properties.firstname, r.properties.lastname])).toEqual([
        [false, 'Ada', 'Lovelace'],
      ]);
      const bySize = await hubspot.crm.contacts.searchApi.doSearch({
        filterGroups: [{ filters: [{ propertyName: 'shoe_size', operator: 'GT' as never, value: '40' }] }],
        properties: ['email', 'shoeshop_id'],
        sorts: [],
        limit: 10,
        after: '0',
      });
      expect(bySize.results.map((r) => r.properties)).toEqual([
        expect.objectContaining({ email: 'bo@shoes.test', shoeshop_id: 'S-1' }),
      ]);
      // Unique: another contact cannot take S-1.
      await expect(
        hubspot.crm.contacts.basicApi.create({
          properties: { email: 'cy@shoes.test', shoeshop_id: 'S-1' },
          associations: [],
        }),
      ).rejects.toMatchObject({ code: 409 });
    });

    it('labels associations with a custom label and merges duplicate contacts', async () => {
      const company = await hubspot.crm.companies.basicApi.create({
        properties: { name: 'Initech', domain: 'initech.test' },
        associations: [],
      });
      const [peter, duplicate] = await Promise.all(
        ['peter@initech.test', 'p.gibbons@initech.test'].map((email) =>
          hubspot.crm.contacts.basicApi.create({ properties: { email }, associations: [] }),
        ),
      );
      const created = await hubspot.crm.associations.v4.schema.definitionsApi.create('contacts', 'companies', {
        label: 'Decision maker',
        name: 'decision_maker',
      });
      const typeId = created.results[0].typeId;
      await hubspot.crm.associations.v4.batchApi.create('contacts', 'companies', {
        inputs: [
          {
            _from: { id: duplicate.id },
            to: { id: company.id },
            types: [{ associationCategory: V4Category.UserDefined, associationTypeId: typeId }],
          },
        ],
      });
      const email = await hubspot.crm.objects.emails.basicApi.create({
        properties: { hs_timestamp: '2026-03-02T10:00:00.000Z', hs_email_subject: 'Hello' },
        associations: [{ to: { id: duplicate.id }, types: spec(198) }],
      });

      const merged = await hubspot.crm.contacts.basicApi.merge({
        primaryObjectId: peter.id,
        objectIdToMerge: duplicate.id,
      });
      expect(merged.id).toBe(peter.id);
      expect(merged.properties).toMatchObject({
        email: 'peter@initech.test',
        hs_additional_emails: 'p.gibbons@initech.test',
        hs_merged_object_ids: duplicate.id,
      });
      // The duplicate's id answers with the merged record; its email and its labelled company moved.
      const byOldId = await hubspot.crm.contacts.basicApi.getById(duplicate.id);
      expect(byOldId.id).toBe(peter.id);
      const companies = await hubspot.crm.associations.v4.basicApi.getPage('contacts', peter.id, 'companies');
      expect(
        companies.results.map((r) => [r.toObjectId, r.associationTypes.map((t) => t.label ?? null).sort()]),
      ).toEqual([[company.id, ['Decision maker', null]]]);
      const emails = await hubspot.crm.associations.v4.basicApi.getPage('contacts', peter.id, 'emails');
      expect(emails.results.map((r) => r.toObjectId)).toEqual([email.id]);
    });
  });
}
