// Two accounts with the same shapes of data, made through the real routes (CRM API, add-on API, web API), and the
// credentials of each surface: the account's API key, a Google-style ID token for the add-on, a web session cookie.
// Account B's text values all carry MARK_B, so that any of them showing up in an answer to A is easy to find.
import { signIdentityToken } from '../../src/emulator';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { trackedEmail, UA } from '../tracking/fixtures';
import { client, type Client } from '../helpers/http';
import type { InProcessServer } from '../helpers/server';
import { defaultConfig, type ServerConfig } from '../../src/server/core/config';
import { webSession } from '../helpers/web-session';

/** What a request can name, in the positions where a route takes an id, a token or a key. */
export type IdKind =
  | 'contact'
  | 'company'
  | 'deal'
  | 'email'
  | 'contactEmail'
  | 'spareContact'
  | 'spareContactEmail'
  | 'companyDomain'
  | 'user'
  | 'userEmail'
  | 'apiKey'
  | 'intentToken'
  | 'intentLogSecret'
  | 'linkToken'
  | 'messageId'
  | 'threadId'
  | 'attachment'
  | 'alias'
  | 'pushEndpoint'
  | 'template';

export type Ids = Record<IdKind, string>;

export type Side = {
  name: 'A' | 'B';
  account: TestAccount;
  ids: Ids;
  /** The account's API key (CRM API). */
  crm: Client;
  /** The rep's ID token (add-on API). */
  idToken: string;
  addon: Client;
  /** The super admin's web session cookie (`name=value`). */
  session: string;
  /** The pixel token of an email the rep sent (its BCC copy came), opened and clicked by machines already. */
  sentToken: string;
};

/**
 * The worlds' browsers subscribe at `https://push.<their client domain>/…`: a server hosting a world names `*.test` as
 * its push service, as an operator names a private relay (`--push-service`).
 */
export function worldServerConfig(): Partial<ServerConfig> {
  const defaults = defaultConfig();
  return { tracking: { ...defaults.tracking, pushServices: ['https://*.test'] } };
}

export const MARK_B = 'betamark';
export const MARK_A = 'alphamark';

const assoc = (id: string, typeId: number) => ({
  to: { id },
  types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }],
});

async function ok<T = any>(answer: Promise<{ status: number; text: string; body: T }>, what: string): Promise<T> {
  const a = await answer;
  if (a.status >= 300) throw new Error(`setting up ${what} answered ${a.status}: ${a.text}`);
  return a.body;
}

/** One account with a company, a contact, a deal, a logged email with an attachment, an intent with a tracked link, a pin. */
async function side(server: InProcessServer, name: 'A' | 'B'): Promise<Side> {
  const mark = name === 'A' ? MARK_A : MARK_B;
  const domain = `${mark}.test`;
  const rep = `rep@${domain}`;
  const account = await createTestAccount(server.store, {
    name: `Account ${mark}`,
    domain,
    admin: `boss@${domain}`,
    adminName: `Boss ${mark}`,
    users: [{ email: rep, name: `Rep ${mark}`, aliases: [`rep.alias@${domain}`] }],
  });
  const crm = client(server.url, account.apiKey);
  const idToken = signIdentityToken({ email: rep, now: Date.now(), withEmail: true });
  const addon = client(server.url, idToken);
  const clientDomain = `client-${mark}.test`;

  const company = await ok(
    crm.post('/crm/v3/objects/companies', {
      properties: { name: `Company ${mark}`, domain: clientDomain, description: `about ${mark}` },
    }),
    'a company',
  );
  const contact = await ok(
    crm.post('/crm/v3/objects/contacts', {
      properties: {
        email: `vip@${clientDomain}`,
        firstname: `First ${mark}`,
        lastname: `Last ${mark}`,
        jobtitle: `Title ${mark}`,
      },
      associations: [assoc(company.id, 279)],
    }),
    'a contact',
  );
  const deal = await ok(
    crm.post('/crm/v3/objects/deals', {
      properties: { dealname: `Deal ${mark}`, dealstage: 'qualifiedtobuy', amount: '4242' },
      associations: [assoc(contact.id, 3), assoc(company.id, 341)],
    }),
    'a deal',
  );

  // A contact for the routes that erase one for good, so the others keep theirs.
  const spare = await ok(
    crm.post('/crm/v3/objects/contacts', {
      properties: { email: `spare@${clientDomain}`, firstname: `Spare ${mark}` },
    }),
    'a spare contact',
  );

  const messageId = `<first-${mark}@${domain}>`;
  const threadId = `thread-${mark}`;
  const logged = await ok(
    addon.post('/addon/v1/messages', {
      message: {
        messageId,
        threadId,
        headers: [{ name: 'Message-ID', value: messageId }],
        from: `Rep <${rep}>`,
        to: [`vip@${clientDomain}`],
        cc: [],
        date: '2026-03-02T10:00:00.000Z',
        subject: `Subject ${mark}`,
        html: `<p>Body ${mark}</p>`,
        text: `Body ${mark}`,
        attachments: [
          {
            name: `file-${mark}.txt`,
            contentType: 'text/plain',
            size: 13,
            base64: Buffer.from(`content ${mark}`).toString('base64'),
          },
        ],
      },
      associations: [
        { type: 'contact', id: contact.id },
        { type: 'company', id: company.id },
        { type: 'deal', id: deal.id },
      ],
      createContacts: [],
      neverLog: [],
    }),
    'a logged email',
  );
  const emailId: string = logged.emailId;
  const [attachment] = await server.store.db
    .selectFrom('email_attachments')
    .select('id')
    .where('account_id', '=', account.accountId)
    .where('email_id', '=', Number(emailId))
    .execute();

  const intent = await ok(
    addon.post('/addon/v1/compose/intents', {
      draftKey: `draft-${mark}-0001`,
      track: true,
      log: true,
      associations: [{ type: 'contact', id: contact.id }],
      createContacts: [],
      neverLog: [],
      recipients: { to: [`vip@${clientDomain}`], cc: [], bcc: [] },
    }),
    'an intent',
  );
  const link = await ok(
    addon.post('/addon/v1/compose/links', {
      token: logSecretOf(intent.bccAddress),
      url: `https://${clientDomain}/offer-${mark}`,
      text: `Offer ${mark}`,
    }),
    'a tracked link',
  );
  await ok(addon.post('/addon/v1/viewing', { threadId, messageIds: [messageId] }), 'a read');

  const repUser = account.users[rep];
  // Machine events only (Apple's prefetch, a script): they notify nobody, so nothing keeps changing afterwards.
  const sent = await trackedEmail(server.store, account.accountId, {
    userId: repUser.id,
    mode: 'identified',
    to: [`vip@${clientDomain}`],
    subject: `Tracked ${mark}`,
    links: [`https://${clientDomain}/tracked-${mark}`],
  });
  await fetch(`${server.url}/t/o/${sent.intent.token}.gif`, { headers: { 'user-agent': UA.appleMpp } }).then((r) =>
    r.arrayBuffer(),
  );
  await fetch(`${server.url}/t/c/${sent.links[0].token}`, {
    redirect: 'manual',
    headers: { 'user-agent': UA.curl },
  }).then((r) => r.arrayBuffer());

  const session = await webSession(server.url, account.admin.id);
  const web = client(server.url);
  const asAdmin = { cookie: session, origin: server.url };
  await ok(web.call('POST', `/web/v1/records/contacts/${contact.id}/pin`, { emailId, pinned: true }, asAdmin), 'a pin');
  const key = await ok(web.call('POST', '/web/v1/admin/apikeys', { name: `Key ${mark}` }, asAdmin), 'a second API key');
  const template = await ok(
    web.call(
      'POST',
      '/web/v1/templates',
      { kind: 'template', name: `Template ${mark}`, subject: `Hello ${mark}`, body: `About ${mark}`, shared: true },
      asAdmin,
    ),
    'a template',
  );
  const pushEndpoint = `https://push.${clientDomain}/endpoint-${mark}`;
  const keys = {
    p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
    auth: 'tBHItJI5svbpez7KI4CCXg',
  };
  await ok(
    web.call('POST', '/web/v1/push/subscriptions', { endpoint: pushEndpoint, keys }, asAdmin),
    'a push subscription',
  );

  return {
    name,
    account,
    crm,
    idToken,
    addon,
    session,
    sentToken: sent.intent.token,
    ids: {
      contact: contact.id,
      company: company.id,
      deal: deal.id,
      email: emailId,
      contactEmail: `vip@${clientDomain}`,
      spareContact: spare.id,
      spareContactEmail: `spare@${clientDomain}`,
      companyDomain: clientDomain,
      user: String(repUser.id),
      userEmail: rep,
      apiKey: key.id,
      intentToken: intent.token,
      intentLogSecret: logSecretOf(intent.bccAddress),
      linkToken: new URL(link.trackedUrl).pathname.split('/').pop()!,
      messageId,
      threadId,
      attachment: String(attachment.id),
      alias: `rep.alias@${domain}`,
      pushEndpoint,
      template: template.id,
    },
  };
}

export type World = { server: InProcessServer; a: Side; b: Side };

/** Account A first, then B with the same shapes; ids differ, so B's ids are never A's. */
export async function createWorld(server: InProcessServer): Promise<World> {
  const a = await side(server, 'A');
  const b = await side(server, 'B');
  return { server, a, b };
}

/** The secret of an applied email's `log+<secret>@…` address (what the draft's Bcc holds). */
function logSecretOf(bccAddress: string): string {
  return /^log\+([^@]+)@/.exec(bccAddress)![1];
}
