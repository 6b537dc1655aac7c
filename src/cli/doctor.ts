import { Resolver } from 'node:dns/promises';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { parseServeArgs, SERVE_USAGE } from '../server/core/serve-options';
import { UsageError } from './usage';
import { Store } from '../server/store';
import { runChecks, type CheckResult } from './doctor-checks';

export const usage = `usage: mailtrail doctor [--bcc-domain DOMAIN]… [--mx-port 25] [--manifest addon/appsscript.json] [serve options]

Checks a deployment end to end, from this server, and prints one line per check with what to do when it fails:
the public URL is https and answers /healthz, its certificate is valid for its name, each BCC domain's MX points
here and the SMTP port answers, Google's signing keys are reachable, the client id and Workspace domain are set,
the built add-on manifest allows the public URL, and the clock agrees with Google's. Exits 1 when a check fails.

It reads the same options and environment as \`mailtrail serve\` (run it with the server's settings). The BCC
domains are the accounts' unless --bcc-domain is given.

${SERVE_USAGE.slice(SERVE_USAGE.indexOf('\n\n') + 2)}`;

/** Takes doctor's own options out of the arguments; the rest are serve's. */
function ownOptions(args: string[]) {
  const rest: string[] = [];
  const own = { bccDomains: [] as string[], mxPort: 25, manifest: 'addon/appsscript.json' };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const value = () => inline ?? args[++i];
    if (flag === '--bcc-domain') own.bccDomains.push(value());
    else if (flag === '--mx-port') own.mxPort = Number(value());
    else if (flag === '--manifest') own.manifest = value();
    else rest.push(args[i]);
  }
  if (!Number.isInteger(own.mxPort) || own.mxPort < 1 || own.mxPort > 65_535)
    throw new UsageError('--mx-port must be a port number');
  return { own, rest };
}

async function accountsBccDomains(config: ReturnType<typeof parseServeArgs>): Promise<string[]> {
  const store = await Store.open(config.db, { migrate: false });
  try {
    return [...new Set((await store.accounts.list()).map((a) => a.bccDomain))];
  } finally {
    await store.close();
  }
}

/** One line per check (a failure adds what to do), a summary; the exit code: 1 when any check failed. */
export function report(results: CheckResult[], write: (text: string) => void): number {
  for (const r of results)
    write(r.ok ? `ok    ${r.name}: ${r.detail}\n` : `FAIL  ${r.name}: ${r.detail}\n      → ${r.fix}\n`);
  const failures = results.filter((r) => !r.ok).length;
  write(failures ? `\n${failures} of ${results.length} checks failed\n` : `\nall ${results.length} checks passed\n`);
  return failures ? 1 : 0;
}

/** `mailtrail doctor`. */
export async function run(args: string[]): Promise<number> {
  const { own, rest } = ownOptions(args);
  const config = parseServeArgs(rest);
  let bccDomains = own.bccDomains;
  if (!bccDomains.length) {
    try {
      bccDomains = await accountsBccDomains(config);
    } catch (err) {
      process.stderr.write(
        `mailtrail doctor: could not read the accounts' BCC domains (${err instanceof Error ? err.message : String(err)}); pass --bcc-domain\n`,
      );
    }
  }
  const results = await runChecks(
    { config, bccDomains, mxPort: own.mxPort, manifestPath: resolve(own.manifest) },
    {
      resolver: new Resolver(),
      now: () => Date.now(),
      localAddresses: () =>
        Object.values(networkInterfaces())
          .flat()
          .map((i) => i?.address ?? '')
          .filter(Boolean),
    },
  );
  return report(results, (text) => process.stdout.write(text));
}
