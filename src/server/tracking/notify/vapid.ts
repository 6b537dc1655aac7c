import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import webpush from 'web-push';

/** The server's VAPID key pair (RFC 8292), base64url like the browser's `applicationServerKey` wants it. */
export type VapidKeys = { publicKey: string; privateKey: string };

const PUBLIC = /^[A-Za-z0-9_-]{87}$/; // 65-byte uncompressed P-256 point
const PRIVATE = /^[A-Za-z0-9_-]{43}$/; // 32-byte scalar

/**
 * Reads the key pair, or makes one on first start. Browsers bind each subscription to the public key, so the
 * file must outlive upgrades: it lives in the data directory, readable by the server's user only. Created with
 * a hard link from a finished temporary file, so a second instance starting at the same moment reads the first
 * one's keys instead of overwriting them.
 */
export function loadOrCreateVapidKeys(file: string): VapidKeys {
  const existing = readKeys(file);
  if (existing) return existing;
  mkdirSync(dirname(file), { recursive: true });
  const keys = webpush.generateVAPIDKeys();
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ ...keys, createdAt: new Date().toISOString() }, null, 2)}\n`, {
    mode: 0o600,
  });
  try {
    linkSync(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(temp);
  }
  return readKeys(file)!;
}

function readKeys(file: string): VapidKeys | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let parsed: Partial<VapidKeys> = {};
  try {
    parsed = JSON.parse(text) as Partial<VapidKeys>;
  } catch {
    // reported below
  }
  if (
    typeof parsed.publicKey !== 'string' ||
    !PUBLIC.test(parsed.publicKey) ||
    typeof parsed.privateKey !== 'string' ||
    !PRIVATE.test(parsed.privateKey)
  ) {
    throw new Error(
      `${file} is not a VAPID key file ({"publicKey","privateKey"} in base64url). Restore it from a backup; deleting it makes new keys, and every browser must then subscribe to notifications again.`,
    );
  }
  return { publicKey: parsed.publicKey, privateKey: parsed.privateKey };
}
