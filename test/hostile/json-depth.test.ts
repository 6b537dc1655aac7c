// Finding 1 of the hardening issue, its last part: a signed-in add-on user stalled the server for seconds with 10 MB
// of nesting on /addon/v1/viewing (the add-on's routes take up to 64 MiB). A body nesting deeper than MAX_JSON_DEPTH is
// refused with its own 400 before JSON.parse runs; a body at the limit, and brackets inside strings, parse as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../src/emulator';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../src/server/http/json-depth';
import { PIXEL_GIF } from '../../src/server/http/tracking/pixel';
import { createTestAccount } from '../helpers/accounts';
import { startServer, type InProcessServer } from '../helpers/server';
import { wholeState } from './db-state';

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('JSON nesting depth', () => {
  let server: InProcessServer;

  beforeAll(async () => {
    server = await startServer();
    await createTestAccount(server.store, { users: [{ email: 'sam@acme.test', name: 'Sam' }] });
  });
  afterAll(() => server?.close());

  const viewing = (body: string) =>
    fetch(`${server.url}/addon/v1/viewing`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${signIdentityToken({ email: 'sam@acme.test', now: Date.now(), withEmail: true })}`,
      },
      body,
    });

  it('refuses 10 MB of nesting from a signed-in user with a depth error and writes nothing; a pixel fetched meanwhile gets its GIF', async () => {
    const before = await wholeState(server.store, server.config.dataDir);
    const attack = `{"threadId":"t","messageIds":${nested(5_000_000)}}`;
    const [refused, pixel] = await Promise.all([
      viewing(attack),
      fetch(`${server.url}/t/o/no-such-token.gif`).then(async (r) => Buffer.from(await r.arrayBuffer())),
    ]);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      status: 'error',
      category: 'VALIDATION_ERROR',
      message: expect.stringContaining(`deeper than ${MAX_JSON_DEPTH} levels`),
    });
    expect(pixel.equals(PIXEL_GIF)).toBe(true);
    expect(await wholeState(server.store, server.config.dataDir)).toBe(before);
  });

  it('parses a body nested exactly to the limit (the schema then says what is wrong), and counts no bracket inside a string', async () => {
    const atLimit = await viewing(`{"threadId":"t","messageIds":${nested(MAX_JSON_DEPTH - 1)}}`);
    expect(atLimit.status).toBe(400);
    expect((await atLimit.json()).message).toMatch(/^Invalid request body: messageIds/);

    const bracketsInText = await viewing(
      JSON.stringify({ threadId: `t${'['.repeat(150)}\\"{{`, messageIds: [`<${'{'.repeat(900)}@x.test>`] }),
    );
    expect(bracketsInText.status).toBe(204);
  });

  it('tells a deep body from a shallow one in any text, escaped quotes included', () => {
    expect(nestsDeeperThan(nested(3), 3)).toBe(false);
    expect(nestsDeeperThan(nested(4), 3)).toBe(true);
    expect(nestsDeeperThan(`["\\"[[[[", {"a\\\\": [[]]}]`, 4)).toBe(false);
    expect(nestsDeeperThan(`["\\\\", [[[]]]]`, 3)).toBe(true);
    expect(nestsDeeperThan(`["\\"[[[[", {"a\\\\": [[[]]]}]`, 4)).toBe(true);
  });
});
