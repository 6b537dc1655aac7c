// PostgreSQL restarted under load (D2, L9): the server is not restarted, and recovers by itself. While the database
// is away every request still gets an answer (the pixel its GIF; the API a clean 5xx in HubSpot's shape, never a
// dropped connection); every request made once it is back succeeds, and so do a BCC delivery and a recorded open.
//
// The restart is of a PostgreSQL of this test's own (private-postgres.ts): restarting the shared one would cut
// every other test file running at the same moment. MAILTRAIL_LONG_TESTS=1 restarts several times, under more load.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrmRecords } from '../../src/server/crm/records';
import { PIXEL_GIF } from '../../src/server/http/tracking/pixel';
import { tempDir } from '../helpers/databases';
import { client } from '../helpers/http';
import { signIdentityToken } from '../../src/emulator';
import { trackedEmail } from '../tracking/fixtures';
import { isErrorBody } from '../hostile/send';
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from './private-postgres';
import { REP, rig, serve, type Rig, type Served } from './rig';

const LONG = process.env.MAILTRAIL_LONG_TESTS === '1';
const RESTARTS = LONG ? 5 : 1;
const WORKERS = LONG ? 8 : 4;
/** Requests each worker makes before a restart and after it. */
const ROUNDS = LONG ? 60 : 12;

type Phase = 'before' | 'during' | 'after';
type Answered = { status: number; ok: boolean; detail: string; retryAfter?: string | null };
type Outcome = Answered & { phase: Phase; what: string };

const skip = await privatePostgresUnavailable();

describe.skipIf(skip)(`PostgreSQL restarted under load${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let pg: PrivatePostgres;
  let data: { path: string; remove(): void };
  let r: Rig;
  let server: Served;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    data = tempDir();
    r = await rig({ kind: 'postgres', url: pg.url }, data.path);
    server = await serve({ kind: 'postgres', url: pg.url }, data.path);
  });
  afterAll(async () => {
    await server?.stop();
    await r?.store.close();
    await pg?.stop();
    data?.remove();
  });

  it(
    'answers throughout, and everything works again once the database is back, without restarting the server',
    async () => {
      const scope = r.store.forAccount(r.account.accountId);
      const rep = r.account.users[REP];
      const contact = await new CrmRecords(scope).create('contacts', {
        properties: { email: 'grace@engines.example', firstname: 'Grace' },
      });
      const { intent } = await trackedEmail(r.store, r.account.accountId, {
        userId: rep.id,
        mode: 'identified',
        to: ['grace@engines.example'],
      });
      const crm = client(server.url, r.account.apiKey);
      const addon = client(server.url, signIdentityToken({ email: REP, now: Date.now(), withEmail: true }));
      let serial = 0;

      // What the load is made of: writes and reads on each surface, and the pixel.
      const api = (a: { status: number; text: string; headers: Headers }, expected: number): Answered => ({
        status: a.status,
        ok: a.status === expected,
        detail: a.text,
        retryAfter: a.headers.get('retry-after'),
      });
      const requests: { what: string; call: () => Promise<Answered> }[] = [
        {
          what: 'create a contact',
          call: async () =>
            api(
              await crm.post('/crm/v3/objects/contacts', {
                properties: { email: `load-${process.pid}-${++serial}@engines.example` },
              }),
              201,
            ),
        },
        {
          what: 'read a contact',
          call: async () => api(await crm.get(`/crm/v3/objects/contacts/${contact.id}`), 200),
        },
        {
          what: 'the add-on home',
          call: async () => api(await addon.get('/addon/v1/me'), 200),
        },
        {
          what: 'the pixel',
          call: async () => {
            const res = await fetch(`${server.url}/t/o/${intent.token}.gif`);
            const body = Buffer.from(await res.arrayBuffer());
            return {
              status: res.status,
              ok: res.status === 200 && body.equals(PIXEL_GIF),
              detail: res.headers.get('content-type') ?? '',
            };
          },
        },
      ];

      const outcomes: Outcome[] = [];
      let phase: Phase = 'before';
      let stopped = false;
      // Waiting for the load to reach a point, without a clock: checked after every answer.
      const waiters: { done: () => boolean; resolve: () => void }[] = [];
      const until = (done: () => boolean) =>
        new Promise<void>((resolve) => (done() ? resolve() : waiters.push({ done, resolve })));
      const worker = async (w: number) => {
        for (let i = 0; !stopped; i++) {
          const { what, call } = requests[(w + i) % requests.length];
          const started = phase;
          const outcome = await call().catch((err: Error) => ({
            status: 0,
            ok: false,
            detail: `no answer: ${err.message} ${String((err as { cause?: unknown }).cause ?? '')}`,
          }));
          outcomes.push({ phase: started, what, ...outcome });
          for (const waiter of waiters.filter((x) => x.done())) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        }
      };

      const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
      for (let restart = 0; restart < RESTARTS; restart++) {
        const seen = outcomes.length;
        phase = 'before';
        await until(() => outcomes.length >= seen + WORKERS * 3);
        // The restart happens with requests in flight; what starts while it runs is "during".
        phase = 'during';
        await pg.restart();
        phase = 'after';
        const after = outcomes.filter((o) => o.phase === 'after').length;
        await until(() => outcomes.filter((o) => o.phase === 'after').length >= after + WORKERS * ROUNDS);
      }
      stopped = true;
      await load;

      expect(server.proc.exitCode, server.output().stderr).toBeNull();
      const unanswered = outcomes.filter((o) => o.status === 0).map((o) => `${o.phase} ${o.what}: ${o.detail}`);
      expect(unanswered, 'requests that got no answer at all').toEqual([]);
      // While the database was away: the pixel still answered its image; anything else that failed said so: a 503
      // in HubSpot's shape with Retry-After.
      const failed = outcomes.filter((x) => !x.ok);
      expect(
        failed.filter((o) => o.what === 'the pixel'),
        'pixels that did not answer the GIF',
      ).toEqual([]);
      for (const o of failed)
        expect({
          what: o.what,
          status: o.status,
          retryAfter: o.retryAfter,
          clean: isErrorBody(JSON.parse(o.detail)),
        }).toEqual({ what: o.what, status: 503, retryAfter: '5', clean: true });
      expect(
        outcomes.some((o) => o.phase === 'during'),
        'requests made while the database restarted',
      ).toBe(true);
      const afterwards = outcomes.filter((o) => o.phase === 'after');
      expect(afterwards.length).toBeGreaterThanOrEqual(RESTARTS * WORKERS * ROUNDS);
      expect(
        afterwards.filter((o) => !o.ok),
        'requests made after the restart that failed',
      ).toEqual([]);

      // The other paths that touch the database: a BCC copy is logged, an open is recorded.
      const opensBefore = (await scope.tracking.eventsOf(intent.id, 1000)).length;
      const bcc = await r.apply(server.url);
      const messageId = `<after-restart-${process.pid}@acme.test>`;
      const delivered = await r.deliver(server.smtpPort, bcc, messageId);
      expect(delivered.ok, delivered.response).toBe(true);
      expect(await r.logged(messageId)).toEqual({ keys: 1, emails: 1, attachments: 1, filesMissing: 0 });
      await fetch(`${server.url}/t/o/${intent.token}.gif`).then((res) => res.arrayBuffer());
      expect((await scope.tracking.eventsOf(intent.id, 1000)).length).toBe(opensBefore + 1);
    },
    LONG ? 3_600_000 : undefined,
  );
});
