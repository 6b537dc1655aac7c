import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import type { AddressInfo, Socket } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Logger } from 'pino';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { normaliseAddress } from '../../contract';
import { ApiError } from '../core/api-error';
import { DEFAULT_SMTP_LIMITS, type SmtpConnectionLimits } from '../core/config';
import type { LoggingAddressKind } from '../../contract/logging-address';
import { DeliveryRefused, transientCause } from '../core/transient';
import { parseInbound, type InboundEmail } from './parse';

/** Room for one 50 MB attachment in base64 (≈68 MB) beside others; larger attachments are left out, not refused. */
export const DEFAULT_MAX_MESSAGE_BYTES = 160 * 1024 * 1024;

/** What the owner of the addresses says about one RCPT TO: which logging address of which account, or why it is refused. */
export type RecipientResolution = { accountId: number; kind: LoggingAddressKind; secret: string } | { reject: string };

export type AcceptedRecipient = { address: string; accountId: number; kind: LoggingAddressKind; secret: string };

export type Delivery = {
  email: InboundEmail;
  /** The raw message as received, readable until the delivery is answered (DKIM is checked on it). */
  rawFile: string;
  /** The accepted logging addresses of this transaction, each once. */
  recipients: AcceptedRecipient[];
  /** MAIL FROM, empty for a bounce. */
  envelopeFrom: string;
  receivedAt: Date;
  remoteAddress: string;
  /** Size of the raw message in bytes. */
  size: number;
};

export type SmtpListenerOptions = {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  /** The name in the banner and EHLO reply; the MX host name in production. */
  name?: string;
  /** Scratch space for messages being received; must be on the same filesystem as the attachment store. */
  spoolDir: string;
  maxMessageBytes?: number;
  /** How long a connection may stay silent, and last in all; how many one address may hold open at once. */
  limits?: Partial<SmtpConnectionLimits>;
  /** PEM key and certificate; STARTTLS is offered only when both are given. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  resolveRecipient: (address: string) => Promise<RecipientResolution> | RecipientResolution;
  /**
   * Records the email. Resolves only once what it wrote is committed; the sender hears 250 after that, with the
   * resolved text. Throws `DeliveryRefused` to refuse for good; any other error makes the sender try again later.
   */
  onMessage: (delivery: Delivery) => Promise<string | void>;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
};

export type SmtpListener = { port: number; close: () => Promise<void> };

type SmtpError = Error & { responseCode: number };

function smtpError(responseCode: number, message: string): SmtpError {
  return Object.assign(new Error(message), { responseCode });
}

const TRANSIENT_TEXT = {
  database: 'the database is unavailable',
  storage: 'the attachment store is not writable',
} as const;

// Spool directories older than this were left by a process that died mid-delivery; nobody will answer for them.
const STALE_SPOOL_MS = 24 * 60 * 60 * 1000;

export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const log = options.logger;
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const limits = { ...DEFAULT_SMTP_LIMITS, ...options.limits };
  await mkdir(options.spoolDir, { recursive: true });
  await removeAbandonedSpool(options.spoolDir);
  const ownSpool = join(options.spoolDir, `${spoolOwner(hostname(), process.pid)}${randomUUID()}`);
  await mkdir(ownSpool);

  // RCPT answers per SMTP session, so that DATA knows which intents the message is for.
  const accepted = new Map<string, Map<string, AcceptedRecipient>>();
  // The open sessions of each remote address: a few hosts must not use up the file handles HTTP and SMTP share.
  const sessionsByAddress = new Map<string, Set<string>>();

  const answer = (err: unknown, stage: string, session: SMTPServerSession): SmtpError => {
    if (err instanceof DeliveryRefused) {
      log?.info({ session: session.id, stage, reason: err.message }, 'smtp: refused');
      return smtpError(err.responseCode, err.message);
    }
    const unstorable = unstorableReason(err);
    if (unstorable) {
      log?.info({ session: session.id, stage, reason: unstorable }, 'smtp: refused, cannot be stored');
      return smtpError(554, `This message cannot be logged as it is (${unstorable}); sending it again will not help`);
    }
    const cause = transientCause(err);
    if (cause) log?.warn({ session: session.id, stage, err }, `smtp: ${TRANSIENT_TEXT[cause]}, answered 451`);
    else log?.error({ session: session.id, stage, err }, 'smtp: unexpected error, answered 451');
    const why = cause ? TRANSIENT_TEXT[cause] : 'unexpected error, reported to the operator';
    return smtpError(451, `Cannot ${stage} right now (${why}); try again later`);
  };

  const receive = async (stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> => {
    const receivedAt = new Date();
    const byAddress = accepted.get(session.id);
    const recipients = [
      ...new Map([...(byAddress?.values() ?? [])].map((r) => [`${r.accountId} ${r.kind} ${r.secret}`, r])).values(),
    ];
    const workDir = join(ownSpool, randomUUID());
    try {
      await mkdir(workDir, { recursive: true });
      const rawFile = join(workDir, 'message.eml');
      await spool(stream, rawFile, maxBytes);
      if (stream.sizeExceeded)
        throw new DeliveryRefused(`Message larger than the ${maxBytes} bytes this server accepts`, 552);
      const email = await parseInbound(rawFile, workDir);
      const text = await options.onMessage({
        email,
        rawFile,
        recipients,
        envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        receivedAt,
        remoteAddress: session.remoteAddress,
        size: stream.byteLength,
      });
      return text || `Logged ${email.messageId}`;
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  };

  const server = new SMTPServer({
    name: options.name,
    banner: 'mailtrail BCC logging',
    // An MX: anyone may deliver, but only to addresses that resolve to an intent.
    authOptional: true,
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    size: maxBytes,
    rejectOversized: true,
    // RFC 3463 codes (4.3.0, 5.1.1…) tell the sending server and the bounce the user may read what kind of failure it was.
    hideENHANCEDSTATUSCODES: false,
    disableReverseLookup: true,
    logger: false,
    socketTimeout: limits.idleMs,
    onConnect(session, callback) {
      const sessions = sessionsByAddress.get(session.remoteAddress) ?? new Set<string>();
      if (sessions.size >= limits.perAddress) {
        log?.warn({ remoteAddress: session.remoteAddress }, 'smtp: too many connections from one address, refused');
        return callback(smtpError(421, `Too many connections from ${session.remoteAddress}, try again later`));
      }
      sessionsByAddress.set(session.remoteAddress, sessions.add(session.id));
      callback();
    },
    onMailFrom(_address, session, callback) {
      accepted.set(session.id, new Map());
      callback();
    },
    onRcptTo(address, session, callback) {
      const key = normaliseAddress(address.address);
      Promise.resolve()
        .then(() => options.resolveRecipient(address.address))
        .then(
          (resolution) => {
            if ('reject' in resolution) return callback(smtpError(550, resolution.reject));
            accepted.get(session.id)?.set(key, { address: key, ...resolution });
            callback();
          },
          (err: unknown) => callback(answer(err, 'check this address', session)),
        );
    },
    onData(stream, session, callback) {
      receive(stream, session).then(
        (text) => callback(null, text),
        (err: unknown) => callback(answer(err, 'log this email', session)),
      );
    },
    onClose(session) {
      accepted.delete(session.id);
      const sessions = sessionsByAddress.get(session.remoteAddress);
      sessions?.delete(session.id);
      if (sessions?.size === 0) sessionsByAddress.delete(session.remoteAddress);
    },
  });
  server.on('error', (err) => log?.warn({ err }, 'smtp: connection error'));
  limitSessionTime(server.server, limits.sessionMs, log);

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  log?.info({ port, starttls: Boolean(options.tls) }, 'smtp: listening');
  return {
    port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(ownSpool, { recursive: true, force: true });
    },
  };
}

/**
 * What smtp-server's idle timeout leaves open: a connection that sends a byte now and then is closed once it has
 * lasted `sessionMs`, told why when it still listens.
 */
function limitSessionTime(server: SMTPServer['server'], sessionMs: number, log: SmtpListenerOptions['logger']): void {
  server.on('connection', (socket: Socket) => {
    const deadline = setTimeout(() => {
      log?.info({ remoteAddress: socket.remoteAddress }, 'smtp: connection closed at the session time limit');
      socket.end('421 4.4.2 Session time limit reached, closing connection\r\n');
      setTimeout(() => socket.destroy(), 1000).unref();
    }, sessionMs);
    deadline.unref();
    socket.once('close', () => clearTimeout(deadline));
  });
}

/**
 * Writes the DATA stream to a file without ever destroying it: smtp-server owns that stream, and the client must
 * still get an answer if the disk fills up half-way. Past `maxBytes` the rest is drained unwritten.
 */
async function spool(source: SMTPServerDataStream, file: string, maxBytes: number): Promise<void> {
  const out = createWriteStream(file, { flags: 'wx' });
  let writeError: Error | null = null;
  out.on('error', (err) => {
    writeError ??= err;
    source.resume();
  });
  let bytes = 0;
  source.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (writeError || bytes > maxBytes) return;
    if (!out.write(chunk)) {
      source.pause();
      out.once('drain', () => source.resume());
    }
  });
  try {
    await finished(source);
  } finally {
    out.end();
    await finished(out).catch((err: Error) => {
      writeError ??= err;
    });
  }
  if (writeError) throw writeError;
}

/**
 * What makes the store refuse this message's content for good (a header block longer than a property may be, say),
 * or null. A retry brings the same bytes, so the sender must hear 5xx: a 451 would have Gmail retry for days.
 */
function unstorableReason(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.category !== 'VALIDATION_ERROR') return null;
  const details = (err.extra.errors ?? []).map((e) => e.message).filter(Boolean);
  return details.length ? details.join('; ') : err.message;
}

/** The prefix of the spool folders of one process: what a later start on the same host checks is still alive. */
const spoolOwner = (host: string, pid: number) => `${encodeURIComponent(host)}.${pid}.`;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Each listener spools under a folder named after its host and process. At start, the folders of this host's
 * processes that are gone (killed with -9: they never cleaned up) are removed at once; a live process's folder,
 * whatever listener it belongs to, is left alone. Another host's folders (a shared data dir) cannot be checked,
 * so they go only once a day has passed without a write.
 */
async function removeAbandonedSpool(spoolDir: string): Promise<void> {
  const now = Date.now();
  const thisHost = `${encodeURIComponent(hostname())}.`;
  for (const entry of await readdir(spoolDir)) {
    const path = join(spoolDir, entry);
    const pid = entry.startsWith(thisHost) ? Number(entry.slice(thisHost.length).split('.')[0]) : NaN;
    if (Number.isInteger(pid) && pid > 0) {
      if (!isRunning(pid)) await rm(path, { recursive: true, force: true });
      continue;
    }
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > STALE_SPOOL_MS) await rm(path, { recursive: true, force: true });
  }
}
