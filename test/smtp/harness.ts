// A real BCC listener on a free port with a stand-in for the store, and a real SMTP client (nodemailer) to talk to
// it. Phase-1 tests control what "committing" does; the integration tests plug the real logging in instead.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type Mail from 'nodemailer/lib/mailer';
import {
  startSmtpListener,
  type Delivery,
  type RecipientResolution,
  type SmtpListenerOptions,
} from '../../src/server/smtp/listener';

export const BCC_DOMAIN = 'bcc.test';

/** Accepts `log+<token>@bcc.test` for the given tokens, as the real resolver does for known intents. */
export function tokenResolver(tokens: readonly string[]): (address: string) => RecipientResolution {
  return (address) => {
    const match = /^log\+([^@]+)@(.+)$/i.exec(address);
    if (!match || match[2].toLowerCase() !== BCC_DOMAIN)
      return { reject: `${address} is not a mailtrail logging address` };
    if (!tokens.includes(match[1])) return { reject: `No email is waiting to be logged under ${address}` };
    return { accountId: 1, kind: 'intent', secret: match[1] };
  };
}

export type TestListener = {
  port: number;
  dataDir: string;
  deliveries: Delivery[];
  /** Replaces what the listener does with a message (by default: remember it). */
  onMessage: (handler: (delivery: Delivery) => Promise<string | void>) => void;
  close: () => Promise<void>;
};

export async function startTestListener(options: Partial<SmtpListenerOptions> = {}): Promise<TestListener> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mailtrail-smtp-'));
  const deliveries: Delivery[] = [];
  let handler = async (delivery: Delivery): Promise<string | void> => {
    deliveries.push(delivery);
  };
  const listener = await startSmtpListener({
    port: 0,
    host: '127.0.0.1',
    spoolDir: join(dataDir, 'tmp', 'smtp'),
    resolveRecipient: tokenResolver(['tok1', 'tok2']),
    onMessage: (delivery) => handler(delivery),
    ...options,
  });
  return {
    port: listener.port,
    dataDir,
    deliveries,
    onMessage: (next) => {
      handler = next;
    },
    close: async () => {
      await listener.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type SendResult =
  | { ok: true; response: string; accepted: string[]; rejected: string[] }
  | { ok: false; responseCode: number | undefined; response: string; code: string | undefined };

/** Sends one message on a fresh connection and reports what the server answered, refusals included. */
export async function send(
  port: number,
  message: Mail.Options,
  transport: Partial<SMTPTransport.Options> = {},
): Promise<SendResult> {
  const client = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, ...transport });
  try {
    const info = await client.sendMail(message);
    return {
      ok: true,
      response: info.response,
      accepted: info.accepted.map(String),
      rejected: info.rejected.map(String),
    };
  } catch (err) {
    const e = err as { responseCode?: number; response?: string; code?: string; message: string };
    return { ok: false, responseCode: e.responseCode, response: e.response ?? e.message, code: e.code };
  } finally {
    client.close();
  }
}

/** Sends raw bytes as they are, to the given envelope recipients. */
export function sendRaw(
  port: number,
  raw: Buffer | string,
  to: string[] = [`log+tok1@${BCC_DOMAIN}`],
): Promise<SendResult> {
  return send(port, { envelope: { from: 'ada@sales.example', to }, raw });
}
