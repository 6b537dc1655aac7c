import { createECDH, createDecipheriv, type ECDH, hkdfSync, randomBytes } from 'node:crypto';
import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importJWK, jwtVerify } from 'jose';
import type { PushSubscription } from '../../src/server/tracking/notify/web-push';

// A stand-in for a browser's push service and the browser behind it: it hands out a subscription (a P-256 key
// pair and an auth secret, as PushManager.subscribe does), receives pushes over real HTTP, checks the VAPID
// signature, and decrypts the payload as the browser would (RFC 8291 on RFC 8188 aes128gcm).

export type ReceivedPush = {
  headers: IncomingHttpHeaders;
  body: Buffer;
  plaintext: string;
  vapid: { subject: string; audience: string };
};

function hkdf(ikm: Buffer, salt: Buffer, info: Buffer, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, length));
}

/** RFC 8291 §3.4 key derivation, then RFC 8188 record decryption. */
export function decryptAes128gcm(body: Buffer, receiver: ECDH, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20];
  const senderPublic = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  if (idLength !== 65)
    throw new Error(`keyid is ${idLength} bytes; RFC 8291 puts the sender's 65-byte public key there`);

  const ecdhSecret = receiver.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), receiver.getPublicKey(), senderPublic]);
  const ikm = hkdf(ecdhSecret, authSecret, keyInfo, 32);
  const cek = hkdf(ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const baseNonce = hkdf(ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12);

  const plain: Buffer[] = [];
  for (let offset = 0, seq = 0; offset < ciphertext.length; offset += recordSize, seq++) {
    const record = ciphertext.subarray(offset, offset + recordSize);
    const nonce = Buffer.from(baseNonce);
    // The record sequence number is XORed into the nonce's low end (RFC 8188 §2.3); 32 bits are plenty here.
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ seq) >>> 0, 8);
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end--;
    const last = offset + recordSize >= ciphertext.length;
    if (padded[end] !== (last ? 2 : 1)) throw new Error(`record ${seq} has no ${last ? 'last' : ''} record delimiter`);
    plain.push(padded.subarray(0, end));
  }
  return Buffer.concat(plain);
}

async function verifyVapid(authorization: string | undefined): Promise<{ subject: string; audience: string }> {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!m) throw new Error(`no VAPID Authorization header: ${authorization}`);
  const point = Buffer.from(m[2], 'base64url');
  const key = await importJWK(
    {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    'ES256',
  );
  const { payload } = await jwtVerify(m[1], key, { algorithms: ['ES256'] });
  return { subject: String(payload.sub), audience: String(payload.aud) };
}

export type PushReceiver = {
  subscription: PushSubscription;
  received: ReceivedPush[];
  /** The next push that arrives (or the first not yet taken). */
  next(): Promise<ReceivedPush>;
  /** The status the "push service" answers with from now on (201 by default). */
  answer(status: number): void;
  close(): Promise<void>;
};

export async function startPushReceiver(): Promise<PushReceiver> {
  const receiver = createECDH('prime256v1');
  receiver.generateKeys();
  const authSecret = randomBytes(16);
  const received: ReceivedPush[] = [];
  const waiting: ((p: ReceivedPush) => void)[] = [];
  let taken = 0;
  let status = 201;

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (status !== 201) {
      res.writeHead(status).end('push service says no');
      return;
    }
    try {
      const body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] !== 'aes128gcm')
        throw new Error(`Content-Encoding ${req.headers['content-encoding']}`);
      const push = {
        headers: req.headers,
        body,
        vapid: await verifyVapid(req.headers.authorization),
        plaintext: decryptAes128gcm(body, receiver, authSecret).toString('utf8'),
      };
      received.push(push);
      res.writeHead(201, { location: `/message/${received.length}` }).end();
      while (waiting.length && taken < received.length) waiting.shift()!(received[taken++]);
    } catch (err) {
      res.writeHead(400).end((err as Error).message);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    subscription: {
      endpoint: `http://127.0.0.1:${port}/push/${randomBytes(8).toString('hex')}`,
      keys: { p256dh: receiver.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') },
    },
    received,
    next: () =>
      new Promise((resolve) => (taken < received.length ? resolve(received[taken++]) : waiting.push(resolve))),
    answer: (s) => {
      status = s;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
