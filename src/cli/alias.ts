import * as z from 'zod/mini';
import { AddressKind } from '../contract/accounts';
import { isAddress } from '../contract/addresses';
import { addUserAddress } from '../server/accounts/domains';
import { accountIdOption, printJson, requireOption, subcommand, withStore } from './store-command';

export const usage = `usage: mailtrail alias add --account ID --user EMAIL --alias EMAIL [--kind alias|inbox] [--db TARGET | --data-dir DIR]`;

/** `mailtrail alias add`: an address a user also sends from (an alias, or a connected inbox). */
export async function run(args: string[]): Promise<number> {
  const [, rest] = subcommand(args, 'alias', ['add']);
  return withStore(
    rest,
    { account: { type: 'string' }, user: { type: 'string' }, alias: { type: 'string' }, kind: { type: 'string' } },
    async (store, values) => {
      const kind = z.safeParse(AddressKind, values.kind ?? 'alias');
      if (!kind.success) throw new Error(`--kind must be alias or inbox, not ${JSON.stringify(values.kind)}`);
      const alias = requireOption(values.alias, '--alias');
      if (!isAddress(alias)) throw new Error(`--alias must be an email address, not ${JSON.stringify(alias)}`);
      const scope = store.forAccount(accountIdOption(values.account));
      const userEmail = requireOption(values.user, '--user');
      const user = await scope.users.getByEmail(userEmail);
      if (!user)
        throw new Error(
          `${userEmail} is not a user of account ${scope.accountId}: add them first with \`mailtrail user add\``,
        );
      const added = await addUserAddress(scope, user.id, alias, kind.data);
      printJson({
        accountId: scope.accountId,
        userId: user.id,
        user: user.email,
        address: added.address,
        kind: added.kind,
      });
      return 0;
    },
  );
}
