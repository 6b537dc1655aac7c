import { join, resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { parseDbTarget, type DbTarget } from './db-target';
import type { TrustProxy } from './trust-proxy';

/**
 * Every setting of `mailtrail serve`, after defaults, environment variables and flags (a flag wins over its
 * variable). serve-options.ts is the only place that reads them; `serve --help` lists them from its table. The
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

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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
