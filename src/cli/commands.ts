export type CommandRun = (args: string[]) => Promise<number | void>;
/** A command's module: its usage (printed for `--help` and under a usage error) and what it runs. */
export type CommandModule = { usage: string; run: CommandRun };
export type Command = { summary: string; load: () => Promise<CommandModule> };

// Loaded lazily so that `mailtrail addon …` does not open a database and `serve` does not load the emulator.
export const commands: Record<string, Command> = {
  addon: {
    summary: 'run the built add-on in the emulator and print its card JSON',
    load: () => import('../emulator/cli'),
  },
  tracking: {
    summary: "tracking admin: refresh-ranges loads Apple's egress list or data-centre ranges",
    load: () => import('./tracking'),
  },
  serve: {
    summary: 'run the backend: HTTP API (CRM, add-on, tracking) and the BCC listener',
    load: () => import('./serve'),
  },
  migrate: {
    summary: 'bring the database schema up to date',
    load: () => import('./migrate'),
  },
  account: {
    summary: 'create or list accounts (create prints the first API key)',
    load: () => import('./account'),
  },
  user: {
    summary: "add or list an account's users (its CRM owners)",
    load: () => import('./user'),
  },
  alias: {
    summary: 'add an alias or connected inbox to a user',
    load: () => import('./alias'),
  },
  domain: {
    summary: "claim and verify (DNS TXT) the domains an account's aliases may be in",
    load: () => import('./domain'),
  },
  apikey: {
    summary: "create, list or revoke an account's API keys",
    load: () => import('./apikey'),
  },
  seed: {
    summary: 'fill an account with demo records (--demo) or synthetic volume (--contacts N …)',
    load: () => import('./seed'),
  },
  doctor: {
    summary:
      "check a deployment from its server: https and certificate, MX and SMTP, Google's keys, ids, manifest, clock",
    load: () => import('./doctor'),
  },
  start: {
    summary: 'run everything locally, Gmail included (dev mode, demo data on first start): what `npm start` runs',
    load: () => import('./start'),
  },
};
