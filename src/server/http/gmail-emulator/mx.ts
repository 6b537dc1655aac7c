import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Mailboxes } from './mailboxes';

/**
 * The emulated Gmail's incoming mail server: real SMTP, accepting mail only for the demo mailboxes and filing each
 * message in their inboxes. Sending from the emulated Gmail delivers here for demo addresses.
 */
export async function startMx(
  mailboxes: Mailboxes,
  opts: { host: string; port: number },
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    banner: 'mailtrail emulated Gmail',
    size: 40 * 1024 * 1024,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (mailboxes.has(address.address)) return callback();
      const err = new Error(`5.1.1 ${address.address}: no such mailbox in the emulated Gmail`) as Error & {
        responseCode: number;
      };
      err.responseCode = 550;
      return callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          const err = new Error('5.3.4 message too big for the emulated Gmail') as Error & { responseCode: number };
          err.responseCode = 552;
          return callback(err);
        }
        const raw = Buffer.concat(chunks);
        try {
          for (const rcpt of session.envelope.rcptTo) mailboxes.file(rcpt.address, 'inbox', raw);
          callback();
        } catch (err) {
          const e = new Error(`4.3.0 could not file the message: ${(err as Error).message}`) as Error & {
            responseCode: number;
          };
          e.responseCode = 451;
          callback(e);
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
