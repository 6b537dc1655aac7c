// STARTTLS on the BCC listener (`--smtp-tls-key`, `--smtp-tls-cert`): Gmail delivers over TLS whenever the MX
// offers it. End to end: a certificate made here, the real server, a client that insists on TLS and checks the
// certificate, and the copy logged.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../src/emulator';
import { parseServeArgs } from '../../src/server/core/serve-options';
import { createTestAccount } from '../helpers/accounts';
import { tempDir } from '../helpers/databases';
import { client } from '../helpers/http';
import { intentRequest } from '../helpers/intents';
import { startServer, type InProcessServer } from '../helpers/server';
import { send } from './harness';

describe('STARTTLS on the BCC listener', () => {
  const certs = tempDir('mailtrail-tls-');
  const keyFile = join(certs.path, 'mx.key');
  const certFile = join(certs.path, 'mx.crt');
  let withTls: InProcessServer;
  let withoutTls: InProcessServer;
  let cert: Buffer;

  beforeAll(async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=mx.acme.test',
        '-addext',
        'subjectAltName=DNS:mx.acme.test',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(certFile);
    const { smtpTls } = parseServeArgs(['--smtp-tls-key', keyFile, '--smtp-tls-cert', certFile], {});
    withTls = await startServer({ config: { smtpTls } });
    withoutTls = await startServer();
    for (const server of [withTls, withoutTls])
      await createTestAccount(server.store, { users: [{ email: 'sam@acme.test', name: 'Sam' }] });
  });
  afterAll(async () => {
    await withTls?.close();
    await withoutTls?.close();
    certs.remove();
  });

  const copy = async (server: InProcessServer, messageId: string) => {
    const addon = client(server.url, signIdentityToken({ email: 'sam@acme.test', now: Date.now(), withEmail: true }));
    const intent = await addon.post('/addon/v1/compose/intents', intentRequest());
    return {
      from: 'Sam <sam@acme.test>',
      to: 'grace@engines.example',
      subject: 'Over TLS',
      text: 'hello',
      messageId,
      envelope: { from: 'sam@acme.test', to: [intent.body.bccAddress as string] },
    };
  };
  const requiringTls = () => ({ ignoreTLS: false, requireTLS: true, tls: { ca: [cert], servername: 'mx.acme.test' } });

  it('logs a copy delivered by a client that requires TLS and verifies the certificate', async () => {
    const result = await send(withTls.smtpPort, await copy(withTls, '<tls-1@acme.test>'), requiringTls());
    expect(result.ok, result.response).toBe(true);
    expect(result.response).toMatch(/^250 2\.6\.0 Logged as email \d+$/);
  });

  it('fails the TLS handshake for a client that does not trust the certificate, and logs nothing', async () => {
    const result = await send(withTls.smtpPort, await copy(withTls, '<tls-2@acme.test>'), {
      ...requiringTls(),
      tls: { servername: 'mx.acme.test' },
    });
    expect(result.ok).toBe(false);
    expect(result.response).toMatch(/self[- ]signed certificate/i);
  });

  it('offers no STARTTLS without the two files, so a client that requires TLS is refused before DATA', async () => {
    const result = await send(withoutTls.smtpPort, await copy(withoutTls, '<tls-3@acme.test>'), requiringTls());
    expect(result).toMatchObject({ ok: false, code: 'ETLS' });
  });
});
