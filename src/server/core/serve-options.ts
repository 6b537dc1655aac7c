import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolve } from 'node:path';
import { defaultConfig, LOG_LEVELS, type LogLevel, resolveStore, type ServerConfig } from './config';
import { parseTrustProxy } from './trust-proxy';

// The options of `mailtrail serve`: one table gives each its flag, its variable, its help line and where its value
// goes; the parser and `serve --help` both read it.

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
