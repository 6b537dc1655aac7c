import { parseArgs } from 'node:util';
import { resolveStore, storeOptions } from '../server/core/config';
import { resolvePublicUrl } from '../server/core/serve-options';
import { routingAddress } from '../server/accounts/logging-addresses';
import { provisionAccount } from '../server/accounts/provision';
import { Store } from '../server/store';
import { printJson, requireOption, subcommand, withStore, accountIdOption } from './store-command';

export const usage = `usage:
  mailtrail account create --name NAME --domain DOMAIN --admin EMAIL [--admin-name NAME] [--bcc-domain DOMAIN] [--public-url URL]
  mailtrail account list
  mailtrail account routing-address --account ID [--rotate]
  (all take --db TARGET / --data-dir DIR)`;

/**
 * `mailtrail account create|list|routing-address`. `create` prints JSON with accountId, apiKey (shown this once),
 * bccDomain and routingAddress (for the Workspace routing rule, docs/deploy.md); `routing-address` prints it, or
 * replaces it with `--rotate` (the old one is then refused).
 */
export async function run(args: string[]): Promise<number> {
  const [sub, rest] = subcommand(args, 'account', ['create', 'list', 'routing-address']);
  if (sub === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: {
        ...storeOptions,
        name: { type: 'string' },
        domain: { type: 'string' },
        admin: { type: 'string' },
        'admin-name': { type: 'string' },
        'bcc-domain': { type: 'string' },
        'public-url': { type: 'string' },
      },
      strict: true,
    });
    const input = {
      name: requireOption(values.name, '--name'),
      domain: requireOption(values.domain, '--domain'),
      admin: { email: requireOption(values.admin, '--admin'), name: values['admin-name'] },
      bccDomain: values['bcc-domain'],
      publicUrl: resolvePublicUrl(values['public-url']),
    };
    const store = await Store.open(resolveStore(values).db);
    try {
      const { account, admin, apiKey, apiKeyId, routingAddress } = await provisionAccount(store, input);
      printJson({
        accountId: account.id,
        name: account.name,
        domain: account.domain,
        bccDomain: account.bccDomain,
        routingAddress,
        admin: { userId: admin.id, ownerId: String(admin.id), email: admin.email, role: admin.role },
        apiKeyId,
        apiKey,
        note: 'The API key is shown only now: store it. Use it as Authorization: Bearer <apiKey>.',
      });
    } finally {
      await store.close();
    }
    return 0;
  }
  if (sub === 'list') {
    return withStore(rest, {}, async (store) => {
      printJson(
        (await store.accounts.list()).map((a) => ({
          accountId: a.id,
          name: a.name,
          domain: a.domain,
          bccDomain: a.bccDomain,
        })),
      );
      return 0;
    });
  }
  return withStore(rest, { account: { type: 'string' }, rotate: { type: 'boolean' } }, async (store, values) => {
    const accountId = accountIdOption(values.account);
    const address = await routingAddress(store.forAccount(accountId), { rotate: values.rotate });
    printJson({ accountId, routingAddress: address, rotated: Boolean(values.rotate) });
    return 0;
  });
}
