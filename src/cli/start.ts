import { parseArgs } from 'node:util';
import { relative } from 'node:path';
import { seedDemoMailboxes } from '../server/http/gmail-emulator';
import { devOffLoopback } from '../server/core/config';
import { parseServeArgs } from '../server/core/serve-options';
import { startServer, type RunningServer } from '../server/app/server';
import { seedDemo } from '../server/seed/demo';
import { Store } from '../server/store';
import { checkPortsFree, explainListenError } from './ports';

export const usage = `usage: mailtrail start [--port 8787] [--smtp-port 2525] [--data-dir ./data] [--host 127.0.0.1]

Runs everything locally, Gmail included (emulated), in dev mode: migrates the embedded SQLite in the data dir,
seeds the demo CRM and the demo mailboxes on first start, starts HTTP and SMTP, and prints the URL to open.
Ctrl-C stops it. It listens on loopback only (--host 127.0.0.1, ::1 or localhost): in dev mode anyone who
reaches it may sign in as any user.
`;

/** Who to sign in as: the users of the accounts, admins first (a person reads it, so a handful at most). */
async function signInHint(server: RunningServer): Promise<string[]> {
  const users = [];
  for (const account of await server.store.accounts.list())
    users.push(...(await server.store.forAccount(account.id).users.list()));
  users.sort((a, b) => Number(b.role === 'super_admin') - Number(a.role === 'super_admin'));
  const shown = users
    .slice(0, 4)
    .map((u) => `${u.name || u.email} (${u.email}${u.role === 'super_admin' ? ', admin' : ''})`);
  if (!shown.length) return ['  No user yet: add one with `mailtrail user add`.'];
  return [`  Sign in as ${shown.join(' or ')}: in this local mode you pick the user, no password.`];
}

/** `mailtrail start` (what `npm start` runs): the whole product on this machine, with one command. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      'smtp-port': { type: 'string' },
      'data-dir': { type: 'string' },
      host: { type: 'string' },
    },
    strict: true,
  });
  const serveArgs = ['--dev'];
  for (const key of ['port', 'smtp-port', 'data-dir', 'host'] as const)
    if (values[key] !== undefined) serveArgs.push(`--${key}`, values[key]!);
  // A terminal for a person: warnings and errors only, unless --log-level or MAILTRAIL_LOG_LEVEL says otherwise.
  const config = parseServeArgs(serveArgs, process.env, { logLevel: 'warn' });
  // Before anything is written: the demo is not seeded for a server that will not start.
  const devProblem = devOffLoopback(config);
  if (devProblem) throw new Error(devProblem);
  // A taken port is said before the data dir is made or seeded: nothing to clean up after a failed start.
  await checkPortsFree(config);

  // First start: the demo CRM (accounts, users, records) before the server reads it.
  const store = await Store.open(config.db);
  let seeded = false;
  try {
    if ((await store.accounts.list()).length === 0) {
      process.stdout.write('mailtrail: first start, making the demo CRM…\n');
      const demo = await seedDemo(store);
      seeded = demo.created.accounts > 0;
    }
  } finally {
    await store.close();
  }

  const server = await startServer(config).catch((err: unknown) => {
    throw explainListenError(err, config);
  });
  const gmail = server.app.gmailEmulator;
  const mailboxes = gmail ? await seedDemoMailboxes(server.store, gmail.mailboxes) : [];
  const near = relative(process.cwd(), config.dataDir);
  const dataDir = near && !near.startsWith('..') ? `./${near}` : config.dataDir;
  // The handlers are in place before the ready lines go out: whoever reads them may press Ctrl-C at once.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      process.stdout.write('mailtrail: stopping…\n');
      server.close().then(resolve, (err: unknown) => {
        process.stderr.write(`mailtrail: did not stop cleanly: ${err instanceof Error ? err.message : String(err)}\n`);
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stdout.write(
    [
      '',
      `mailtrail is running: open ${server.url}/app/`,
      ...(await signInHint(server)),
      `  Gmail, emulated, with the add-on in its side panel: ${server.url}/app/gmail`,
      seeded
        ? `  First start: a demo CRM (Acme) and ${mailboxes.length} demo mailboxes were made in ${dataDir}; delete it to start again.`
        : `  Data: ${dataDir} (delete it to start again from the demo).`,
      `  SMTP (the BCC listener): ${config.smtpHost ?? config.host}:${server.smtpPort}. CRM API keys: the admin settings.`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  await stopped;
  return 0;
}
