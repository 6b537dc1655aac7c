import { claimDomain, dnsTxtResolver, verificationRecord, verifyDomain } from '../server/accounts/domains';
import { accountIdOption, printJson, requireOption, subcommand, withStore } from './store-command';

export const usage = `usage: mailtrail domain add|verify|list --account ID [--domain DOMAIN] [--dns-server ADDR] [--db TARGET | --data-dir DIR]

  add     claim a domain for the account's aliases; prints the TXT record to publish at it
  verify  look the TXT record up and mark the domain verified
  list    the account's domains, its own first`;

/** `mailtrail domain`: the domains an account's aliases may be in (its own, and those proved by a DNS record). */
export async function run(args: string[]): Promise<number> {
  const [sub, rest] = subcommand(args, 'domain', ['add', 'verify', 'list']);
  return withStore(
    rest,
    { account: { type: 'string' }, domain: { type: 'string' }, 'dns-server': { type: 'string', multiple: true } },
    async (store, values) => {
      const scope = store.forAccount(accountIdOption(values.account));
      if (!(await scope.account.get())) throw new Error(`There is no account ${scope.accountId}`);
      if (sub === 'list') {
        printJson(
          (await scope.domains.list()).map((d) => ({
            domain: d.domain,
            primary: d.primary,
            verified: d.verifiedAt !== null,
            ...(d.primary ? {} : { txtRecord: verificationRecord(d) }),
          })),
        );
        return 0;
      }
      const domain = requireOption(values.domain, '--domain');
      if (sub === 'add') {
        const claim = await claimDomain(scope, domain);
        printJson({ domain: claim.domain, verified: claim.verifiedAt !== null, txtRecord: verificationRecord(claim) });
        if (claim.verifiedAt === null)
          process.stderr.write(
            `Publish a TXT record at ${claim.domain} with the text above, then run \`mailtrail domain verify --account ${scope.accountId} --domain ${claim.domain}\`.\n`,
          );
        return 0;
      }
      const servers = values['dns-server'] ?? process.env.MAILTRAIL_DNS_SERVERS?.split(',').filter(Boolean) ?? [];
      const verified = await verifyDomain(scope, domain, dnsTxtResolver(servers));
      printJson({ domain: verified.domain, verified: true });
      return 0;
    },
  );
}
