// fast-check against every route of the app (R1): arbitrary JSON and near-valid mutations of valid bodies,
// odd query strings and path segments, missing, forged and strangers' credentials. Whatever comes in: never a 5xx,
// a HubSpot-style error body with every 4xx, and nothing written when the answer is an error (every row of the
// database and every stored file compared). The pixel always answers its GIF; a link answers 302 to a stored target
// or a plain 404, never a redirect anywhere else (tracking-tokens.test.ts goes deeper on tokens). MIME through SMTP
// is fuzzed by test/smtp/property.test.ts and test/smtp/bcc.integration.test.ts, and smtp-text.test.ts adds the
// decoded text PostgreSQL cannot store.
//
// MAILTRAIL_LONG_TESTS=1 runs many more cases per route; MAILTRAIL_FUZZ_SEED=N replays a run.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../src/emulator';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';
import { editQuery, encodeSegment, json, mutate, mutation, nastyString, queryEdit } from './arbitraries';
import { wholeState } from './db-state';
import { appRoutes, caseOf, ROUTE_CASES, type Req, type RouteCase } from './routes';
import { credentials, isErrorBody, send, sendRaw, type Sent } from './send';
import { createWorld, worldServerConfig, type Side, type World } from './world';
import { webSession } from '../helpers/web-session';

const LONG = process.env.MAILTRAIL_LONG_TESTS === '1';
const RUNS = LONG ? 400 : 12;
/** The default leaves vitest's own timeout; the long runs take minutes per route. */
const TIMEOUT = LONG ? 3_600_000 : undefined;
const SEED = process.env.MAILTRAIL_FUZZ_SEED ? Number(process.env.MAILTRAIL_FUZZ_SEED) : undefined;

type Auth = 'valid' | 'none' | 'forged' | 'stranger';
type Attack = { mode: string; req: Req & { rawQuery?: string }; auth: Auth; rawPath?: string };

/** Paths that try to leave the web app's folder, sent byte for byte. */
const TRAVERSALS = [
  '/app/../package.json',
  '/app/%2e%2e/%2e%2e/package.json',
  '/app/..%2f..%2fpackage.json',
  '/app/assets/..%5c..%5cpackage.json',
  '/app/%00',
  '/app/.%2e/.env',
  '/t/o/..%2f..%2fhealthz',
  '/t/c/%2e%2e',
];

function headersFor(c: RouteCase, auth: Auth, side: Side, baseUrl: string): Record<string, string> {
  const valid = credentials(c.surface, side, baseUrl);
  if (auth === 'valid') return valid;
  const origin: Record<string, string> = valid.origin ? { origin: valid.origin } : {};
  if (auth === 'none') return origin;
  const flip = (s: string) => s.slice(0, -2) + (s.endsWith('AA') ? 'BB' : 'AA');
  if (c.surface === 'crm')
    return {
      authorization: auth === 'forged' ? `Bearer ${flip(side.account.apiKey)}` : 'Bearer mt_not_a_key_of_anyone',
    };
  if (c.surface === 'addon') {
    const token =
      auth === 'forged'
        ? flip(side.idToken)
        : signIdentityToken({ email: 'stranger@nowhere.test', now: Date.now(), withEmail: true });
    return { authorization: `Bearer ${token}` };
  }
  if (c.surface === 'web' || c.surface === 'admin')
    return { ...origin, cookie: auth === 'forged' ? flip(side.session) : 'mailtrail_session=stranger' };
  return valid;
}

/** The request shapes thrown at one route. */
function attacks(c: RouteCase, side: Side): fc.Arbitrary<Attack> {
  const valid = fc.constantFrom(...c.variants).map((v) => v((kind) => side.ids[kind]));
  const method = c.route.split(' ')[0];
  const takesBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);
  const hasBody = c.variants.some((v) => v((kind) => side.ids[kind]).body !== undefined);
  const params = c.route
    .split(' ')[1]
    .split('/')
    .flatMap((seg, i) => (seg === ':' || seg === '*' ? [i] : []));
  const options: fc.Arbitrary<Attack>[] = [
    valid.map((req) => ({ mode: 'valid', req, auth: 'valid' as const })),
    fc
      .tuple(valid, fc.constantFrom<Auth>('none', 'forged', 'stranger'))
      .map(([req, auth]) => ({ mode: 'credentials', req, auth })),
    fc.tuple(valid, queryEdit).map(([req, edits]) => ({
      mode: 'query',
      req: { ...req, rawQuery: editQuery(req.query, edits) },
      auth: 'valid' as const,
    })),
  ];
  if (hasBody) {
    const mutated = fc.tuple(valid, mutation).map(([req, m]) => ({
      mode: 'mutated body',
      req: { ...req, body: req.body === undefined ? req.body : mutate(req.body, m.pick, m.how, m.value, m.extraKey) },
      auth: 'valid' as const,
    }));
    options.push(mutated, mutated, mutated);
  }
  if (takesBody) {
    // Bodies go out as text: a string body is sent as it is.
    options.push(
      fc.tuple(valid, json).map(([req, body]) => ({
        mode: 'arbitrary JSON',
        req: { ...req, body: JSON.stringify(body ?? null) },
        auth: 'valid' as const,
      })),
    );
    options.push(
      fc
        .tuple(
          valid,
          fc.constantFrom(
            '{',
            '{"a":',
            '[1,,2]',
            '{"__proto__":{"x":1}}',
            'null',
            '"text"',
            '\u0000',
            '{"a":1}{"b":2}',
            '{"a":"\\ud800"}',
            '{"a":"\\u0000"}',
          ),
        )
        .map(([req, raw]) => ({
          mode: 'malformed JSON',
          req: { ...req, body: raw },
          auth: 'valid' as const,
        })),
    );
  }
  if (params.length) {
    options.push(
      fc.tuple(valid, fc.constantFrom(...params), nastyString, fc.boolean()).map(([req, at, value, encode]) => {
        const segments = req.path.split('/');
        const segment = encode ? encodeSegment(value) : value.replace(/[/?#\s]/g, '_');
        // fetch resolves a `.` or `..` segment itself, sending another path: the traversal mode sends those raw.
        segments[at] = /^(\.|%2e){1,2}$/i.test(segment) ? `${segment}x` : segment;
        return { mode: 'path', req: { ...req, path: segments.join('/') }, auth: 'valid' as const };
      }),
    );
  }
  if (c.surface === 'static' || c.surface === 'tracking') {
    options.push(
      fc.constantFrom(...TRAVERSALS).map((rawPath) => ({
        mode: 'traversal',
        req: { method: 'GET', path: rawPath },
        auth: 'valid' as const,
        rawPath,
      })),
    );
  }
  if (method === 'GET')
    options.push(valid.map((req) => ({ mode: 'HEAD', req: { ...req, method: 'HEAD' }, auth: 'valid' as const })));
  return fc.oneof(...options);
}

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('fuzzing every route', db), () => {
    let server: InProcessServer;
    let drop: () => Promise<void>;
    let world: World;
    let dataDir: string;
    /** Where a tracked link may send a reader: the targets registered through the add-on. */
    let targets: Set<string>;

    beforeAll(async () => {
      const fresh = await db.create();
      drop = fresh.drop;
      dataDir = fresh.dataDir;
      server = await startServer({ db: fresh.target, dataDir, config: worldServerConfig() });
      world = await createWorld(server);
      targets = new Set((await server.store.db.selectFrom('tracked_links').select('url').execute()).map((r) => r.url));
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    it('has a fuzz case for every route of the app', () => {
      const unknown = appRoutes(server.app)
        .filter((r) => !caseOf(r))
        .map((r) => r.key);
      expect(unknown, 'add the route to ROUTE_CASES in test/hostile/routes.ts').toEqual([]);
    });

    /** What every answer must be, whatever was sent. */
    function judge(c: RouteCase, attack: Attack, answer: Sent): string | null {
      const { status } = answer;
      if (status >= 500 || status < 100) return `server error ${status}: ${answer.text.slice(0, 500)}`;
      // A path that leaves its route lands on another route or none: only "no error, no file" is asked of it.
      if (attack.mode === 'traversal') return null;
      const method = attack.req.method;
      // Node refuses a request line and headers over 16 KiB before any route, the pixel's too: a clean 431.
      if (status === 431)
        return answer.url.length > 15 * 1024 && isErrorBody(answer.body)
          ? null
          : `a 431 for a ${answer.url.length}-character URL: ${answer.text.slice(0, 200)}`;
      if (c.surface === 'tracking') {
        if (c.route.startsWith('GET /t/o')) {
          if (status !== 200 || answer.headers.get('content-type') !== 'image/gif')
            return `the pixel answered ${status} ${answer.headers.get('content-type')}`;
          if (method === 'GET' && Buffer.byteLength(answer.text, 'latin1') === 0) return 'the pixel answered no image';
          return null;
        }
        if (status === 302)
          return targets.has(answer.headers.get('location') ?? '')
            ? null
            : `a link redirected to ${answer.headers.get('location')}, which nobody registered`;
        if (status === 404)
          return answer.headers.get('content-type')?.startsWith('text/html')
            ? null
            : `a link's 404 is ${answer.headers.get('content-type')}, not a plain page`;
        return `a link answered ${status}`;
      }
      if (status >= 300 && status < 400) {
        const location = answer.headers.get('location');
        return c.route === 'GET /' && location === '/app/' ? null : `unexpected redirect to ${location}`;
      }
      if (status >= 400 && method !== 'HEAD' && !isErrorBody(answer.body))
        return `a ${status} without a HubSpot-style error body: ${answer.text.slice(0, 300)}`;
      return null;
    }

    for (const c of ROUTE_CASES) {
      it(
        `${c.route} (${c.surface})`,
        async () => {
          if (!appRoutes(server.app).some((r) => r.key === c.route))
            throw new Error(`${c.route} is in ROUTE_CASES but not in the app: remove or rename the case`);
          const side = world.a;
          await fc.assert(
            fc.asyncProperty(attacks(c, side), async (attack) => {
              const before = await wholeState(server.store, dataDir);
              const headers = headersFor(c, attack.auth, side, server.url);
              const answer = attack.rawPath
                ? await sendRaw(server.url, 'GET', attack.rawPath, headers)
                : await send(server.url, attack.req, headers, { stream: c.stream });
              if (c.endsSession && answer.status < 300)
                side.session = await webSession(server.url, side.account.admin.id);
              const problem = judge(c, attack, answer);
              if (problem) throw new Error(`${attack.mode}: ${answer.requestText.slice(0, 600)}\n→ ${problem}`);
              if (attack.mode === 'traversal' && /"name": "mailtrail"|root:x:0:0/.test(answer.text))
                throw new Error(`${attack.rawPath} served a file outside the web app`);
              if (answer.status >= 400 && c.surface !== 'tracking') {
                const after = await wholeState(server.store, dataDir);
                if (after !== before)
                  throw new Error(
                    `${attack.mode}: ${answer.requestText.slice(0, 600)}\n→ ${answer.status}, yet something was written`,
                  );
              }
            }),
            { numRuns: RUNS, endOnFailure: true, ...(SEED === undefined ? {} : { seed: SEED }) },
          );
        },
        TIMEOUT,
      );
    }
  });
}
