import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  LogMessageRequest,
  LogMessageResponse,
  MessageContextRequest,
  MessageContextResponse,
  ViewingRequest,
  type LeftOutReason,
  type LoggedMessage,
  type SidebarMessage,
} from '../../../contract/addon';
import { bareAddress, isAddress } from '../../../contract/addresses';
import { webPaths } from '../../../contract/web';
import { conflict, validationError } from '../../core/api-error';
import { logEmail, type EmailToLog, type LogAttachment, type LogParty } from '../../logging/log-email';
import { ATTACHMENT_LIMIT_BYTES, leftOutReason } from '../../core/attachments';
import { normaliseMessageId } from '../../smtp/parse';
import type { Activity } from '../../tracking/notify/activity';
import { effectiveSettings } from '../../accounts/settings';
import { type Caller, caller } from './caller';
import { addonErrors } from './errors';
import { lookUpPeople, picker } from '../../logging/people';
import { closeOnReplies } from '../../reminders/close';
import { requestLanguage } from '../language';
import { say } from '../../logging/notes';
import { stageChoices } from '../../logging/new-records';

/** Why an attachment that was not over the limit is missing: the sidebar could not send it in one request. */
const NOT_UPLOADED = 'left out: too large to send from the Gmail sidebar together with the rest of the email';

function messageIdOf(raw: string): string {
  const id = normaliseMessageId(raw);
  if (!id)
    throw validationError(
      `"${raw.slice(0, 100)}" is not a Message-ID such as <abc@mail.example.com>. Nothing was logged.`,
    );
  return id;
}

/** `"Ada Lovelace" <ada@x.com>` → address and display name. */
function partyOf(raw: string): LogParty {
  const name = raw.includes('<')
    ? raw
        .slice(0, raw.lastIndexOf('<'))
        .trim()
        .replace(/^"(.*)"$/, '$1')
    : '';
  return { address: bareAddress(raw), name };
}

function parties(list: string[]): LogParty[] {
  return list.map(partyOf).filter((p) => isAddress(p.address));
}

function header(m: SidebarMessage, name: string): string | null {
  return m.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value ?? null;
}

/** A message read in Gmail, as logEmail takes it; attachment contents go to the store first. */
function emailOf(m: SidebarMessage): EmailToLog {
  const files: LogAttachment[] = [];
  for (const a of m.attachments) {
    const base = { filename: a.name, contentType: a.contentType, contentId: null, inline: false };
    if (a.size > ATTACHMENT_LIMIT_BYTES || a.base64 === undefined) {
      files.push({
        ...base,
        size: a.size,
        sha256: null,
        file: null,
        leftOut: a.size > ATTACHMENT_LIMIT_BYTES ? leftOutReason(a.size) : NOT_UPLOADED,
      });
      continue;
    }
    const content = Buffer.from(a.base64, 'base64');
    if (content.length > ATTACHMENT_LIMIT_BYTES) {
      files.push({ ...base, size: content.length, sha256: null, file: null, leftOut: leftOutReason(content.length) });
      continue;
    }
    // Stored by logEmail once the email is known to be logged: a refused one leaves nothing behind.
    const sha256 = createHash('sha256').update(content).digest('hex');
    files.push({ ...base, size: content.length, sha256, file: null, content, leftOut: null });
  }
  const references = [...(header(m, 'References') ?? '').matchAll(/<[^<>\s]+>/g)]
    .map((r) => normaliseMessageId(r[0]))
    .filter((r): r is string => r !== null);
  const from = partyOf(m.from);
  return {
    messageId: messageIdOf(m.messageId),
    inReplyTo: normaliseMessageId(header(m, 'In-Reply-To')),
    references,
    date: new Date(m.date),
    subject: m.subject,
    from: isAddress(from.address) ? from : null,
    to: parties(m.to),
    cc: parties(m.cc),
    html: m.html || null,
    text: m.text || null,
    headers: m.headers,
    attachments: files,
  };
}

/** L4 from the sidebar: the user logs emails they sent or received, not someone else's. */
function isUsers(c: Caller, email: EmailToLog): boolean {
  return [email.from, ...email.to, ...email.cc].some((p) => p !== null && c.own.has(p.address));
}

function leftOutCodes(leftOut: Array<{ name: string; size: number }>): LoggedMessage['leftOut'] {
  return leftOut.map((l) => ({
    name: l.name,
    reason: (l.size > ATTACHMENT_LIMIT_BYTES ? 'over_50mb' : 'not_uploaded') satisfies LeftOutReason,
  }));
}

/** `message/context`, `messages` and `viewing`: the message card, logging from it, and reading (T8). */
export const messageRoutes: FastifyPluginAsyncZod<{ activity: Activity }> = async (app, opts) => {
  const tags = ['Add-on'];
  const emailUrl = (id: number) => `${app.mailtrail.publicUrl()}${webPaths.email(String(id))}`;

  app.post(
    '/message/context',
    {
      schema: {
        tags,
        summary: 'The message card: CRM cards of its people, logged state, tracking',
        body: MessageContextRequest,
        response: { 200: MessageContextResponse, ...addonErrors },
      },
    },
    async (request) => {
      const c = await caller(request);
      const body = request.body;
      const messageId = messageIdOf(body.messageId);
      const sender = bareAddress(body.from);
      const recipients = [
        ...new Set([...body.to, ...body.cc].map(bareAddress).filter((a) => isAddress(a) && a !== sender)),
      ];
      const people = await lookUpPeople(c, [sender, ...recipients], body.neverLog);
      const logged = c.scope.loggedEmails;
      const [entry, intent] = await Promise.all([
        logged.byMessageId(messageId),
        c.scope.intents.sentAs(c.user.id, messageId),
      ]);
      const events =
        intent && intent.mode !== 'off'
          ? await opts.activity.events(c.scope.accountId, intent.id, requestLanguage(request, c.user))
          : null;
      // Reading it now, with the rest of its thread on screen: a pixel fetch of any of the user's own emails in it
      // in the next moments is theirs (T8). The sent email is rarely the one selected: a reply sits on top.
      const inThread = (body.threadMessageIds ?? []).map(normaliseMessageId).filter((id): id is string => id !== null);
      await logged.recordViews(c.user.id, body.threadId, [messageId, ...inThread]);
      const everyone = [people.person(sender), ...recipients.map((r) => people.person(r))];
      return {
        sender: people.person(sender),
        recipients: recipients.map((r) => people.person(r)),
        logged: entry ? { emailId: String(entry.emailId), url: emailUrl(entry.emailId) } : null,
        tracked:
          intent && events
            ? {
                mode: intent.mode,
                sentAt: intent.sentAt === null ? null : new Date(intent.sentAt).toISOString(),
                opens: events.opens.slice(0, 100),
                clicks: events.clicks.slice(0, 100),
              }
            : null,
        picker: picker(everyone, effectiveSettings(c.account).associations.value),
        bccDomain: c.account.bccDomain,
        dealStages: stageChoices(people.dealPipelines),
      };
    },
  );

  app.post(
    '/messages',
    {
      schema: {
        tags,
        summary: 'Log a message (or its whole thread) read from Gmail, exactly once per Message-ID',
        body: LogMessageRequest,
        response: { 200: LogMessageResponse, ...addonErrors },
      },
    },
    async (request) => {
      const c = await caller(request);
      const body = request.body;
      const language = requestLanguage(request, c.user);
      const created: number[] = [];
      const log = async (m: SidebarMessage) => {
        const email = emailOf(m);
        if (!isUsers(c, email)) return { messageId: email.messageId, refused: say((w) => w.notParty, language) };
        const result = await logEmail(c.scope, app.mailtrail.attachments, {
          user: c.user,
          email,
          associations: body.associations,
          createContacts: body.createContacts,
          userNeverLog: body.neverLog,
          source: 'sidebar',
        });
        if (!result.logged) return { messageId: email.messageId, refused: say(result.reason, language) };
        if (result.created) created.push(result.emailId);
        return {
          messageId: email.messageId,
          logged: {
            messageId: email.messageId,
            emailId: String(result.emailId),
            created: result.created,
            url: emailUrl(result.emailId),
            leftOut: leftOutCodes(result.leftOut),
          } satisfies LoggedMessage,
        };
      };

      // Oldest first: a contact created on the way gets the name its first message gives.
      const all = [body.message, ...(body.threadMessages ?? [])];
      const results = new Map<SidebarMessage, Awaited<ReturnType<typeof log>>>();
      for (const m of [...all].sort((a, b) => Date.parse(a.date) - Date.parse(b.date))) results.set(m, await log(m));
      await opts.activity.logged(c.scope.accountId, c.user.id, created);
      const main = results.get(body.message)!;
      if (!main.logged) throw conflict(say((w) => w.refusedLog(main.refused), language));
      const thread = (body.threadMessages ?? []).map((m) => results.get(m)!);
      // A reply logged closes the user's reminders "if no reply" on its thread now, not at their due time (P3).
      await closeOnReplies(
        c.scope,
        c.user.id,
        [...results.values()].flatMap((r) => (r.logged ? [r.logged.messageId] : [])),
        app.mailtrail.clock.now(),
      );
      return {
        ...main.logged,
        thread: thread.flatMap((t) => (t.logged ? [t.logged] : [])),
        notLogged: thread.flatMap((t) => (t.logged ? [] : [{ messageId: t.messageId, reason: t.refused }])),
      };
    },
  );

  app.post(
    '/viewing',
    {
      schema: {
        tags,
        summary: 'The user is reading these messages (their own reads are not opens)',
        body: ViewingRequest,
      },
    },
    async (request, reply) => {
      const c = await caller(request);
      const ids = request.body.messageIds.map(normaliseMessageId).filter((id): id is string => id !== null);
      await c.scope.loggedEmails.recordViews(c.user.id, request.body.threadId, ids);
      return reply.code(204).send();
    },
  );
};
