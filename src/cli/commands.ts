export type CommandRun = (args: string[]) => Promise<number | void>;
export type Command = { summary: string; load: () => Promise<CommandRun> };

// Loaded lazily so that `mailtrail addon …` does not open a database and `serve` does not load the emulator.
export const commands: Record<string, Command> = {
  addon: {
    summary: 'run the built add-on in the emulator and print its card JSON',
    load: async () => (await import('../emulator/cli')).run,
  },
  tracking: {
    summary: "tracking admin: refresh-ranges loads Apple's egress list or data-centre ranges",
    load: async () => (await import('./tracking')).run,
  },
  serve: {
    summary: 'run the backend: HTTP API (CRM, add-on, tracking) and the BCC listener',
    load: async () => (await import('./serve')).run,
  },
  migrate: {
    summary: 'bring the database schema up to date',
    load: async () => (await import('./migrate')).run,
  },
  account: {
    summary: 'create or list accounts (create prints the first API key)',
    load: async () => (await import('./account')).run,
  },
  user: {
    summary: "add or list an account's users (its CRM owners)",
    load: async () => (await import('./user')).run,
  },
  alias: {
    summary: 'add an alias or connected inbox to a user',
    load: async () => (await import('./alias')).run,
  },
  domain: {
    summary: "claim and verify (DNS TXT) the domains an account's aliases may be in",
    load: async () => (await import('./domain')).run,
  },
  apikey: {
    summary: "create, list or revoke an account's API keys",
    load: async () => (await import('./apikey')).run,
  },
  seed: {
    summary: 'fill an account with demo records (--demo) or synthetic volume (--contacts N …)',
    load: async () => (await import('./seed')).run,
  },
  doctor: {
    summary:
      "check a deployment from its server: https and certificate, MX and SMTP, Google's keys, ids, manifest, clock",
    load: async () => (await import('./doctor')).run,
  },
  start: {
    summary: 'run everything locally, Gmail included (dev mode, demo data on first start): what `npm start` runs',
    load: async () => (await import('./start')).run,
  },
};
