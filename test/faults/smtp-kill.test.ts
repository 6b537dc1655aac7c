// kill -9 of the server in the middle of BCC ingestion (L9: nothing accepted is lost), then a restart on the same store: every email the
// sending server heard 250 for is logged exactly once, with its attachment; what was not acknowledged, the sender
// retries, and it too ends up logged exactly once. The pixel under kill -9 is test/tracking/durability.test.ts.
//
// MAILTRAIL_LONG_TESTS=1: more emails, and several kills in a row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suiteTitle, testDatabases } from '../helpers/databases';
import type { SendResult } from '../smtp/harness';
import { rig, serve, type Rig, type Served } from './rig';

const LONG = process.env.MAILTRAIL_LONG_TESTS === '1';
const EMAILS = LONG ? 300 : 40;
const KILLS = LONG ? 3 : 1;
const PARALLEL = 6;

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('kill -9 during SMTP ingestion', db), () => {
    let target: Awaited<ReturnType<typeof db.create>>;
    let r: Rig;
    let server: Served | undefined;

    beforeAll(async () => {
      target = await db.create();
      r = await rig(target.target, target.dataDir);
    });
    afterAll(async () => {
      await server?.stop();
      await r?.store.close();
      await target?.drop();
    });

    it(
      'logs every acknowledged email exactly once after the restart, and every retried one too',
      async () => {
        server = await serve(target.target, target.dataDir);
        const emails: { messageId: string; bcc: string }[] = [];
        for (let i = 0; i < EMAILS; i++)
          emails.push({ messageId: `<kill-${i}-${process.pid}@acme.test>`, bcc: await r.apply(server.url) });

        const acknowledged = new Set<string>();
        let pending = [...emails];
        for (let kill = 0; kill < KILLS && pending.length; kill++) {
          // Kill once a third of what is left has been acknowledged, with deliveries still in flight.
          const killAfter = acknowledged.size + Math.max(1, Math.floor(pending.length / 3));
          const current = server;
          let killing: Promise<void> | undefined;
          const queue = [...pending];
          const results: SendResult[] = [];
          await Promise.all(
            Array.from({ length: PARALLEL }, async () => {
              for (let e = queue.shift(); e && !killing; e = queue.shift()) {
                const result = await r.deliver(current.smtpPort, e.bcc, e.messageId);
                results.push(result);
                if (result.ok) acknowledged.add(e.messageId);
                if (acknowledged.size >= killAfter) killing ??= current.kill9();
              }
            }),
          );
          await killing;
          expect(results.some((x) => x.ok)).toBe(true);
          server = await serve(target.target, target.dataDir);
          for (const messageId of acknowledged)
            expect(await r.logged(messageId), messageId).toEqual({
              keys: 1,
              emails: 1,
              attachments: 1,
              filesMissing: 0,
            });
          expect(await r.strayEmails()).toBe(0);
          pending = pending.filter((e) => !acknowledged.has(e.messageId));
        }

        // The sending server retries what it did not hear 250 for.
        for (const e of pending) {
          const retry = await r.deliver(server.smtpPort, e.bcc, e.messageId);
          expect(retry.ok, retry.response).toBe(true);
        }
        for (const e of emails)
          expect(await r.logged(e.messageId), e.messageId).toEqual({
            keys: 1,
            emails: 1,
            attachments: 1,
            filesMissing: 0,
          });
        expect(await r.strayEmails()).toBe(0);
      },
      LONG ? 3_600_000 : undefined,
    );
  });
}
