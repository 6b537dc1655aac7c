import { UserRole } from '../contract/accounts';
import * as z from 'zod/mini';
import { normaliseAddress } from '../contract/addresses';
import { personalAddress } from '../server/accounts/logging-addresses';
import { addUser } from '../server/accounts/provision';
import { accountIdOption, printJson, requireOption, subcommand, withStore } from './store-command';

export const usage = `usage:
  mailtrail user add --account ID --email EMAIL [--name NAME] [--role super_admin|user] [--paid-seat]
  mailtrail user list --account ID
  mailtrail user bcc-address --email EMAIL [--rotate]
  (all take --db TARGET / --data-dir DIR)`;

/**
 * `mailtrail user add|list|bcc-address`: the account's users, who are also its CRM owners. `add` and `bcc-address`
 * print the user's personal logging address as `bccAddress`; `--rotate` replaces it (the old one is then refused).
 */
export async function run(args: string[]): Promise<number> {
  const [sub, rest] = subcommand(args, 'user', ['add', 'list', 'bcc-address']);
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
          bccAddress: await personalAddress(scope, user.id),
        });
        return 0;
      },
    );
  }
  if (sub === 'list') {
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
  return withStore(rest, { email: { type: 'string' }, rotate: { type: 'boolean' } }, async (store, values) => {
    const email = requireOption(values.email, '--email');
    // An address belongs to one account only, so the email alone names the user.
    const [user] = await store.identity.usersByAddress(email);
    if (!user || user.email !== normaliseAddress(email))
      throw new Error(`${email} is no mailtrail user: see \`mailtrail user list --account ID\``);
    const scope = store.forAccount(user.accountId);
    const bccAddress = await personalAddress(scope, user.id, { rotate: values.rotate });
    printJson({
      accountId: user.accountId,
      userId: user.id,
      email: user.email,
      bccAddress,
      rotated: Boolean(values.rotate),
    });
    return 0;
  });
}
