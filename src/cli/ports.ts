import { createServer } from 'node:net';
import type { ServerConfig } from '../server/core/config';

type Port = { port: number; host: string; what: string; option: string };

/** The ports a server with this config binds, each with the option that changes it (0 picks a free one: none). */
function portsOf(config: ServerConfig): Port[] {
  const ports: Port[] = [
    { port: config.port, host: config.host, what: 'HTTP', option: '--port' },
    {
      port: config.smtpPort,
      host: config.smtpHost ?? config.host,
      what: 'SMTP (the BCC listener)',
      option: '--smtp-port',
    },
  ];
  if (config.dev)
    ports.push({
      port: config.gmailMxPort,
      host: '127.0.0.1',
      what: "the emulated Gmail's SMTP",
      option: '--gmail-mx-port',
    });
  return ports.filter((p) => p.port !== 0);
}

function inUse(p: Port): string {
  return (
    `port ${p.port} (${p.what}) on ${p.host} is in use, by another mailtrail perhaps: stop it, or choose another ` +
    `port with ${p.option} N (npm start -- ${p.option} N)`
  );
}

function bindError(p: Port): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err));
    probe.listen({ port: p.port, host: p.host, exclusive: true }, () => probe.close(() => resolve(null)));
  });
}

/** Fails, naming the option to change, when a port the server needs is taken: before anything is written. */
export async function checkPortsFree(config: ServerConfig): Promise<void> {
  for (const p of portsOf(config)) {
    const err = await bindError(p);
    if (err?.code === 'EADDRINUSE') throw new Error(inUse(p));
    if (err) throw new Error(`cannot listen on ${p.host}:${p.port} (${p.what}): ${err.message}; see ${p.option}`);
  }
}

/** A failed listen said in words, with the option to change; anything else as it is. */
export function explainListenError(err: unknown, config: ServerConfig): unknown {
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (e?.code !== 'EADDRINUSE') return err;
  const p = portsOf(config).find((p) => p.port === e.port);
  return p ? new Error(inUse(p), { cause: err }) : err;
}
