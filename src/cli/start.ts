import { parseArgs } from 'node:util';
import { seedDemoMailboxes } from '../server/http/gmail-emulator';
import { devOffLoopback, parseServeArgs } from '../server/core/config';
import { startServer } from '../server/app/server';
import { Store } from '../server/store';
import { run as seed } from './seed';

const USAGE = `usage: mailtrail start [--port 8787] [--smtp-port 2525] [--data-dir ./data] [--host 127.0.0.1]

Runs everything locally, Gmail included (emulated), in dev mode: migrates the embedded SQLite in the data dir,
seeds the demo CRM and the demo mailboxes on first start, starts HTTP and SMTP, and prints the URL to open.
Ctrl-C stops it. It listens on loopback only (--host 127.0.0.1, ::1 or localhost): in dev mode anyone who
reaches it may sign in as any user.
`;

/** `mailtrail start` (what `npm start` runs): the whole product on this machine, with one command. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      'smtp-port': { type: 'string' },
      'data-dir': { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const serveArgs = ['--dev'];
  for (const key of ['port', 'smtp-port', 'data-dir', 'host'] as const)
    if (values[key] !== undefined) serveArgs.push(`--${key}`, values[key]!);
  // A terminal for a person: warnings and errors only, unless --log-level or MAILTRAIL_LOG_LEVEL says otherwise.
  const config = parseServeArgs(serveArgs, process.env, { logLevel: 'warn' });
  // Before anything is written: the demo is not seeded for a server that will not start.
  const devProblem = devOffLoopback(config);
  if (devProblem) throw new Error(devProblem);

  // First start: the demo CRM (accounts, users, records) before the server reads it.
  const store = await Store.open(config.db);
  const fresh = (await store.accounts.list()).length === 0;
  await store.close();
  if (fresh) {
    process.stdout.write('mailtrail: first start, seeding the demo CRM…\n');
    const code = await seed(['--demo', '--data-dir', config.dataDir]);
    if (code) return code;
  }

  const server = await startServer(config);
  const gmail = server.app.gmailEmulator;
  if (gmail) {
    const made = await seedDemoMailboxes(server.store, gmail.mailboxes);
    if (made.length) process.stdout.write(`mailtrail: demo mailboxes: ${made.join(', ')}\n`);
  }
  process.stdout.write(
    [
      '',
      `mailtrail is running. Open ${server.url}/app/`,
      `  the emulated Gmail:   ${server.url}/app/gmail`,
      `  the CRM API:          ${server.url}/crm/v3/objects/contacts (API key from the admin settings)`,
      `  SMTP (BCC listener):  127.0.0.1:${server.smtpPort}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  await new Promise<void>((resolve) => {
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
  return 0;
}
