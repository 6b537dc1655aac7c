import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseDbTarget, type DbTarget } from './store';
import { parseTrustProxy, type TrustProxy } from './trust-proxy';

/** Everything `mailtrail serve` can be told, after defaults and environment variables are applied. */
export type ServerConfig = {
  host: string;
  /** 0 picks a free port. */
  port: number;
  smtpPort: number;
  /** Where the BCC listener binds; unset: the same address as HTTP. An MX must be reachable from outside. */
  smtpHost?: string;
  /** PEM files; the BCC listener offers STARTTLS only with both. */
  smtpTls?: { keyFile: string; certFile: string };
  dataDir: string;
  db: DbTarget;
  /** The address the outside world reaches this server at (pixels, links, the add-on). Unset: the listening URL. */
  publicUrl?: string;
  /** Which peers' `X-Forwarded-For` gives the client address (behind a load balancer). Off by default. */
  trustProxy: TrustProxy;
  /** Trusts the emulator's signing key for ID tokens. Never in production. */
  dev: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  google: {
    /** The add-on's OAuth client ids: the audiences a Google ID token may carry. */
    clientIds: string[];
    /** Only ID tokens of this Google Workspace domain (`hd` claim) are accepted. */
    hostedDomain?: string;
    /** Where Google's signing keys are fetched (a test may serve its own). */
    jwksUrl?: string;
  };
  /** Per API key, in memory (per process). 0 turns a limit off. */
  rateLimit: { per10Seconds: number; searchPerSecond: number };
  /** Request body limits in bytes, per route group. */
  bodyLimit: { crm: number; addon: number };
};

export const MiB = 1024 * 1024;

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

export function defaultConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  const dataDir = overrides.dataDir ?? resolve('./data');
  return {
    host: '127.0.0.1',
    port: 8787,
    smtpPort: 2525,
    dataDir,
    db: { kind: 'sqlite', path: join(dataDir, 'mailtrail.db') },
    trustProxy: false,
    dev: false,
    logLevel: 'info',
    google: { clientIds: [] },
    rateLimit: { per10Seconds: 190, searchPerSecond: 5 },
    bodyLimit: { crm: 1 * MiB, addon: 64 * MiB },
    ...overrides,
  };
}

function port(value: string, option: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535)
    throw new Error(`${option} must be a port number (0 picks a free one), not ${JSON.stringify(value)}`);
  return n;
}

function count(value: string, option: string): number {
  if (!/^\d+$/.test(value))
    throw new Error(`${option} must be a whole number (0 turns it off), not ${JSON.stringify(value)}`);
  return Number(value);
}

function url(value: string, option: string): string {
  try {
    return new URL(value).href.replace(/\/$/, '');
  } catch {
    throw new Error(`${option} must be a URL such as https://crm.example.com, not ${JSON.stringify(value)}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const SERVE_USAGE = `usage: mailtrail serve [options]

  --port N              HTTP port (default 8787; 0 picks a free one)        $MAILTRAIL_PORT
  --host ADDR           address to listen on (default 127.0.0.1)            $MAILTRAIL_HOST
  --smtp-port N         BCC listener port (default 2525)                    $MAILTRAIL_SMTP_PORT
  --smtp-host ADDR      address the BCC listener binds (default: --host)    $MAILTRAIL_SMTP_HOST
  --smtp-tls-key FILE   PEM key for STARTTLS on the BCC listener            $MAILTRAIL_SMTP_TLS_KEY
  --smtp-tls-cert FILE  PEM certificate (chain) for STARTTLS                $MAILTRAIL_SMTP_TLS_CERT
  --db TARGET           sqlite:PATH or postgres://… (default sqlite:<data-dir>/mailtrail.db)  $MAILTRAIL_DB
  --data-dir DIR        where files live (default ./data)                   $MAILTRAIL_DATA_DIR
  --public-url URL      the address users and Gmail reach this server at    $MAILTRAIL_PUBLIC_URL
  --trust-proxy WHO     take the client address from X-Forwarded-For when   $MAILTRAIL_TRUST_PROXY
                        the peer is one of WHO: the load balancer's addresses/CIDRs
                        (comma-separated), a hop count, or true (default: nobody)
  --google-client-id ID the add-on's OAuth client id (repeatable)           $MAILTRAIL_GOOGLE_CLIENT_ID (comma-separated)
  --google-hd DOMAIN    accept ID tokens of this Workspace domain only      $MAILTRAIL_GOOGLE_HD
  --rate-limit N        requests per 10 s per API key (default 190; 0: off)
  --search-rate-limit N searches per second per API key (default 5; 0: off)
  --log-level LEVEL     fatal|error|warn|info|debug|trace|silent (default info)
  --dev                 trust the local emulator's ID tokens (never in production)
`;

export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...storeOptions,
      port: { type: 'string' },
      host: { type: 'string' },
      'smtp-port': { type: 'string' },
      'smtp-host': { type: 'string' },
      'smtp-tls-key': { type: 'string' },
      'smtp-tls-cert': { type: 'string' },
      'public-url': { type: 'string' },
      'trust-proxy': { type: 'string' },
      'google-client-id': { type: 'string', multiple: true },
      'google-hd': { type: 'string' },
      'rate-limit': { type: 'string' },
      'search-rate-limit': { type: 'string' },
      'log-level': { type: 'string' },
      dev: { type: 'boolean' },
    },
    strict: true,
  });
  const { dataDir, db } = resolveStore(values, env);
  const logLevel = values['log-level'] ?? env.MAILTRAIL_LOG_LEVEL ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const publicUrl = values['public-url'] ?? env.MAILTRAIL_PUBLIC_URL;
  const clientIds =
    values['google-client-id'] ?? (env.MAILTRAIL_GOOGLE_CLIENT_ID ? env.MAILTRAIL_GOOGLE_CLIENT_ID.split(',') : []);
  const defaults = defaultConfig({ dataDir, db });
  const tlsKey = values['smtp-tls-key'] ?? env.MAILTRAIL_SMTP_TLS_KEY;
  const tlsCert = values['smtp-tls-cert'] ?? env.MAILTRAIL_SMTP_TLS_CERT;
  if (Boolean(tlsKey) !== Boolean(tlsCert))
    throw new Error('--smtp-tls-key and --smtp-tls-cert go together: give both files, or neither to turn STARTTLS off');
  const smtpHost = values['smtp-host'] ?? env.MAILTRAIL_SMTP_HOST;
  return {
    ...defaults,
    host: values.host ?? env.MAILTRAIL_HOST ?? defaults.host,
    port: port(values.port ?? env.MAILTRAIL_PORT ?? String(defaults.port), '--port'),
    smtpPort: port(values['smtp-port'] ?? env.MAILTRAIL_SMTP_PORT ?? String(defaults.smtpPort), '--smtp-port'),
    ...(smtpHost ? { smtpHost } : {}),
    ...(tlsKey && tlsCert ? { smtpTls: { keyFile: resolve(tlsKey), certFile: resolve(tlsCert) } } : {}),
    publicUrl: publicUrl ? url(publicUrl, '--public-url') : undefined,
    trustProxy: parseTrustProxy(values['trust-proxy'] ?? env.MAILTRAIL_TRUST_PROXY ?? 'false', '--trust-proxy'),
    dev: values.dev ?? env.MAILTRAIL_DEV === '1',
    logLevel: logLevel as ServerConfig['logLevel'],
    google: {
      clientIds: clientIds.map((s) => s.trim()).filter(Boolean),
      hostedDomain: values['google-hd'] ?? env.MAILTRAIL_GOOGLE_HD,
      jwksUrl: env.MAILTRAIL_GOOGLE_JWKS_URL,
    },
    rateLimit: {
      per10Seconds: values['rate-limit']
        ? count(values['rate-limit'], '--rate-limit')
        : defaults.rateLimit.per10Seconds,
      searchPerSecond: values['search-rate-limit']
        ? count(values['search-rate-limit'], '--search-rate-limit')
        : defaults.rateLimit.searchPerSecond,
    },
  };
}
