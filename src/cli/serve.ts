import { checkServeConfig } from '../server/core/config';
import { parseServeArgs, SERVE_USAGE } from '../server/core/serve-options';
import { describeTarget } from '../server/store';
import { startServer } from '../server/app/server';
import { explainListenError } from './ports';

/** `mailtrail serve`: runs until SIGINT or SIGTERM, then shuts down in order. */
export const usage = SERVE_USAGE;

export async function run(args: string[]): Promise<number> {
  const config = parseServeArgs(args);
  checkServeConfig(config);
  const server = await startServer(config).catch((err: unknown) => {
    throw explainListenError(err, config);
  });
  server.app.log.info(
    { url: server.url, publicUrl: server.app.mailtrail.publicUrl(), db: describeTarget(config.db), dev: config.dev },
    'mailtrail listening',
  );
  // The handlers are in place before the ready line goes out: whoever reads it may signal at once.
  const stopped = new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        process.stderr.write(`mailtrail: ${signal} again, exiting now\n`);
        process.exit(1);
      }
      stopping = true;
      server.app.log.info({ signal }, 'shutting down');
      server.close().then(resolve, (err: unknown) => {
        server.app.log.error({ err }, 'shutdown failed');
        resolve();
      });
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
  // The plain line is for people and for tests that start the server and need its port.
  process.stdout.write(`mailtrail listening on ${server.url}\n`);
  if (config.dev)
    process.stderr.write(
      "mailtrail: --dev: ID tokens signed by the emulator's public key are trusted. Never use --dev in production.\n",
    );

  await stopped;
  return 0;
}
