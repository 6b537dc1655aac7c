import { UsageError } from './usage';
import { accountIdOption, printJson, subcommand, withStore } from './store-command';

export const usage = `usage:
  mailtrail apikey create --account ID [--name NAME]
  mailtrail apikey list --account ID
  mailtrail apikey revoke --account ID --id KEY_ID
  (all take --db TARGET / --data-dir DIR)`;

/** `mailtrail apikey create|list|revoke`. A created key is printed once and stored only as its SHA-256. */
export async function run(args: string[]): Promise<number> {
  const [sub, rest] = subcommand(args, 'apikey', ['create', 'list', 'revoke']);
  // Each subcommand takes its own options only: `list --id 3` is refused rather than ignored.
  const options = {
    account: { type: 'string' },
    ...(sub === 'create' ? { name: { type: 'string' } } : {}),
    ...(sub === 'revoke' ? { id: { type: 'string' } } : {}),
  } as { account: { type: 'string' }; name: { type: 'string' }; id: { type: 'string' } };
  return withStore(rest, options, async (store, values) => {
    const scope = store.forAccount(accountIdOption(values.account));
    if (!(await scope.account.get()))
      throw new Error(`there is no account ${scope.accountId}: see \`mailtrail account list\``);
    if (sub === 'create') {
      const { key, info } = await scope.apiKeys.create(values.name ?? 'default');
      printJson({
        accountId: scope.accountId,
        apiKeyId: info.id,
        name: info.name,
        apiKey: key,
        note: 'The API key is shown only now: store it.',
      });
    } else if (sub === 'list') {
      printJson(await scope.apiKeys.list());
    } else {
      if (!values.id || !/^\d+$/.test(values.id))
        throw new UsageError('--id takes the numeric key id from `mailtrail apikey list`');
      const revoked = await scope.apiKeys.revoke(Number(values.id));
      if (!revoked) throw new Error(`account ${scope.accountId} has no live key ${values.id}`);
      printJson({ accountId: scope.accountId, apiKeyId: Number(values.id), revoked: true });
    }
    return 0;
  });
}
