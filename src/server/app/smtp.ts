import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Service, ServiceContext } from './services';
import { BccInbox } from '../smtp/inbox';
import { startSmtpListener, type SmtpListener } from '../smtp/listener';

/** The BCC listener as one of `mailtrail serve`'s services: started after HTTP listens, stopped before the store closes. */
export function bccListener({ app, config, store, logger, smtpListening }: ServiceContext): Service {
  let listener: SmtpListener | undefined;
  return {
    name: 'smtp',
    async start() {
      const tls = config.smtpTls && {
        key: await readFile(config.smtpTls.keyFile).catch((err: Error) => {
          throw new Error(`cannot read --smtp-tls-key ${config.smtpTls!.keyFile}: ${err.message}`);
        }),
        cert: await readFile(config.smtpTls.certFile).catch((err: Error) => {
          throw new Error(`cannot read --smtp-tls-cert ${config.smtpTls!.certFile}: ${err.message}`);
        }),
      };
      const inbox = new BccInbox(store, app.mailtrail.attachments, undefined, (accountId, userId, emailId) =>
        app.activity.logged(accountId, userId, [emailId]),
      );
      listener = await startSmtpListener({
        port: config.smtpPort,
        host: config.smtpHost ?? config.host,
        name: config.publicUrl ? new URL(config.publicUrl).hostname : undefined,
        spoolDir: join(config.dataDir, 'tmp', 'smtp'),
        tls,
        limits: config.smtpLimits,
        resolveRecipient: inbox.resolveRecipient,
        onMessage: inbox.deliver,
        logger: logger.child({ component: 'smtp' }),
      });
      smtpListening(listener.port);
    },
    async stop() {
      await listener?.close();
    },
  };
}
