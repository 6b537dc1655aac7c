// fast-check on the tracking tokens (R1): whatever follows /t/o/ — a real token, one a character off, random
// URL-safe text, junk, other extensions, query strings naming a URL — the pixel answers 200 with the 43-byte GIF and
// no-cache headers, and records an open only for a real token. Whatever follows /t/c/, the answer is a 302 to the
// URL registered for that link, or the plain 404 page: never a 5xx, never a redirect to anything a request carries.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIXEL_GIF } from '../../src/server/http/tracking/pixel';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';
import { trackedEmail, UA } from '../tracking/fixtures';
import { encodeSegment, nastyString } from './arbitraries';
import { sendRaw } from './send';

const LONG = process.env.MAILTRAIL_LONG_TESTS === '1';
const RUNS = LONG ? 2000 : 150;
const NO_CACHE = 'no-cache, no-store, must-revalidate, private, max-age=0';
const EVIL = 'https://evil.example/steal';

/** What the router hands the route for a path segment: percent-decoded, or nothing when it cannot be. */
function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Node refuses a request line and headers over 16 KiB in all, before any route: a clean 431, tested in caps.test.ts. */
const tooLong = (path: string) => path.length > 15 * 1024;

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('fuzzing the tracking tokens', db), () => {
    let server: InProcessServer;
    let drop: () => Promise<void>;
    let account: TestAccount;
    let pixelToken: string;
    let intentId: number;
    let linkToken: string;
    const targets = ['https://seller.test/pricing?a=1&b=2', 'http://seller.test/%7Euser/#section'];
    let linkTokens: string[];

    beforeAll(async () => {
      const fresh = await db.create();
      drop = fresh.drop;
      server = await startServer({ db: fresh.target, dataDir: fresh.dataDir });
      account = await createTestAccount(server.store);
      const { intent, links } = await trackedEmail(server.store, account.accountId, {
        userId: account.admin.id,
        mode: 'identified',
        to: ['grace@client.test'],
        links: targets,
      });
      pixelToken = intent.token;
      intentId = intent.id;
      linkTokens = links.map((l) => l.token);
      linkToken = linkTokens[0];
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    const events = async () =>
      Number(
        (
          await server.store.db
            .selectFrom('tracking_events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    /** A token-ish path segment: real, one character off, cut, extended, random URL-safe, or anything at all. */
    const segment = (real: () => string) =>
      fc.oneof(
        fc.constant(null).map(() => real()),
        fc.tuple(fc.nat(), fc.constantFrom(...'AZaz09_-.%/~'.split(''))).map(([at, ch]) => {
          const t = real();
          const i = at % t.length;
          return t.slice(0, i) + (t[i] === ch ? 'x' : ch) + t.slice(i + 1);
        }),
        fc.nat().map((n) => real().slice(0, n % real().length)),
        nastyString.map((junk) => real() + encodeSegment(junk)),
        fc.stringMatching(/^[A-Za-z0-9_-]{0,100}$/),
        nastyString.map(encodeSegment),
      );
    const query = fc.oneof(
      fc.constant(''),
      fc.constantFrom(
        `?url=${encodeURIComponent(EVIL)}`,
        `?redirect=${encodeURIComponent(EVIL)}`,
        `?next=//evil.example`,
        '?u=javascript:alert(1)',
        '?%00',
        '?a=%zz',
      ),
      fc.webQueryParameters().map((q) => `?${q}`),
    );

    it(
      'the pixel always answers its GIF, and records an open only for the real token',
      async () => {
        await fc.assert(
          fc.asyncProperty(
            segment(() => pixelToken),
            fc.constantFrom('.gif', '', '.png', '.GIF', '.gif.gif', '%2Egif'),
            query,
            fc.constantFrom('GET', 'HEAD'),
            async (token, ext, q, method) => {
              const before = await events();
              const path = `/t/o/${token}${ext}${q}`;
              const res = await sendRaw(server.url, method, path, { 'user-agent': UA.chrome });
              if (tooLong(path)) return void expect(res.status).toBe(431);
              expect(res.status, res.requestText).toBe(200);
              expect(res.headers.get('content-type')).toBe('image/gif');
              expect(res.headers.get('cache-control')).toBe(NO_CACHE);
              expect(res.headers.get('content-length')).toBe(String(PIXEL_GIF.length));
              const recorded = (await events()) - before;
              const real = decoded(`${token}${ext}`) === `${pixelToken}.gif`;
              expect(recorded, res.requestText).toBe(real ? 1 : 0);
            },
          ),
          { numRuns: RUNS },
        );
        // The real token was among the cases, so its opens are there.
        expect(await server.store.forAccount(account.accountId).tracking.eventsOf(intentId, 1)).toHaveLength(1);
      },
      LONG ? 3_600_000 : undefined,
    );

    it(
      'a link goes only where it was registered to go, or nowhere',
      async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...linkTokens).chain((t) => segment(() => t)),
            query,
            fc.constantFrom('GET', 'HEAD'),
            async (token, q, method) => {
              const path = `/t/c/${token}${q}`;
              const res = await sendRaw(server.url, method, path, { 'user-agent': UA.chrome });
              if (tooLong(path)) return void expect(res.status).toBe(431);
              const location = res.headers.get('location');
              if (res.status === 302) {
                expect(targets, res.requestText).toContain(location);
                expect(linkTokens, res.requestText).toContain(decoded(token));
              } else {
                expect(res.status, res.requestText).toBe(404);
                expect(location).toBeNull();
                expect(res.headers.get('content-type')).toMatch(/^text\/html/);
              }
            },
          ),
          { numRuns: RUNS },
        );
        const res = await sendRaw(server.url, 'GET', `/t/c/${linkToken}`, {});
        expect([res.status, res.headers.get('location')]).toEqual([302, targets[0]]);
      },
      LONG ? 3_600_000 : undefined,
    );
  });
}
