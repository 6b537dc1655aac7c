import { UserRole } from '../contract/accounts';
import * as z from 'zod/mini';
import { addUser } from '../server/accounts/provision';
import { accountIdOption, printJson, requireOption, subcommand, withStore } from './store-command';

export const usage = `usage:
  mailtrail user add --account ID --email EMAIL [--name NAME] [--role super_admin|user] [--paid-seat]
  mailtrail user list --account ID
  (both take --db TARGET / --data-dir DIR)`;

/** `mailtrail user add|list`: the account's users, who are also its CRM owners. */
export async function run(args: string[]): Promise<number> {
  const [sub, rest] = subcommand(args, 'user', ['add', 'list']);
  if (sub === 'add') {
    return withStore(
      rest,
      {
        account: { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        'paid-seat': { type: 'boolean' },
      },
      async (store, values) => {
        const role = z.safeParse(UserRole, values.role ?? 'user');
        if (!role.success) throw new Error(`--role must be super_admin or user, not ${JSON.stringify(values.role)}`);
        const scope = store.forAccount(accountIdOption(values.account));
        const user = await addUser(scope, {
          email: requireOption(values.email, '--email'),
          name: values.name,
          role: role.data,
          paidSeat: values['paid-seat'],
        });
        printJson({
          accountId: user.accountId,
          userId: user.id,
          ownerId: String(user.id),
          email: user.email,
          name: user.name,
          role: user.role,
          paidSeat: user.paidSeat,
        });
        return 0;
      },
    );
  }
  return withStore(rest, { account: { type: 'string' } }, async (store, values) => {
    const scope = store.forAccount(accountIdOption(values.account));
    const users = await scope.users.list();
    const result = [];
    for (const u of users)
      result.push({
        userId: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
        paidSeat: u.paidSeat,
        addresses: (await scope.users.addresses(u.id)).map((a) => ({ address: a.address, kind: a.kind })),
      });
    printJson(result);
    return 0;
  });
}
