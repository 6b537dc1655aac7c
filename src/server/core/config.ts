import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseDbTarget, type DbTarget } from './db-target';
import { parseTrustProxy, type TrustProxy } from './trust-proxy';

/**
 * Every setting of `mailtrail serve`, after defaults, environment variables and flags (a flag wins over its
 * variable). This module is the only place that reads them; `serve --help` lists them from the table below. The
 * config is read once at start and never changed afterwards: what the server learns at run time (the ports it
 * picked for `0`) it tells through the server context.
 */
export type ServerConfig = {
  host: string;
  /** 0 picks a free port. */
  port: number;
  smtpPort: number;
  /** Where the BCC listener binds; unset: the same address as HTTP. An MX must be reachable from outside. */
  smtpHost?: string;
  /** PEM files; the BCC listener offers STARTTLS only with both. */
  smtpTls?: { keyFile: string; certFile: string };
  /** How long a BCC connection may stay silent, and last in all; how many one address may hold open at once. */
  smtpLimits: SmtpConnectionLimits;
  dataDir: string;
  db: DbTarget;
  /** The address the outside world reaches this server at (pixels, links, the add-on). Unset: the listening URL. */
  publicUrl?: string;
  /** Which peers' `X-Forwarded-For` gives the client address (behind a load balancer). Off by default. */
  trustProxy: TrustProxy;
  /** Trusts the emulator's signing key for ID tokens and runs the emulated Gmail. Never in production. */
  dev: boolean;
  /** The emulated Gmail's own SMTP port (dev mode); 0 picks a free one. */
  gmailMxPort: number;
  logLevel: LogLevel;
  google: {
    /** The add-on's OAuth client ids: the audiences a Google ID token may carry. */
    clientIds: string[];
    /** Only ID tokens of this Google Workspace domain (`hd` claim) are accepted. */
    hostedDomain?: string;
    /** The explicit waiver of `hostedDomain`: tokens of any Google account are accepted. */
    anyDomain?: boolean;
    /** Where Google's signing keys are fetched (a test may serve its own). */
    jwksUrl?: string;
    /** The web app's OAuth client id for "Sign in with Google"; unset: that button is off. */
    webClientId?: string;
  };
  /** DNS servers (`ip` or `ip:port`) for checking domain verification records; empty: the system's. */
  dnsServers: string[];
  /** Per API key, in memory (per process). 0 turns a limit off. */
  rateLimit: { per10Seconds: number; searchPerSecond: number };
  /**
   * Request body limits in bytes, per route group, and for everything outside a group (unknown paths included).
   * Not settings: what each group's clients send.
   */
  bodyLimit: { crm: number; addon: number; web: number; other: number };
  tracking: {
    /** JSON overrides of the classifier's thresholds, checked by tracking when it starts. */
    thresholds: Record<string, unknown>;
    /** Raw events older than this are purged, counters kept; 0 keeps all. */
    retentionDays: number;
    /** How long a notification waits for late evidence; null: per kind (the tracking policy). */
    settleMs: number | null;
    /** Opens of one email within this window make one notification. */
    coalesceWindowMs: number;
    /** The contact push services are given; null: mailto:postmaster@<public host>. */
    vapidSubject: string | null;
    /** Origins a browser's push endpoint may point at (`*.` matches any subdomain): the server posts there. */
    pushServices: string[];
  };
};

const MiB = 1024 * 1024;

export type SmtpConnectionLimits = { idleMs: number; sessionMs: number; perAddress: number };

/**
 * Far above what a sending MTA needs (Gmail sends a copy in seconds; RFC 5321 § 4.5.3.2 has a client wait 10
 * minutes at most for the end of DATA), far below what lets drip-fed connections pile up: 30 minutes bring the
 * largest message (160 MB) at 90 kB/s. See docs/decisions.md, "SMTP: connection limits".
 */
export const DEFAULT_SMTP_LIMITS: SmtpConnectionLimits = { idleMs: 60_000, sessionMs: 30 * 60_000, perAddress: 20 };

/**
 * The push services of the browsers the web app supports, as their endpoints' origins (docs/decisions.md, "Web
 * Push: endpoints only at the known push services"). Nothing else is ever posted to.
 */
export const KNOWN_PUSH_SERVICES = [
  'https://fcm.googleapis.com',
  'https://updates.push.services.mozilla.com',
  'https://*.push.apple.com',
  'https://*.notify.windows.com',
];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

export function defaultConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  const dataDir = overrides.dataDir ?? resolve('./data');
  return {
    host: '127.0.0.1',
    port: 8787,
    smtpPort: 2525,
    smtpLimits: { ...DEFAULT_SMTP_LIMITS },
    dataDir,
    db: { kind: 'sqlite', path: join(dataDir, 'mailtrail.db') },
    trustProxy: false,
    dev: false,
    gmailMxPort: 0,
    logLevel: 'info',
    google: { clientIds: [] },
    dnsServers: [],
    rateLimit: { per10Seconds: 190, searchPerSecond: 5 },
    bodyLimit: { crm: 1 * MiB, addon: 64 * MiB, web: 1 * MiB, other: 16 * 1024 },
    tracking: {
      thresholds: {},
      retentionDays: 395,
      settleMs: null,
      coalesceWindowMs: 10 * 60_000,
      vapidSubject: null,
      pushServices: [...KNOWN_PUSH_SERVICES],
    },
    ...overrides,
  };
}

/** One setting: its flag, its variable, how it is shown in `--help`, and where its value goes. */
type Setting = {
  flag: string;
  env?: string;
  /** The value's placeholder in the help; none for a switch. */
  arg?: string;
  help: string;
  /** Repeatable flag; its variable takes a comma-separated list. */
  multiple?: boolean;
  apply(config: ServerConfig, value: string | string[] | true, flag: string): void;
};

function port(value: string, option: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535)
    throw new Error(`${option} must be a port number (0 picks a free one), not ${JSON.stringify(value)}`);
  return n;
}

function count(value: string, option: string): number {
  if (!/^\d{1,12}$/.test(value)) throw new Error(`${option} must be a whole number, not ${JSON.stringify(value)}`);
  return Number(value);
}

function positive(value: string, option: string): number {
  const n = count(value, option);
  if (n === 0) throw new Error(`${option} must be at least 1`);
  return n;
}

function pushOrigin(value: string, option: string): string {
  const m = /^(https?):\/\/(\*\.)?([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/i.exec(value);
  if (!m)
    throw new Error(
      `${option} takes origins such as https://fcm.googleapis.com or https://*.push.apple.com, not ${JSON.stringify(value)}`,
    );
  return value.toLowerCase();
}

function url(value: string, option: string): string {
  try {
    return new URL(value).href.replace(/\/$/, '');
  } catch {
    throw new Error(`${option} must be a URL such as https://crm.example.com, not ${JSON.stringify(value)}`);
  }
}

const text = (v: string | string[] | true) => String(v);

/** The table `serve --help` prints, in its order. `--db` and `--data-dir` are resolved first (see resolveStore). */
const SETTINGS: Setting[] = [
  {
    flag: 'port',
    env: 'MAILTRAIL_PORT',
    arg: 'N',
    help: 'HTTP port (default 8787; 0 picks a free one)',
    apply: (c, v, f) => (c.port = port(text(v), f)),
  },
  {
    flag: 'host',
    env: 'MAILTRAIL_HOST',
    arg: 'ADDR',
    help: 'address to listen on (default 127.0.0.1)',
    apply: (c, v) => (c.host = text(v)),
  },
  {
    flag: 'smtp-port',
    env: 'MAILTRAIL_SMTP_PORT',
    arg: 'N',
    help: 'BCC listener port (default 2525)',
    apply: (c, v, f) => (c.smtpPort = port(text(v), f)),
  },
  {
    flag: 'smtp-host',
    env: 'MAILTRAIL_SMTP_HOST',
    arg: 'ADDR',
    help: 'address the BCC listener binds (default: --host)',
    apply: (c, v) => (c.smtpHost = text(v)),
  },
  {
    flag: 'smtp-tls-key',
    env: 'MAILTRAIL_SMTP_TLS_KEY',
    arg: 'FILE',
    help: 'PEM key for STARTTLS on the BCC listener',
    apply: (c, v) => (c.smtpTls = { keyFile: resolve(text(v)), certFile: c.smtpTls?.certFile ?? '' }),
  },
  {
    flag: 'smtp-tls-cert',
    env: 'MAILTRAIL_SMTP_TLS_CERT',
    arg: 'FILE',
    help: 'PEM certificate (chain) for STARTTLS',
    apply: (c, v) => (c.smtpTls = { keyFile: c.smtpTls?.keyFile ?? '', certFile: resolve(text(v)) }),
  },
  {
    flag: 'smtp-idle-ms',
    env: 'MAILTRAIL_SMTP_IDLE_MS',
    arg: 'MS',
    help: 'close a BCC connection silent this long (default 60000)',
    apply: (c, v, f) => (c.smtpLimits.idleMs = positive(text(v), f)),
  },
  {
    flag: 'smtp-session-ms',
    env: 'MAILTRAIL_SMTP_SESSION_MS',
    arg: 'MS',
    help: 'close a BCC connection open this long, however busy (default 1800000)',
    apply: (c, v, f) => (c.smtpLimits.sessionMs = positive(text(v), f)),
  },
  {
    flag: 'smtp-connections-per-address',
    env: 'MAILTRAIL_SMTP_CONNECTIONS_PER_ADDRESS',
    arg: 'N',
    help: 'BCC connections one address may hold open at once (default 20)',
    apply: (c, v, f) => (c.smtpLimits.perAddress = positive(text(v), f)),
  },
  {
    flag: 'db',
    env: 'MAILTRAIL_DB',
    arg: 'TARGET',
    help: 'sqlite:PATH or postgres://… (default sqlite:<data-dir>/mailtrail.db)',
    apply: () => {},
  },
  {
    flag: 'data-dir',
    env: 'MAILTRAIL_DATA_DIR',
    arg: 'DIR',
    help: 'where files live (default ./data)',
    apply: () => {},
  },
  {
    flag: 'public-url',
    env: 'MAILTRAIL_PUBLIC_URL',
    arg: 'URL',
    help: 'the address users and Gmail reach this server at',
    apply: (c, v, f) => (c.publicUrl = url(text(v), f)),
  },
  {
    flag: 'trust-proxy',
    env: 'MAILTRAIL_TRUST_PROXY',
    arg: 'WHO',
    help: "take the client address from X-Forwarded-For when the peer is one of WHO: the load balancer's addresses/CIDRs (comma-separated), a hop count, or true (default: nobody)",
    apply: (c, v, f) => (c.trustProxy = parseTrustProxy(text(v), f)),
  },
  {
    flag: 'google-client-id',
    env: 'MAILTRAIL_GOOGLE_CLIENT_ID',
    arg: 'ID',
    multiple: true,
    help: "the add-on's OAuth client id (repeatable; the variable takes a comma-separated list)",
    apply: (c, v) =>
      (c.google.clientIds = (Array.isArray(v) ? v : text(v).split(',')).map((s) => s.trim()).filter(Boolean)),
  },
  {
    flag: 'google-hd',
    env: 'MAILTRAIL_GOOGLE_HD',
    arg: 'DOMAIN',
    help: 'accept ID tokens of this Workspace domain only (required without --dev, unless --google-any-domain)',
    apply: (c, v) => (c.google.hostedDomain = text(v)),
  },
  {
    flag: 'google-any-domain',
    env: 'MAILTRAIL_GOOGLE_ANY_DOMAIN',
    help: 'accept ID tokens of any Google account instead of one Workspace domain (--google-hd)',
    apply: (c, v) => (c.google.anyDomain = v === true || v === '1' || v === 'true'),
  },
  {
    flag: 'google-jwks-url',
    env: 'MAILTRAIL_GOOGLE_JWKS_URL',
    arg: 'URL',
    help: "where Google's signing keys are read (default: Google's)",
    apply: (c, v, f) => (c.google.jwksUrl = url(text(v), f)),
  },
  {
    flag: 'google-web-client-id',
    env: 'MAILTRAIL_GOOGLE_WEB_CLIENT_ID',
    arg: 'ID',
    help: 'the web app\'s OAuth client id for "Sign in with Google"',
    apply: (c, v) => (c.google.webClientId = text(v)),
  },
  {
    flag: 'dns-server',
    env: 'MAILTRAIL_DNS_SERVERS',
    arg: 'ADDR',
    multiple: true,
    help: "DNS server (ip or ip:port) that checks domains' verification records (repeatable; default: the system's)",
    apply: (c, v) => (c.dnsServers = (Array.isArray(v) ? v : text(v).split(',')).map((s) => s.trim()).filter(Boolean)),
  },
  {
    flag: 'rate-limit',
    env: 'MAILTRAIL_RATE_LIMIT',
    arg: 'N',
    help: 'requests per 10 s per API key (default 190; 0: off)',
    apply: (c, v, f) => (c.rateLimit.per10Seconds = count(text(v), f)),
  },
  {
    flag: 'search-rate-limit',
    env: 'MAILTRAIL_SEARCH_RATE_LIMIT',
    arg: 'N',
    help: 'searches per second per API key (default 5; 0: off)',
    apply: (c, v, f) => (c.rateLimit.searchPerSecond = count(text(v), f)),
  },
  {
    flag: 'tracking-thresholds',
    env: 'MAILTRAIL_TRACKING_THRESHOLDS',
    arg: 'JSON',
    help: 'overrides of the open/click classifier\'s thresholds, e.g. {"clickAfterSendSeconds":15} (docs/decisions.md, "Tracking: labels")',
    apply: (c, v, f) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text(v));
      } catch {
        parsed = undefined;
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error(`${f} must be a JSON object such as {"clickAfterSendSeconds":15}`);
      c.tracking.thresholds = parsed as Record<string, unknown>;
    },
  },
  {
    flag: 'retention-days',
    env: 'MAILTRAIL_TRACKING_RETENTION_DAYS',
    arg: 'N',
    help: 'purge raw open/click events after N days, counts kept (default 395; 0 keeps all)',
    apply: (c, v, f) => (c.tracking.retentionDays = count(text(v), f)),
  },
  {
    flag: 'notify-settle-ms',
    env: 'MAILTRAIL_NOTIFY_SETTLE_MS',
    arg: 'MS',
    help: 'how long a notification waits for late evidence (default: per kind)',
    apply: (c, v, f) => (c.tracking.settleMs = count(text(v), f)),
  },
  {
    flag: 'notify-coalesce-ms',
    env: 'MAILTRAIL_NOTIFY_COALESCE_MS',
    arg: 'MS',
    help: 'opens of one email within this window notify once (default 600000)',
    apply: (c, v, f) => (c.tracking.coalesceWindowMs = count(text(v), f)),
  },
  {
    flag: 'vapid-subject',
    env: 'MAILTRAIL_VAPID_SUBJECT',
    arg: 'URI',
    help: 'mailto: or https: contact given to push services (default mailto:postmaster@<public host>)',
    apply: (c, v, f) => {
      if (!/^(mailto:|https:\/\/)/.test(text(v)))
        throw new Error(`${f} must be a mailto: address or an https: URL, not ${JSON.stringify(text(v))}`);
      c.tracking.vapidSubject = text(v);
    },
  },
  {
    flag: 'push-service',
    env: 'MAILTRAIL_PUSH_SERVICES',
    arg: 'ORIGIN',
    multiple: true,
    help: "an origin browsers' push endpoints may point at, e.g. https://*.push.apple.com (repeatable; replaces the known services: FCM, Mozilla, Apple, Windows)",
    apply: (c, v, f) =>
      (c.tracking.pushServices = (Array.isArray(v) ? v : text(v).split(','))
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => pushOrigin(s, f))),
  },
  {
    flag: 'log-level',
    env: 'MAILTRAIL_LOG_LEVEL',
    arg: 'LEVEL',
    help: `${LOG_LEVELS.join('|')} (default info)`,
    apply: (c, v, f) => {
      if (!(LOG_LEVELS as readonly string[]).includes(text(v)))
        throw new Error(`${f} must be one of ${LOG_LEVELS.join(', ')}`);
      c.logLevel = text(v) as LogLevel;
    },
  },
  {
    flag: 'gmail-mx-port',
    env: 'MAILTRAIL_GMAIL_MX_PORT',
    arg: 'N',
    help: "the emulated Gmail's SMTP port, with --dev (default 0: a free one)",
    apply: (c, v, f) => (c.gmailMxPort = port(text(v), f)),
  },
  {
    flag: 'dev',
    env: 'MAILTRAIL_DEV',
    help: "trust the local emulator's ID tokens and run the emulated Gmail: local trials only, on a loopback --host",
    apply: (c, v) => (c.dev = v === true || v === '1' || v === 'true'),
  },
];

export const SERVE_USAGE = (() => {
  const left = (s: Setting) => `  --${s.flag}${s.arg ? ` ${s.arg}` : ''}`;
  const width = Math.max(...SETTINGS.map((s) => left(s).length)) + 2;
  const lines = SETTINGS.map(
    (s) => `${left(s).padEnd(width)}${s.help}${s.env ? `\n${' '.repeat(width)}env ${s.env}` : ''}`,
  );
  return `usage: mailtrail serve [options]\n\nEach option can also be set by its environment variable; the option wins.\n\n${lines.join('\n')}\n`;
})();

const LOOPBACK_HOSTS = new Set(['localhost', '::1', '[::1]']);

/** An address only this machine reaches: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Why this config must not serve, if it must not. Dev mode trusts a signing key whose private half is public, so it
 * only ever listens where nobody else can connect.
 */
export function devOffLoopback(config: Pick<ServerConfig, 'dev' | 'host'>): string | undefined {
  if (!config.dev || isLoopbackHost(config.host)) return undefined;
  return `--dev (MAILTRAIL_DEV) trusts ID tokens anyone can sign, so it listens on a loopback address only (127.0.0.1, ::1, localhost), not ${config.host}. For a server others reach, leave --dev out and set --google-client-id and --google-hd (docs/deploy.md).`;
}

/**
 * What `mailtrail serve` refuses to start with: production is safe by default, and each gap says what to set.
 * Throws one error listing them all.
 */
export function checkServeConfig(config: ServerConfig): void {
  const problems: string[] = [];
  const devProblem = devOffLoopback(config);
  if (devProblem) problems.push(devProblem);
  if (!config.dev && !config.google.clientIds.length)
    problems.push(
      "no Google client id: set --google-client-id (MAILTRAIL_GOOGLE_CLIENT_ID) to the add-on's OAuth client id, the `aud` of its ScriptApp.getIdentityToken() (docs/deploy.md, step 4). To try mailtrail on this machine, run `mailtrail start`.",
    );
  if (!config.dev && !config.google.hostedDomain && !config.google.anyDomain)
    problems.push(
      'no Workspace domain: set --google-hd (MAILTRAIL_GOOGLE_HD) to your domain, e.g. --google-hd example.com, so that only its accounts sign in; or say --google-any-domain to accept any Google account.',
    );
  if (config.google.hostedDomain && config.google.anyDomain)
    problems.push('--google-hd and --google-any-domain contradict each other: keep one.');
  if (problems.length) throw new Error(`refusing to serve:\n  - ${problems.join('\n  - ')}`);
}

/** The `--db` and `--data-dir` options every command that opens the store takes. */
export const storeOptions = {
  db: { type: 'string' },
  'data-dir': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

/** `--db` wins; else `$MAILTRAIL_DB`; else `<data dir>/mailtrail.db`. */
export function resolveStore(
  values: { db?: string; 'data-dir'?: string },
  env: NodeJS.ProcessEnv = process.env,
): { dataDir: string; db: DbTarget } {
  const dataDir = resolve(values['data-dir'] ?? env.MAILTRAIL_DATA_DIR ?? './data');
  const db = values.db ?? env.MAILTRAIL_DB;
  return { dataDir, db: db ? parseDbTarget(db) : { kind: 'sqlite', path: join(dataDir, 'mailtrail.db') } };
}

/**
 * The address links, pixels and the add-on use: `--public-url`, else the URL the server listens on (an any-address
 * bind is reached at 127.0.0.1). `node build.mjs` bakes the same default into the local add-on bundle, so that
 * what the server links to is what the bundle may open (test/emulator/cli.test.ts holds them together).
 */
export function publicUrlOf(config: Pick<ServerConfig, 'publicUrl' | 'host' | 'port'>, listening?: URL): string {
  if (config.publicUrl) return config.publicUrl;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = new URL(listening ?? `http://${host}:${config.port}`);
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = '127.0.0.1';
  return url.origin;
}

/** `--public-url`, else `$MAILTRAIL_PUBLIC_URL`, checked as `serve` checks it (for commands that mint addresses). */
export function resolvePublicUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (flag) return url(flag, '--public-url');
  return env.MAILTRAIL_PUBLIC_URL ? url(env.MAILTRAIL_PUBLIC_URL, 'MAILTRAIL_PUBLIC_URL') : undefined;
}

/**
 * The server's config from its command line and environment. `defaults` changes a default for one way of running
 * (what `mailtrail start` prefers), below the environment and the flags.
 */
export function parseServeArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  defaults: Partial<ServerConfig> = {},
): ServerConfig {
  const options = Object.fromEntries(
    SETTINGS.map((s) => [s.flag, s.arg ? { type: 'string', multiple: s.multiple ?? false } : { type: 'boolean' }]),
  ) as ParseArgsConfig['options'];
  const { values } = parseArgs({ args: argv, options, strict: true });
  const config = defaultConfig({ ...defaults, ...resolveStore(values as { db?: string; 'data-dir'?: string }, env) });
  for (const s of SETTINGS) {
    const flag = (values as Record<string, unknown>)[s.flag] as string | string[] | boolean | undefined;
    const fromEnv = s.env ? env[s.env] : undefined;
    if (flag !== undefined && flag !== false) s.apply(config, flag, `--${s.flag}`);
    else if (fromEnv !== undefined && fromEnv !== '') s.apply(config, fromEnv, s.env!);
  }
  if (config.smtpTls && (!config.smtpTls.keyFile || !config.smtpTls.certFile))
    throw new Error('--smtp-tls-key and --smtp-tls-cert go together: give both files, or neither to turn STARTTLS off');
  return config;
}
