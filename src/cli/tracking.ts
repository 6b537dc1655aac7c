import { parseArgs } from 'node:util';
import { normaliseAddress } from '../contract/addresses';
import { resolveStore } from '../server/core/config';
import { accountIdOption, printJson, requireOption, subcommand, withStore } from './store-command';
import { UsageError } from './usage';
import { isGoogleChatWebhookUrl } from '../server/tracking/notify/google-chat';
import { newWebhookSecret } from '../server/tracking/notify/webhooks';
import { RANGE_KINDS, type RangeKind, installRangeFile } from '../server/tracking/ranges';

export const usage = `usage: mailtrail tracking <command> [options]

  refresh-ranges --file PATH [--kind apple|datacenter] [--data-dir DIR]
      Loads a fresh address list for the open/click classifier and keeps it under DIR/tracking/.
      --kind apple       (default) Apple's iCloud Private Relay egress list, as published at
                         https://mask-api.icloud.com/egress-ip-ranges.csv (prefix,country,region,city,postal)
      --kind datacenter  data-centre and mail-gateway ranges, one "cidr,owner" a line
      The file is checked line by line; if any line is not a range nothing is changed.
      The server reads the lists when it starts: restart it to use the new one.

  purge --days N                       deletes raw events older than N days; counts are kept
  erase-contact --account ID --email ADDRESS
                                       forgets who opened: the counts stay, anonymous (GDPR erasure)
  webhook-add --account ID --user EMAIL --url URL [--google-chat]
                                       sends the user's notifications to a URL (signed) or a Google Chat space
  webhook-list --account ID            the account's webhooks
  webhook-remove --account ID --id N   stops one

  Every command but refresh-ranges takes --db / --data-dir like \`mailtrail serve\`.
`;

async function refreshRanges(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { file: { type: 'string' }, kind: { type: 'string', default: 'apple' }, 'data-dir': { type: 'string' } },
    strict: true,
  });
  if (!values.file) throw new UsageError('refresh-ranges needs --file PATH');
  if (!RANGE_KINDS.includes(values.kind as RangeKind))
    throw new Error(`--kind must be one of ${RANGE_KINDS.join(', ')}, not "${values.kind}"`);
  const { dataDir } = resolveStore(values);
  const { path, count } = installRangeFile(values.kind as RangeKind, values.file, dataDir);
  process.stdout.write(`${count} ${values.kind} ranges saved to ${path}; restart the server to use them\n`);
  return 0;
}

const commands: Record<string, (args: string[]) => Promise<number>> = {
  'refresh-ranges': refreshRanges,

  purge: (args) =>
    withStore(args, { days: { type: 'string' } }, async (store, values) => {
      const days = requireOption(values.days, '--days');
      if (!/^\d{1,5}$/.test(days))
        throw new Error(`--days must be a whole number of days, not ${JSON.stringify(days)}`);
      const removed = await store.retention.purgeBefore(Date.now() - Number(days) * 86_400_000);
      process.stdout.write(
        `removed ${removed.events} events, ${removed.notifications} notifications and ${removed.deliveries} finished webhook deliveries older than ${days} days; counts are kept\n`,
      );
      return 0;
    }),

  'erase-contact': (args) =>
    withStore(args, { account: { type: 'string' }, email: { type: 'string' } }, async (store, values) => {
      const scope = store.forAccount(accountIdOption(values.account));
      const email = normaliseAddress(requireOption(values.email, '--email'));
      const contactId = await scope.objects.contactIdByEmail(email);
      const erased = await scope.tracking.eraseContact(contactId ?? null, email);
      process.stdout.write(
        `${email}: ${erased.intents} tracked emails no longer attributed (their tokens revoked), ${erased.events} events anonymised, ${erased.notifications} notifications deleted\n`,
      );
      return 0;
    }),

  'webhook-add': (args) =>
    withStore(
      args,
      {
        account: { type: 'string' },
        user: { type: 'string' },
        url: { type: 'string' },
        'google-chat': { type: 'boolean', default: false },
      },
      async (store, values) => {
        const scope = store.forAccount(accountIdOption(values.account));
        const email = normaliseAddress(requireOption(values.user, '--user'));
        const [user] = await scope.users.list({ email });
        if (!user)
          throw new Error(
            `${email} is not a user of account ${scope.accountId}; \`mailtrail user list --account ${scope.accountId}\` shows who is`,
          );
        const url = requireOption(values.url, '--url');
        const chat = values['google-chat'];
        if (chat && !isGoogleChatWebhookUrl(url))
          throw new Error(
            '--url is not a Google Chat incoming-webhook URL (https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=…)',
          );
        if (!chat && !/^https?:\/\/[^\s]+$/.test(url))
          throw new Error(`--url must be an http(s) URL, not ${JSON.stringify(url)}`);
        const endpoint = await scope.webhooks.addEndpoint({
          userId: user.id,
          kind: chat ? 'google_chat' : 'webhook',
          url,
          secret: chat ? null : newWebhookSecret(),
        });
        printJson({
          id: endpoint.id,
          kind: endpoint.kind,
          user: email,
          url,
          ...(endpoint.secret
            ? {
                secret: endpoint.secret,
                verify: 'X-Mailtrail-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>',
              }
            : {}),
        });
        return 0;
      },
    ),

  'webhook-list': (args) =>
    withStore(args, { account: { type: 'string' } }, async (store, values) => {
      const scope = store.forAccount(accountIdOption(values.account));
      printJson(
        (await scope.webhooks.endpoints()).map((e) => ({
          id: e.id,
          kind: e.kind,
          userId: e.userId,
          url: e.url.replace(/([?&]token=)[^&]+/, '$1…'),
          createdAt: new Date(e.createdAt).toISOString(),
        })),
      );
      return 0;
    }),

  'webhook-remove': (args) =>
    withStore(args, { account: { type: 'string' }, id: { type: 'string' } }, async (store, values) => {
      const scope = store.forAccount(accountIdOption(values.account));
      const id = requireOption(values.id, '--id');
      if (!/^\d+$/.test(id) || !(await scope.webhooks.removeEndpoint(Number(id))))
        throw new Error(
          `account ${scope.accountId} has no webhook ${id}; \`mailtrail tracking webhook-list\` shows them`,
        );
      process.stdout.write(`webhook ${id} removed; what was queued for it is given up\n`);
      return 0;
    }),
};

export async function run(args: string[]): Promise<number> {
  const [sub, rest] = subcommand(args, 'tracking', Object.keys(commands));
  return commands[sub]!(rest);
}
