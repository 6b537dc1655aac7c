// Dev mode trusts a signing key anyone can use and lets anyone pick a user. A web page can still reach a server on
// loopback through DNS rebinding (its own name resolving to 127.0.0.1): the browser then sends `Host: evil.test`
// with `Origin: http://evil.test`. Dev mode answers only to its own names, and only ever listens on loopback.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIXEL_GIF } from '../../src/server/http/tracking/pixel';
import { startServer as startRealServer } from '../../src/server/app/server';
import { defaultConfig } from '../../src/server/core/config';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { tempDir } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';
import { trackedEmail } from '../tracking/fixtures';

/** One request with the Host header a rebinding browser sends (fetch will not let a test set Host). */
function send(
  url: string,
  opts: { method?: string; path: string; host: string; origin?: string; body?: unknown },
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  const { port } = new URL(url);
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: {
          host: opts.host,
          ...(opts.origin && { origin: opts.origin }),
          ...(body && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('dev mode under DNS rebinding', () => {
  let server: InProcessServer;
  let account: TestAccount;
  let port: string;

  beforeAll(async () => {
    server = await startServer();
    account = await createTestAccount(server.store);
    port = new URL(server.url).port;
  });
  afterAll(() => server?.close());

  it('refuses dev sign-in and the user list to a page of another name, and signs in from its own', async () => {
    const evil = `evil.test:${port}`;
    const signIn = await send(server.url, {
      method: 'POST',
      path: '/web/v1/auth/dev',
      host: evil,
      origin: `http://${evil}`,
      body: { userId: String(account.admin.id) },
    });
    expect(signIn.status).toBe(403);
    expect(signIn.headers['set-cookie']).toBeUndefined();
    expect(JSON.parse(signIn.body.toString()).message).toMatch(/DNS rebinding/);

    const users = await send(server.url, { path: '/web/v1/auth/config', host: evil });
    expect(users.status).toBe(403);
    expect(users.body.toString()).not.toContain(account.admin.email);
    // Another name for this machine that is not one of the server's own is refused as well.
    expect((await send(server.url, { path: '/web/v1/auth/config', host: `127.0.0.1.nip.io:${port}` })).status).toBe(
      403,
    );

    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const own = await send(server.url, {
        method: 'POST',
        path: '/web/v1/auth/dev',
        host,
        origin: `http://${host}`,
        body: { userId: String(account.admin.id) },
      });
      expect(own.status, host).toBe(204);
      expect(String(own.headers['set-cookie'])).toMatch(/mailtrail_session=/);
    }
  });

  it('still answers the pixel with its GIF whatever the Host: tracking answers any visitor', async () => {
    const { intent } = await trackedEmail(server.store, account.accountId, {
      userId: account.admin.id,
      mode: 'identified',
      to: ['grace@client.test'],
    });
    const pixel = await send(server.url, { path: `/t/o/${intent.token}.gif`, host: `evil.test:${port}` });
    expect(pixel.status).toBe(200);
    expect(pixel.body.equals(PIXEL_GIF)).toBe(true);
  });
});

describe('dev mode listens on loopback only', () => {
  it('refuses to start dev mode on an address others can reach, whoever starts it', async () => {
    const dir = tempDir();
    try {
      for (const host of ['0.0.0.0', '::', '192.0.2.1']) {
        await expect(
          startRealServer(defaultConfig({ dev: true, host, port: 0, smtpPort: 0, dataDir: dir.path })),
        ).rejects.toThrow(/--dev .*loopback address only/);
      }
    } finally {
      dir.remove();
    }
  });
});
