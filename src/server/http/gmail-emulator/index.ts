import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store';
import { AddonHost } from './addon-host';
import { Mailboxes } from './mailboxes';
import { startMx } from './mx';
import { gmailRoutes } from './routes';

export { Mailboxes } from './mailboxes';
export { seedDemoMailboxes } from './seed';

export type GmailEmulatorOptions = {
  store: Store;
  dataDir: string;
  /** Where the add-on calls the backend (the server's own URL). */
  backendUrl: () => string;
  /** The built add-on. */
  bundlePath: string;
  /** The backend's SMTP listener, where the logging Bcc goes. */
  backendSmtp: { host: string; port: () => number };
  /** The emulated Gmail's own MX port; 0 picks a free one. */
  mxPort: number;
};

/** D3: demo mailboxes, their MX, sending over SMTP, and the real add-on in a worker, for the Gmail page. */
export class GmailEmulator {
  readonly mailboxes: Mailboxes;
  private mx: { port: number; close: () => Promise<void> } | undefined;
  private addon: AddonHost | undefined;

  constructor(private readonly opts: GmailEmulatorOptions) {
    this.mailboxes = new Mailboxes(join(opts.dataDir, 'gmail'));
  }

  async start(): Promise<void> {
    this.mx = await startMx(this.mailboxes, { host: '127.0.0.1', port: this.opts.mxPort });
  }

  /** The route group, registered under /web/v1 once the server knows its URL. */
  routes = async (app: FastifyInstance) => {
    const { opts } = this;
    this.addon = new AddonHost(() => ({
      backendUrl: opts.backendUrl(),
      bundlePath: opts.bundlePath,
      stateDir: join(opts.dataDir, 'gmail', '.addon-state'),
      mailboxRoot: join(opts.dataDir, 'gmail'),
    }));
    await app.register(gmailRoutes, {
      mailboxes: this.mailboxes,
      addon: this.addon,
      addonInstalled: async (address) => (await opts.store.identity.usersByAddress(address)).length > 0,
      routes: {
        mx: () => ({ host: '127.0.0.1', port: this.mxPort }),
        backend: () => ({ host: opts.backendSmtp.host, port: opts.backendSmtp.port() }),
        backendDomains: async () => new Set((await opts.store.accounts.list()).map((a) => a.bccDomain.toLowerCase())),
      },
    });
  };

  get mxPort(): number {
    if (!this.mx) throw new Error('the emulated Gmail MX is not started');
    return this.mx.port;
  }

  async close(): Promise<void> {
    await this.addon?.close();
    await this.mx?.close();
  }
}
