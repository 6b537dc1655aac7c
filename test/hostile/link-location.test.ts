// Finding 5 of the hardening issue: a tracked link to a URL with non-ASCII characters registered, then every click
// answered 500 (node refuses such a `Location`). Registration stores the URL as browsers serialise it, and a click
// always sends an encoded `Location`, also for a target stored raw before that.
import { describe, expect, it } from 'vitest';
import { parseLoggingAddress } from '../../src/contract/logging-address';
import { signIdentityToken } from '../../src/emulator';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { serverWithSam } from '../helpers/server-suite';
import { trackedEmail } from '../tracking/fixtures';

const RAW = 'https://a.test/café→?q=ü#naïve';
const ENCODED = 'https://a.test/caf%C3%A9%E2%86%92?q=%C3%BC#na%C3%AFve';

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('tracked links to non-ASCII URLs', db), () => {
    const suite = serverWithSam(db);

    const addon = (path: string, body: unknown) =>
      fetch(`${suite.server.url}/addon/v1${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${signIdentityToken({ email: 'sam@acme.test', now: Date.now(), withEmail: true })}`,
        },
        body: JSON.stringify(body),
      });
    const click = (trackedUrl: string) => fetch(trackedUrl, { redirect: 'manual' });
    // The add-on reads the secret from the draft's Bcc: links are registered under it, not under the pixel's token.
    const logSecretOf = (bccAddress: string) => parseLoggingAddress(bccAddress)!.secret;

    it('registers the link as the encoded URL, and its click redirects there', async () => {
      const intent = await (
        await addon('/compose/intents', {
          draftKey: 'draft-cafe-0001',
          track: true,
          log: false,
          associations: [],
          createContacts: [],
          neverLog: [],
          recipients: { to: ['grace@client.test'], cc: [], bcc: [] },
        })
      ).json();
      const registered = await addon('/compose/links', {
        token: logSecretOf(intent.bccAddress),
        url: RAW,
        text: 'café',
      });
      expect(registered.status).toBe(200);
      const { trackedUrl } = await registered.json();
      const stored = await suite.server.store.db.selectFrom('tracked_links').select('url').execute();
      expect(stored.map((r) => r.url)).toContain(ENCODED);

      const res = await click(trackedUrl);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(ENCODED);
    });

    it('refuses a link whose host no browser could reach, and registers nothing', async () => {
      const intent = await (
        await addon('/compose/intents', {
          draftKey: 'draft-cafe-0002',
          track: true,
          log: false,
          associations: [],
          createContacts: [],
          neverLog: [],
          recipients: { to: ['grace@client.test'], cc: [], bcc: [] },
        })
      ).json();
      const before = await suite.server.store.db.selectFrom('tracked_links').select('id').execute();
      const res = await addon('/compose/links', {
        token: logSecretOf(intent.bccAddress),
        url: 'https://a^b.test/x',
        text: 'x',
      });
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(/url/);
      expect(await suite.server.store.db.selectFrom('tracked_links').select('id').execute()).toEqual(before);
    });

    it('redirects with an encoded Location for a target stored raw before registration normalised it', async () => {
      const { links } = await trackedEmail(suite.server.store, suite.account.accountId, {
        userId: suite.account.admin.id,
        mode: 'identified',
        to: ['grace@client.test'],
        links: [RAW, 'https://a^b.test/é→'],
      });
      const first = await click(`${suite.server.url}/t/c/${links[0].token}`);
      expect(first.status).toBe(302);
      expect(first.headers.get('location')).toBe(ENCODED);
      const second = await click(`${suite.server.url}/t/c/${links[1].token}`);
      expect(second.status).toBe(302);
      expect(second.headers.get('location')).toBe('https://a^b.test/%C3%A9%E2%86%92');
    });
  });
}
