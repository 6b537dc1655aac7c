// Issue 14, item 6: a "Logged" item reaches an open feed as the email is logged, by its BCC copy or from the
// sidebar, without a reload; a stream that reconnects gets it too.
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/contract/feed';
import { signIdentityToken } from '../../src/emulator';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { client } from '../helpers/http';
import { intentRequest } from '../helpers/intents';
import { serverWithSam } from '../helpers/server-suite';
import { openSse, type SseClient } from '../helpers/sse-client';
import { webSession } from '../helpers/web-session';
import { sendRaw } from '../smtp/harness';

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('Logged items on an open feed', db), () => {
    const suite = serverWithSam(db);
    const sam = () => suite.account.users['sam@acme.test'].id;
    const addon = () =>
      client(suite.server.url, signIdentityToken({ email: 'sam@acme.test', now: Date.now(), withEmail: true }));
    const feed = async (lastEventId?: string): Promise<SseClient> => {
      const stream = await openSse(`${suite.server.url}/web/v1/feed/stream`, {
        cookie: await webSession(suite.server.url, sam()),
        ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
      });
      expect(stream.status).toBe(200);
      return stream;
    };
    const item = (m: { data: string }) => JSON.parse(m.data) as FeedItem;

    it('the BCC copy of an applied email shows "Logged" on the open feed', async () => {
      const stream = await feed();
      try {
        const intent = await addon().post('/addon/v1/compose/intents', intentRequest({ track: false }));
        expect(intent.status, intent.text).toBe(200);
        const raw = `From: Sam <sam@acme.test>\r\nTo: grace@engines.example\r\nSubject: Pricing for Q3\r\nMessage-ID: <q3@acme.test>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\n\r\nhello\r\n`;
        expect((await sendRaw(suite.server.smtpPort, raw, [intent.body.bccAddress])).ok).toBe(true);
        const logged = item(await stream.next());
        expect(logged).toMatchObject({ kind: 'logged', subject: 'Pricing for Q3' });
        expect(logged.emailUrl).toMatch(/\/emails\/\d+$/);
      } finally {
        stream.close();
      }
    });

    it('an email logged from the sidebar shows there too, once, and a reconnecting stream gets it', async () => {
      const stream = await feed();
      let lastId: string;
      try {
        const message = {
          messageId: '<from-grace@engines.example>',
          threadId: 'thread-grace',
          headers: [{ name: 'Message-ID', value: '<from-grace@engines.example>' }],
          from: 'Grace Hopper <grace@engines.example>',
          to: ['sam@acme.test'],
          cc: [],
          date: '2026-03-03T10:00:00.000Z',
          subject: 'Re: Pricing for Q3',
          html: '<p>Looks good</p>',
          text: 'Looks good',
          attachments: [],
        };
        const body = { message, associations: [], createContacts: [], neverLog: [] };
        expect((await addon().post('/addon/v1/messages', body)).status).toBe(200);
        const first = await stream.next();
        expect(item(first)).toMatchObject({ kind: 'logged', subject: 'Re: Pricing for Q3' });
        lastId = first.id!;
        // Logging it again duplicates nothing, and announces nothing.
        expect((await addon().post('/addon/v1/messages', body)).body.created).toBe(false);
      } finally {
        stream.close();
      }
      const again = await feed(String(Number(lastId) - 1));
      try {
        expect(item(await again.next())).toMatchObject({ kind: 'logged', subject: 'Re: Pricing for Q3' });
      } finally {
        again.close();
      }
    });
  });
}
