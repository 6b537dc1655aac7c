// Utilities, Logger, Session and LockService.
import { describe, expect, it } from 'vitest';
import { createLockService } from '../../src/emulator/lock';
import { createLogger, type LogLine } from '../../src/emulator/logger';
import { hostRealm } from '../../src/emulator/realm';
import { createSession } from '../../src/emulator/session';
import { createUtilities } from '../../src/emulator/utilities';

function utilities() {
  const sleeps: number[] = [];
  return { U: createUtilities({ realm: hostRealm, onSleep: (ms) => sleeps.push(ms) }), sleeps };
}

describe('Utilities', () => {
  it('sleep returns at once and is recorded', () => {
    const { U, sleeps } = utilities();
    U.sleep(1500);
    U.sleep(0);
    expect(sleeps).toEqual([1500, 0]);
    expect(() => U.sleep(300_001)).toThrow(/at most 300000/);
  });

  it('base64 of strings (UTF-8) and of signed byte arrays; web-safe keeps the padding', () => {
    const { U } = utilities();
    expect(U.base64Encode('café')).toBe('Y2Fmw6k=');
    expect(U.base64Decode('Y2Fmw6k=')).toEqual([99, 97, 102, -61, -87]);
    expect(U.base64Encode([99, 97, 102, -61, -87])).toBe('Y2Fmw6k=');
    expect(U.base64EncodeWebSafe([-5, -1])).toBe('-_8=');
    expect(U.base64DecodeWebSafe('-_8=')).toEqual([-5, -1]);
    expect(U.base64Encode('é', U.Charset.US_ASCII)).toBe('6Q==');
  });

  it('computeDigest and HMACs give Java signed bytes', () => {
    const { U } = utilities();
    const hex = (bytes: number[]) => bytes.map((b) => ((b + 256) % 256).toString(16).padStart(2, '0')).join('');
    const digest = U.computeDigest(U.DigestAlgorithm.SHA_256, 'abc');
    expect(hex(digest)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(digest[0]).toBe(-70);
    expect(hex(U.computeDigest(U.DigestAlgorithm.MD5, ''))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(hex(U.computeHmacSha256Signature('message', 'key'))).toBe(
      '6e9ef29b75fffc5b7abae527d58fdadb2fe42e7219011976917343065f58ed4a',
    );
    expect(U.computeHmacSignature(U.MacAlgorithm.HMAC_SHA_256, 'message', 'key')).toEqual(
      U.computeHmacSha256Signature('message', 'key'),
    );
  });

  it('newBlob holds bytes, type and name', () => {
    const { U } = utilities();
    const blob = U.newBlob('hello', 'text/plain', 'hello.txt');
    expect([blob.getDataAsString(), blob.getContentType(), blob.getName(), blob.getBytes().length]).toEqual([
      'hello',
      'text/plain',
      'hello.txt',
      5,
    ]);
    expect(U.newBlob([104, 105]).getDataAsString()).toBe('hi');
  });

  it('formatDate renders SimpleDateFormat patterns in a time zone', () => {
    const { U } = utilities();
    const d = new Date(Date.UTC(2024, 0, 5, 13, 7, 9, 45));
    expect(U.formatDate(d, 'UTC', "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")).toBe('2024-01-05T13:07:09.045Z');
    expect(U.formatDate(d, 'Europe/Paris', 'EEE d MMM yyyy, HH:mm Z')).toBe('Fri 5 Jan 2024, 14:07 +0100');
    expect(U.formatDate(d, 'America/New_York', 'MMMM d, h:mm a XXX')).toBe('January 5, 8:07 AM -05:00');
    expect(U.formatDate(d, 'GMT+2', 'HH:mm')).toBe('15:07');
    expect(() => U.formatDate(d, 'Mars/Olympus', 'HH')).toThrow(/Invalid argument: timeZone/);
  });

  it('formatString and getUuid', () => {
    const { U } = utilities();
    expect(U.formatString('%s opened %d times (%.1f%%)', 'Ada', 3.7, 12.345)).toBe('Ada opened 3 times (12.3%)');
    expect(U.getUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('Logger', () => {
  it('collects lines, with %s placeholders, and can be cleared', () => {
    const lines: LogLine[] = [];
    const logger = createLogger((l) => lines.push(l));
    logger.log('hello').log('%s opened %s', 'Ada', 2).log({ a: 1 });
    expect(logger.getLog()).toBe('hello\nAda opened 2\n{"a":1}');
    expect(lines.map((l) => l.message)).toEqual(['hello', 'Ada opened 2', '{"a":1}']);
    logger.clear();
    expect(logger.getLog()).toBe('');
  });
});

describe('Session', () => {
  it('the active and effective user is the Gmail user; locale and script time zone', () => {
    const s = createSession({ user: 'ada@acme.test', locale: 'fr-FR', scriptTimeZone: 'Europe/Paris' });
    expect([
      s.getActiveUser().getEmail(),
      s.getEffectiveUser().getEmail(),
      s.getActiveUserLocale(),
      s.getScriptTimeZone(),
    ]).toEqual(['ada@acme.test', 'ada@acme.test', 'fr_FR', 'Europe/Paris']);
  });

  it('without the userinfo.email scope the address is hidden, as in Apps Script', () => {
    const s = createSession({ user: 'ada@acme.test', locale: 'en', scriptTimeZone: 'Etc/UTC', scopes: ['openid'] });
    expect(s.getActiveUser().getEmail()).toBe('');
  });
});

describe('LockService', () => {
  it('a lock is held until released; another lock on the same resource cannot take it meanwhile', () => {
    const L = createLockService({ realm: hostRealm, user: 'ada@acme.test' });
    const first = L.getScriptLock();
    const second = L.getScriptLock();
    expect(first.tryLock(1000)).toBe(true);
    expect(first.hasLock()).toBe(true);
    expect(second.tryLock(1000)).toBe(false);
    expect(() => second.waitLock(1000)).toThrow('Lock timeout: another process was holding the lock for too long.');
    expect(L.getUserLock().tryLock(0)).toBe(true);
    first.releaseLock();
    expect(first.hasLock()).toBe(false);
    second.waitLock(1000);
    expect(second.hasLock()).toBe(true);
    expect(L.getDocumentLock()).toBeNull();
  });
});
