import { loggingAddress } from '../../../contract/logging-address';
import { pixelUrl, trackedLinkUrl } from '../../../contract/tracking-urls';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ComposeContextRequest,
  ComposeContextResponse,
  ComposeIntentRequest,
  ComposeIntentResponse,
  ComposeLinkRequest,
  ComposeLinkResponse,
  type AssociationRef,
  type RecipientLists,
} from '../../../contract/addon';
import { RECORD_OBJECT_TYPES } from '../../../contract/addon-records';
import { bareAddress, domainOf, isAddress } from '../../../contract/addresses';
import { conflict, notFound, validationError } from '../../core/api-error';
import { wellFormedLinkTarget } from '../../core/link-target';
import { decideTracking, type TrackingDecision } from '../../tracking/attribution';
import { effectiveSettings, permissions } from '../../accounts/settings';
import { type Caller, caller } from './caller';
import { addonErrors } from './errors';
import { checkedNeverLog } from './never-log';

const NOTHING_REGISTERED = 'Nothing was registered.';
import { lookUpPeople, type People, picker } from '../../logging/people';
import { checkReminder, setReminder } from '../../reminders/register';
import { templateChoices } from '../../templates/library';
import { stageChoices } from '../../logging/new-records';

type Entry = { address: string; field: 'to' | 'cc' | 'bcc' };

/** The draft's recipients, each once, in To, Cc, Bcc order; not addresses, and the logging address, left out. */
function entriesOf(lists: RecipientLists, bccDomain: string): Entry[] {
  const seen = new Set<string>();
  const entries: Entry[] = [];
  for (const field of ['to', 'cc', 'bcc'] as const) {
    for (const raw of lists[field]) {
      const address = bareAddress(raw);
      if (!isAddress(address) || seen.has(address) || domainOf(address) === bccDomain) continue;
      seen.add(address);
      entries.push({ address, field });
    }
  }
  return entries;
}

async function assess(
  c: Caller,
  lists: RecipientLists,
  neverLog: string[],
): Promise<{ entries: Entry[]; people: People; decision: TrackingDecision }> {
  const entries = entriesOf(lists, c.account.bccDomain);
  const people = await lookUpPeople(
    c,
    entries.map((e) => e.address),
    neverLog,
  );
  const decision = decideTracking({
    privacyMode: c.account.settings.privacyMode,
    permissions: permissions(c.account, c.user),
    recipients: entries.map((e) => ({
      address: e.address,
      status: people.person(e.address).status,
      contact: people.contactOf(e.address),
    })),
    ownAddresses: [...c.own],
    bccDomain: c.account.bccDomain,
  });
  return { entries, people, decision };
}

/** What the compose card shows for a draft's recipients: the answer of `compose/context`, HTTP aside. */
export async function composeContext(c: Caller, body: ComposeContextRequest): Promise<ComposeContextResponse> {
  const [{ entries, people, decision }, templates] = await Promise.all([
    assess(c, body, checkedNeverLog(body.neverLog, NOTHING_REGISTERED)),
    templateChoices(c.scope, c.user),
  ]);
  const eligibility = new Map(decision.recipients.map((r) => [r.address, r]));
  const settings = effectiveSettings(c.account);
  return {
    user: { email: c.user.email, name: c.user.name, role: c.user.role },
    bccDomain: c.account.bccDomain,
    recipients: entries.map((e) => ({
      ...people.person(e.address),
      field: e.field,
      trackable: eligibility.get(e.address)?.trackable ?? false,
      untrackableReason: eligibility.get(e.address)?.untrackableReason ?? null,
    })),
    picker: picker(
      entries.map((e) => people.person(e.address)),
      settings.associations.value,
    ),
    settings,
    permissions: permissions(c.account, c.user),
    tracking: { mode: decision.mode, reason: decision.reason },
    templates,
    dealStages: stageChoices(people.dealPipelines),
  };
}

/** `compose/…`: what the compose card shows, and what Apply and Insert tracked link register. */
export const composeRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Add-on'];

  app.post(
    '/context',
    {
      schema: {
        tags,
        summary: 'Everything the compose card needs, in one answer',
        body: ComposeContextRequest,
        response: { 200: ComposeContextResponse, ...addonErrors },
      },
    },
    async (request) => composeContext(await caller(request), request.body),
  );

  app.post(
    '/intents',
    {
      schema: {
        tags,
        summary: 'Register Apply: tracking and logging choices for one draft; answers the Bcc address and the pixel',
        body: ComposeIntentRequest,
        response: { 200: ComposeIntentResponse, ...addonErrors },
      },
    },
    async (request) => {
      const c = await caller(request);
      const body = request.body;
      const neverLog = checkedNeverLog(body.neverLog, NOTHING_REGISTERED);
      const { entries, people, decision } = await assess(c, body.recipients, neverLog);
      const settings = effectiveSettings(c.account);
      const allowed = permissions(c.account, c.user);

      // Enforced settings win over what the card sent (S1–S3); the card showed them locked anyway.
      const track = allowed.mayTrack && (settings.track.enforced ? settings.track.value : body.track);
      const log = settings.log.enforced ? settings.log.value : body.log;
      const mode = track ? decision.mode : 'off';
      checkReminder(body.reminder, mode);

      let associations: AssociationRef[];
      if (settings.associations.enforced) {
        associations = picker(
          entries.map((e) => people.person(e.address)),
          settings.associations.value,
        )
          .items.filter((i) => i.selected)
          .map((i) => ({ type: i.type, id: i.id }));
      } else {
        associations = body.associations.filter(
          (a, i, all) => all.findIndex((b) => b.type === a.type && b.id === a.id) === i,
        );
        await requireRecords(c, associations);
      }

      const recipients = new Set(entries.map((e) => e.address));
      const strangers = body.createContacts.filter((a) => !recipients.has(a));
      if (strangers.length)
        throw validationError(
          `Only recipients of the email can be made contacts; ${strangers.join(', ')} is not one. Nothing was registered.`,
        );
      // Never-logged, colleagues and existing contacts are not created (L3, L5): the answer says what will be.
      const createContacts = [...new Set(body.createContacts)].filter((a) => people.person(a).status === 'unknown');

      const { intent, insertPixel } = await c.scope.intents.register(
        c.user.id,
        { draftKey: body.draftKey, previousToken: body.previousToken },
        {
          track,
          log,
          mode,
          attributedTo:
            mode === 'identified' && decision.attributedTo
              ? {
                  address: decision.attributedTo.address,
                  contactId: decision.attributedTo.contactId === null ? null : Number(decision.attributedTo.contactId),
                }
              : null,
          clicks: mode !== 'off' && decision.clicks,
          associations,
          createContacts,
          neverLog,
          recipients: body.recipients,
        },
      );
      const contacts = entries.flatMap((e) => {
        const contact = people.person(e.address).contact;
        return contact ? [{ id: contact.id, name: contact.name || e.address }] : [];
      });
      const reminder = await setReminder(c.scope, {
        user: c.user,
        intent,
        request: body.reminder,
        contactIds: contacts.map((p) => p.id),
        to: [
          contacts[0]?.name ?? entries[0]?.address ?? 'the recipients',
          ...(entries.length > 1 ? [`and ${entries.length - 1} more`] : []),
        ].join(' '),
        clock: app.mailtrail.clock,
      });
      const base = app.mailtrail.publicUrl();
      return {
        intentId: String(intent.id),
        token: intent.token,
        bccAddress: loggingAddress('intent', intent.logSecret, c.account.bccDomain),
        pixelUrl: intent.mode === 'off' ? null : pixelUrl(base, intent.token),
        insertPixel,
        mode: intent.mode,
        track: intent.track,
        log: intent.log,
        associations: intent.associations,
        createContacts: intent.createContacts,
        reminder,
      };
    },
  );

  app.post(
    '/links',
    {
      schema: {
        tags,
        summary: 'Register a tracked link for an applied draft',
        body: ComposeLinkRequest,
        response: { 200: ComposeLinkResponse, ...addonErrors },
      },
    },
    async (request) => {
      const c = await caller(request);
      const intent = await c.scope.intents.byLogSecret(request.body.token);
      if (!intent || intent.userId !== c.user.id || intent.revokedAt !== null) {
        throw notFound('This draft has no mailtrail intent of yours: click Apply in the mailtrail sidebar first.');
      }
      if (!intent.clicks) {
        throw conflict(
          'This email is not tracked (Track is off, or clicks may not be tracked for you), so its links cannot be: switch Track on and click Apply, or insert a plain link.',
        );
      }
      const target = wellFormedLinkTarget(request.body.url);
      if (target === null || target.length > 2048)
        throw validationError(
          'Invalid request body: url: is not an address a browser can open (check the host name), or is over 2048 characters once encoded',
        );
      const link = await c.scope.intents.addLink(intent.id, target, request.body.text);
      return { trackedUrl: trackedLinkUrl(app.mailtrail.publicUrl(), link.token) };
    },
  );
};

/** Every chosen record must exist: a stale card must not register associations to nothing. */
async function requireRecords(c: Caller, associations: AssociationRef[]): Promise<void> {
  for (const type of ['contact', 'company', 'deal', 'ticket'] as const) {
    const ids = associations.filter((a) => a.type === type).map((a) => a.id);
    if (!ids.length) continue;
    const numeric = ids.filter((id) => /^\d{1,18}$/.test(id)).map(Number);
    const found = await c.scope.objects.existing(RECORD_OBJECT_TYPES[type], numeric);
    const missing = ids.filter((id) => !found.has(Number(id)));
    if (missing.length)
      throw validationError(
        `No ${type} ${missing.join(', ')} in this account (deleted since the card was shown?): reopen the sidebar. Nothing was registered.`,
      );
  }
}
