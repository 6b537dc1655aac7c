import { readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../src/server/core/attachments';
import { DeliveryRefused } from '../../src/server/core/transient';
import { BCC_DOMAIN, send, sendRaw, startTestListener, type TestListener } from './harness';

const BCC = `log+tok1@${BCC_DOMAIN}`;
const open: TestListener[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});
async function listener(...args: Parameters<typeof startTestListener>): Promise<TestListener> {
  const l = await startTestListener(...args);
  open.push(l);
  return l;
}

function mail(messageId: string, extra: Record<string, unknown> = {}) {
  return {
    from: 'Ada Lovelace <ada@sales.example>',
    to: 'Grace Hopper <grace@customer.example>',
    bcc: BCC,
    subject: 'Proposal',
    text: 'Hello Grace',
    html: '<p>Hello Grace</p>',
    messageId,
    ...extra,
  };
}

describe('RCPT: only logging addresses of a known intent', () => {
  it('refuses an address that is not a logging address with a 550 that says why', async () => {
    const l = await listener();
    const result = await send(l.port, mail('<a1@sales.example>', { bcc: undefined, to: 'someone@elsewhere.example' }));
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ responseCode: 550 });
    expect(result.response).toMatch(/^550 5\.1\.1 someone@elsewhere\.example is not a mailtrail logging address/);
    expect(l.deliveries).toHaveLength(0);
  });

  it('refuses an unknown token but takes the message for the known one beside it', async () => {
    const l = await listener();
    const result = await send(l.port, {
      ...mail('<a2@sales.example>'),
      envelope: { from: 'ada@sales.example', to: [`log+nope@${BCC_DOMAIN}`, BCC] },
    });
    expect(result).toMatchObject({ ok: true, accepted: [BCC], rejected: [`log+nope@${BCC_DOMAIN}`] });
    expect(l.deliveries).toHaveLength(1);
    expect(l.deliveries[0].recipients).toEqual([{ address: BCC, accountId: 1, kind: 'intent', secret: 'tok1' }]);
  });

  it('answers 451 at RCPT when the recipient cannot be checked (database down)', async () => {
    const l = await listener({
      resolveRecipient: () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      },
    });
    const result = await send(l.port, mail('<a3@sales.example>'));
    expect(result).toMatchObject({ ok: false, responseCode: 451 });
    expect(result.response).toMatch(
      /451 4\.3\.0 Cannot check this address right now \(the database is unavailable\); try again later/,
    );
  });

  it('does not offer AUTH (it is an MX) and delivers without logging in', async () => {
    const l = await listener();
    const result = await send(l.port, mail('<a4@sales.example>'), { auth: undefined });
    expect(result.ok).toBe(true);
  });
});

describe('DATA: 250 only once the message is committed', () => {
  it('holds the reply until onMessage has committed, then answers 250 with its text', async () => {
    const l = await listener();
    let enter!: () => void;
    const entered = new Promise<void>((resolve) => (enter = resolve));
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    const log: string[] = [];
    l.onMessage(async (delivery) => {
      enter();
      await committed;
      log.push(delivery.email.messageId);
      return `Logged as email 42`;
    });
    let replied = false;
    const sending = send(l.port, mail('<b1@sales.example>')).finally(() => (replied = true));
    await entered;
    expect(replied).toBe(false);
    commit();
    const result = await sending;
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.response).toBe('250 2.6.0 Logged as email 42');
    expect(log).toEqual(['<b1@sales.example>']);
  });

  it('gives onMessage the parsed email and its envelope', async () => {
    const l = await listener();
    const result = await send(
      l.port,
      mail('<b2@sales.example>', {
        cc: ['"Bob" <Bob@Customer.example>'],
        inReplyTo: '<b0@customer.example>',
        references: ['<root@sales.example>', '<b0@customer.example>'],
        date: new Date('2026-03-03T09:15:00Z'),
      }),
    );
    expect(result.ok).toBe(true);
    const [{ email, envelopeFrom, recipients, size }] = l.deliveries;
    expect(envelopeFrom).toBe('ada@sales.example');
    expect(recipients.map((r) => r.secret)).toEqual(['tok1']);
    expect(size).toBeGreaterThan(0);
    expect(email).toMatchObject({
      messageId: '<b2@sales.example>',
      inReplyTo: '<b0@customer.example>',
      references: ['<root@sales.example>', '<b0@customer.example>'],
      date: new Date('2026-03-03T09:15:00Z'),
      subject: 'Proposal',
      from: { address: 'ada@sales.example', name: 'Ada Lovelace' },
      to: [{ address: 'grace@customer.example', name: 'Grace Hopper' }],
      cc: [{ address: 'bob@customer.example', name: 'Bob' }],
      text: 'Hello Grace',
      html: '<p>Hello Grace</p>',
    });
    expect(email.headers.find((h) => h.name === 'Subject')?.value).toBe('Proposal');
  });

  it('answers 451 when the database is down, and the retry is taken once it is back', async () => {
    const l = await listener();
    let databaseUp = false;
    l.onMessage(async (delivery) => {
      if (!databaseUp) throw Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' });
      l.deliveries.push(delivery);
    });
    const first = await send(l.port, mail('<c1@sales.example>'));
    expect(first).toMatchObject({ ok: false, responseCode: 451 });
    expect(first.response).toBe(
      '451 4.3.0 Cannot log this email right now (the database is unavailable); try again later',
    );
    databaseUp = true;
    const retry = await send(l.port, mail('<c1@sales.example>'));
    expect(retry.ok).toBe(true);
    expect(l.deliveries.map((d) => d.email.messageId)).toEqual(['<c1@sales.example>']);
  });

  it('answers 451, not 5xx, to an error nobody foresaw, so the sender keeps the email and retries', async () => {
    const l = await listener();
    l.onMessage(async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'id')");
    });
    const result = await send(l.port, mail('<c2@sales.example>'));
    expect(result).toMatchObject({ ok: false, responseCode: 451 });
    expect(result.response).toMatch(/unexpected error, reported to the operator\); try again later$/);
  });

  it('passes a permanent refusal on with its reason', async () => {
    const l = await listener();
    l.onMessage(async () => {
      throw new DeliveryRefused('The intent behind this address was cancelled; nothing was logged', 550);
    });
    const result = await send(l.port, mail('<c3@sales.example>'));
    expect(result).toMatchObject({ ok: false, responseCode: 550 });
    expect(result.response).toMatch(/intent behind this address was cancelled/);
  });

  it('refuses a message without a Message-ID with a 554 that says why', async () => {
    const l = await listener();
    const raw = 'From: ada@sales.example\r\nTo: grace@customer.example\r\nSubject: hi\r\n\r\nbody\r\n';
    const result = await sendRaw(l.port, raw);
    expect(result).toMatchObject({ ok: false, responseCode: 554 });
    expect(result.response).toMatch(/no Message-ID header; mailtrail needs one to log each email exactly once/);
    expect(l.deliveries).toHaveLength(0);
  });

  it('refuses a message over the size limit with 552 and still serves the next one', async () => {
    const l = await listener({ maxMessageBytes: 100_000 });
    const big = await send(l.port, mail('<d1@sales.example>', { text: 'x'.repeat(300_000) }));
    expect(big).toMatchObject({ ok: false, responseCode: 552 });
    const small = await send(l.port, mail('<d2@sales.example>'));
    expect(small.ok).toBe(true);
    expect(l.deliveries.map((d) => d.email.messageId)).toEqual(['<d2@sales.example>']);
  });

  it('cleans its spool once a delivery is answered', async () => {
    const l = await listener();
    await send(l.port, mail('<d3@sales.example>', { attachments: [{ filename: 'a.txt', content: 'abc' }] }));
    l.onMessage(async () => {
      throw new Error('boom');
    });
    await send(l.port, mail('<d4@sales.example>', { attachments: [{ filename: 'a.txt', content: 'abc' }] }));
    const { readdir } = await import('node:fs/promises');
    const left = await readdir(join(l.dataDir, 'tmp', 'smtp'), { recursive: true });
    // Only this listener's own (empty) spool folder remains.
    expect(left).toHaveLength(1);
  });
});

describe('attachments', () => {
  it('keeps a small attachment and leaves a 51 MB one out with the reason', async () => {
    const l = await listener();
    const store = new AttachmentStore(join(l.dataDir, 'attachments'));
    const stored: string[] = [];
    l.onMessage(async (delivery) => {
      for (const a of delivery.email.attachments) {
        if (a.file) {
          await store.putFile(a.file, a.sha256);
          stored.push(a.sha256);
        }
      }
      l.deliveries.push(delivery);
    });
    const small = Buffer.from('quote for Grace\n');
    const big = Buffer.alloc(51_000_000, 0x41);
    const result = await send(
      l.port,
      mail('<e1@sales.example>', {
        attachments: [
          { filename: 'quote.txt', content: small },
          { filename: 'video.bin', content: big, contentType: 'application/octet-stream' },
        ],
      }),
    );
    expect(result.ok).toBe(true);
    const attachments = l.deliveries[0].email.attachments;
    const smallSha = createHash('sha256').update(small).digest('hex');
    expect(attachments).toEqual([
      expect.objectContaining({ filename: 'quote.txt', size: small.length, sha256: smallSha, leftOut: null }),
      expect.objectContaining({
        filename: 'video.bin',
        size: 51_000_000,
        sha256: createHash('sha256').update(big).digest('hex'),
        file: null,
        leftOut: 'left out: 51 MB is over the 50 MB limit for stored attachments',
      }),
    ]);
    expect(stored).toEqual([smallSha]);
    expect(await readFile(store.pathOf(smallSha))).toEqual(small);
  });

  it('answers 451 while the attachment store is not writable, and stores the file on the retry', async () => {
    const l = await listener();
    const root = join(l.dataDir, 'attachments');
    const store = new AttachmentStore(root);
    l.onMessage(async (delivery) => {
      for (const a of delivery.email.attachments) if (a.file) await store.putFile(a.file, a.sha256);
      l.deliveries.push(delivery);
    });
    // A file where the store's directory should be: as broken as a full or read-only disk, and root cannot bypass it.
    await writeFile(root, 'not a directory');
    const message = mail('<e2@sales.example>', { attachments: [{ filename: 'notes.txt', content: 'meeting notes' }] });
    const first = await send(l.port, message);
    expect(first).toMatchObject({ ok: false, responseCode: 451 });
    expect(first.response).toMatch(/the attachment store is not writable\); try again later$/);

    await rm(root);
    const retry = await send(l.port, message);
    expect(retry.ok).toBe(true);
    const sha = createHash('sha256').update('meeting notes').digest('hex');
    expect(await readFile(store.pathOf(sha), 'utf8')).toBe('meeting notes');
  });
});

describe('STARTTLS', () => {
  it('is offered when a key and certificate are configured, and mail goes through encrypted', async () => {
    const [key, cert] = await Promise.all([
      readFile(new URL('./fixtures/tls-key.pem', import.meta.url)),
      readFile(new URL('./fixtures/tls-cert.pem', import.meta.url)),
    ]);
    const l = await listener({ tls: { key, cert } });
    const result = await send(l.port, mail('<f1@sales.example>'), {
      ignoreTLS: false,
      requireTLS: true,
      tls: { ca: cert },
    });
    expect(result.ok).toBe(true);
    expect(l.deliveries).toHaveLength(1);
  });

  it('is not offered without a certificate', async () => {
    const l = await listener();
    const result = await send(l.port, mail('<f2@sales.example>'), { ignoreTLS: false, requireTLS: true });
    expect(result.ok).toBe(false);
    expect(result.ok || result.code).toBe('ETLS');
    expect(l.deliveries).toHaveLength(0);
  });
});
