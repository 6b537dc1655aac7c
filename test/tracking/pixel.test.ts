import { describe, expect, it } from 'vitest';
import { IntentToken } from '../../src/contract/addon';
import { PIXEL_GIF, PIXEL_HEADERS } from '../../src/server/http/tracking/pixel';
import { newToken } from '../../src/server/core/tokens';
import { isWellFormedToken, pixelTokenOf } from '../../src/contract/tracking-urls';

describe('the pixel', () => {
  it('is a 43-byte, 1×1, transparent GIF89a', () => {
    expect(PIXEL_GIF.length).toBe(43);
    expect(PIXEL_GIF.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect(PIXEL_GIF.readUInt16LE(6)).toBe(1);
    expect(PIXEL_GIF.readUInt16LE(8)).toBe(1);
    const gce = PIXEL_GIF.indexOf(Buffer.from([0x21, 0xf9, 0x04]));
    expect(gce).toBeGreaterThan(0);
    expect(PIXEL_GIF[gce + 3] & 1).toBe(1);
    expect(PIXEL_GIF[PIXEL_GIF.length - 1]).toBe(0x3b);
  });

  it('is never cached', () => {
    expect(PIXEL_HEADERS).toMatchObject({
      'content-type': 'image/gif',
      'content-length': '43',
      'cache-control': 'no-cache, no-store, must-revalidate, private, max-age=0',
    });
  });
});

describe('tokens', () => {
  it('carry 144 random bits in 24 URL-safe characters, and the contract accepts them', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newToken));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(isWellFormedToken(t)).toBe(true);
      expect(IntentToken.safeParse(t).success).toBe(true);
    }
  });

  it.each([
    ['', false],
    ['short', false],
    ['a'.repeat(21), false],
    ['a'.repeat(65), false],
    ["abc'; DROP TABLE events;--aaaaaaaaaaa", false],
    ['aaaaaaaaaaaaaaaaaaaaaa/../x', false],
    ['aaaaaaaaaaaaaaaaaaaaaa%00', false],
  ])('refuses %j', (value, ok) => {
    expect(isWellFormedToken(value)).toBe(ok);
    expect(IntentToken.safeParse(value).success).toBe(ok);
  });

  it('reads the token of a pixel path segment', () => {
    const t = newToken();
    expect(pixelTokenOf(`${t}.gif`)).toBe(t);
    expect(pixelTokenOf(t)).toBeNull();
    expect(pixelTokenOf(`${t}.png`)).toBeNull();
    expect(pixelTokenOf(`${'a'.repeat(10_000)}.gif`)).toBeNull();
  });
});
