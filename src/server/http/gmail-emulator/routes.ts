import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod/mini';
import { EmailAddress } from '../../../contract/addresses';
import { AddonCall, type GmailMailbox, GmailSend, type GmailOpened } from '../../../contract/web';
import { forbidden, notFound, validationError } from '../../core/api-error';
import { sameOrigin } from '../same-origin';
import type { AddonHost } from './addon-host';
import type { Mailboxes } from './mailboxes';
import { openAsGmail } from './open';
import { send, type Routes } from './send';

const Folder = z.enum(['inbox', 'sent']);
const MessageId = z.string().check(z.regex(/^[0-9a-f]{16}$/, 'must be a message id'));

/**
 * The emulated Gmail's API (dev mode only): there is no Google sign-in here, anyone who reaches a dev server may
 * read and send as the demo mailboxes, as the page says.
 */
export async function gmailRoutes(
  app: FastifyInstance,
  opts: {
    mailboxes: Mailboxes;
    routes: Routes;
    addon: AddonHost;
    /** Whether this address has the add-on: a user of a mailtrail account (nobody else installed it). */
    addonInstalled: (address: string) => Promise<boolean>;
  },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { mailboxes } = opts;
  r.addHook('preHandler', async (request) => {
    if (request.method !== 'GET' && !sameOrigin(request))
      throw forbidden('The emulated Gmail only takes requests from its own page.');
  });
  const mailboxOf = (address: string) => {
    if (!mailboxes.has(address))
      throw notFound(
        `There is no emulated mailbox ${address}. The demo mailboxes are listed at /web/v1/gmail/mailboxes.`,
      );
    return address.toLowerCase();
  };

  r.get('/gmail/mailboxes', async (): Promise<GmailMailbox[]> =>
    Promise.all(mailboxes.list().map(async (m) => ({ ...m, addon: await opts.addonInstalled(m.address) }))),
  );

  r.get(
    '/gmail/mailboxes/:address/:folder',
    { schema: { params: z.object({ address: z.string(), folder: Folder }) } },
    async (request) => mailboxes.folder(mailboxOf(request.params.address), request.params.folder),
  );

  r.post(
    '/gmail/mailboxes/:address/messages/:id/open',
    { schema: { params: z.object({ address: z.string(), id: MessageId }) } },
    async (request): Promise<GmailOpened> => {
      const address = mailboxOf(request.params.address);
      const found = await mailboxes.message(address, request.params.id);
      if (!found) throw notFound(`There is no message ${request.params.id} in ${address}.`);
      const { html, proxied } = await openAsGmail(found.parsed);
      mailboxes.markOpened(address, request.params.id);
      return {
        message: { ...found.message, opened: true },
        html,
        text: found.parsed.text ?? '',
        attachments: found.parsed.attachments.map((a) => ({ name: a.filename ?? 'attachment', size: a.size })),
        proxied,
      };
    },
  );

  r.post('/gmail/send', { schema: { body: GmailSend } }, async (request) => {
    const mail = request.body;
    const from = mailboxOf(mail.from);
    const recipients = [...mail.to, ...mail.cc, ...mail.bcc];
    if (!recipients.length) throw validationError('Please specify at least one recipient.');
    const bad = recipients.filter((a) => !z.safeParse(EmailAddress, a).success);
    if (bad.length)
      throw validationError(
        `The address ${bad.map((b) => `"${b}"`).join(', ')} is not recognized. Please make sure that all addresses are properly formed.`,
      );
    const name = mailboxes.list().find((m) => m.address === from)?.name ?? '';
    return send(mailboxes, opts.routes, { ...mail, from }, name);
  });

  r.post('/gmail/addon', { schema: { body: AddonCall } }, async (request) => {
    const user = mailboxOf(request.body.user);
    // Gmail runs an add-on only for people who installed it; here, users of a mailtrail account.
    if (!(await opts.addonInstalled(user)))
      throw forbidden(
        `mailtrail is not installed in the Gmail of ${user}: the add-on runs only for users of a mailtrail account.`,
      );
    return opts.addon.call(request.body);
  });
}
