import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/contract/feed';
import { explainLabel } from '../../src/contract/labels';
import { languageOf, languageOfHeader } from '../../src/contract/language';
import type { FastifyRequest } from 'fastify';
import { requestLanguage } from '../../src/server/http/language';
import { describeItem } from '../../src/server/tracking/item-words';
import { say } from '../../src/server/logging/notes';
import { createTestAccount, type TestAccount } from '../helpers/accounts';
import { suiteTitle, testDatabases } from '../helpers/databases';
import { startServer, type InProcessServer } from '../helpers/server';
import { openSse, type SseClient } from '../helpers/sse-client';
import { startPushReceiver, type PushReceiver } from '../helpers/webpush-receiver';
import { UA, trackedEmail } from './fixtures';
import { webSession } from '../helpers/web-session';

// What the server writes for a user who is not asking (a push, the live feed's item) is in the language they picked
// in the web app; what it answers a request is in the language the request asks for (Accept-Language), else theirs.

process.env.MAILTRAIL_NOTIFY_SETTLE_MS = '0';

describe('the language of a request or a user', () => {
  it('reads Accept-Language by quality and takes the first language mailtrail speaks', () => {
    expect(languageOfHeader('fr-FR,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(languageOfHeader('de-DE, en;q=0.5, fr;q=0.7')).toBe('fr');
    expect(languageOfHeader('en-GB')).toBe('en');
    expect(languageOfHeader('fr;q=0, en')).toBe('en');
    expect(languageOfHeader('de, es')).toBeUndefined();
    expect(languageOfHeader(undefined)).toBeUndefined();
    expect(languageOf('fr_CA')).toBe('fr');
    expect(languageOf('fri')).toBe('en');
  });

  it('answers a request in the language it asks for, else in the one the user picked, else in English', () => {
    const asking = (header?: string) => ({ headers: header ? { 'accept-language': header } : {} }) as FastifyRequest;
    expect(requestLanguage(asking('fr-CA,fr;q=0.9'), { language: 'en' })).toBe('fr');
    expect(requestLanguage(asking('en-GB'), { language: 'fr' })).toBe('en');
    expect(requestLanguage(asking('de-DE'), { language: 'fr' })).toBe('fr');
    expect(requestLanguage(asking(), { language: 'fr' })).toBe('fr');
    expect(requestLanguage(asking(), { language: null })).toBe('en');
    expect(requestLanguage(asking('de-DE'), null)).toBe('en');
  });

  it('says a notification and why a label was given in French or English', () => {
    const item = {
      kind: 'opened',
      anonymous: false,
      contact: { id: null, name: 'Ada', email: 'ada@client.test' },
      subject: 'Devis',
      opens: ['2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z'],
      url: null,
    } as unknown as FeedItem;
    expect(describeItem(item, 'fr')).toBe('Ada a ouvert « Devis » (2 ouvertures)');
    expect(describeItem(item, 'en')).toBe('Ada opened “Devis” (2 opens)');
    const click = { ...item, kind: 'clicked', anonymous: true, url: 'https://seller.test/prix' } as FeedItem;
    expect(describeItem(click, 'fr')).toBe('Quelqu’un a cliqué sur https://seller.test/prix dans « Devis »');

    const reasons = ['mail-proxy:google', 'open-soon-after-send:4s'];
    expect(explainLabel('open', 'proxy', true, reasons, 'fr')).toBe(
      "récupéré 4 s après l'envoi, par le proxy d'images de Google : le destinataire, ou probablement votre propre dossier Messages envoyés si vous le regardiez",
    );
    expect(explainLabel('open', 'proxy', true, reasons)).toMatch(/^fetched 4 s after sending, through Google's/);
    expect(explainLabel('click', 'scanner', false, ['scanner-ua:kaspersky'], 'fr')).toBe(
      'se présente comme le vérificateur de liens de Kaspersky',
    );
    expect(say((w) => w.notFromOwn('x@other.test', 'ada@acme.test'), 'fr')).toMatch(/^il a été envoyé depuis x@other/);
  });
});

for (const db of await testDatabases()) {
  describe.skipIf(db.skip)(suiteTitle('notifications in the language the user picked', db), () => {
    let server: InProcessServer;
    let acme: TestAccount;
    let target: Awaited<ReturnType<typeof db.create>>;
    let push: PushReceiver;
    let cleanup: (() => unknown)[] = [];

    beforeAll(async () => {
      target = await db.create();
      push = await startPushReceiver();
      process.env.MAILTRAIL_PUSH_SERVICES = new URL(push.subscription.endpoint).origin;
      server = await startServer({ db: target.target, dataDir: target.dataDir });
      acme = await createTestAccount(server.store, { users: [{ email: 'bea@acme.test', name: 'Béatrice' }] });
    });
    afterAll(async () => {
      await server?.close();
      await push?.close();
      delete process.env.MAILTRAIL_PUSH_SERVICES;
      await target?.drop();
    });
    afterEach(async () => {
      for (const c of cleanup.reverse()) await c();
      cleanup = [];
    });

    const signIn = (userId: number) => webSession(server.url, userId);
    const pick = (cookie: string, language: string) =>
      fetch(`${server.url}/web/v1/session/language`, {
        method: 'PUT',
        headers: { cookie, origin: server.url, 'content-type': 'application/json' },
        body: JSON.stringify({ language }),
      });
    const open = (token: string) =>
      fetch(`${server.url}/t/o/${token}.gif`, { headers: { 'user-agent': UA.gmailProxy } }).then((r) =>
        r.arrayBuffer(),
      );
    async function stream(cookie: string): Promise<SseClient> {
      const client = await openSse(`${server.url}/web/v1/feed/stream`, { cookie });
      cleanup.push(() => client.close());
      return client;
    }

    it('keeps the language a user picks, refuses one it does not speak, and says it in the session', async () => {
      const cookie = await signIn(acme.admin.id);
      const session = () => fetch(`${server.url}/web/v1/session`, { headers: { cookie } }).then((r) => r.json());
      expect(await session()).toMatchObject({ language: null });
      expect((await pick(cookie, 'de')).status).toBe(400);
      expect((await pick(cookie, 'fr')).status).toBe(204);
      expect(await session()).toMatchObject({ language: 'fr' });
      expect((await pick(cookie, 'en')).status).toBe(204);
      expect(await session()).toMatchObject({ language: 'en' });
    });

    it('pushes and streams to a French user in French, and to an English one in English', async () => {
      const bea = acme.users['bea@acme.test'];
      const cookie = await signIn(bea.id);
      expect((await pick(cookie, 'fr')).status).toBe(204);
      const subscribed = await fetch(`${server.url}/web/v1/push/subscriptions`, {
        method: 'POST',
        headers: { cookie, origin: server.url, 'content-type': 'application/json' },
        body: JSON.stringify(push.subscription),
      });
      expect(subscribed.status).toBe(204);
      const live = await stream(cookie);

      const sent = await trackedEmail(server.store, acme.accountId, {
        userId: bea.id,
        mode: 'identified',
        to: ['oz@client.test'],
        subject: 'Renouvellement',
      });
      await open(sent.intent.token);
      expect(JSON.parse((await push.next()).plaintext)).toMatchObject({
        body: 'oz@client.test a ouvert « Renouvellement »',
      });
      const item = JSON.parse((await live.next()).data) as FeedItem;
      expect(item.why).toMatch(/proxy d'images de Google/);

      // The same email read by someone who asks in English: the feed answers in English, whatever Bea picked.
      const feed = (language: string | null) =>
        fetch(`${server.url}/web/v1/feed`, {
          headers: { cookie, ...(language ? { 'accept-language': language } : {}) },
        }).then((r) => r.json() as Promise<{ results: FeedItem[] }>);
      const row = (page: { results: FeedItem[] }) => page.results.find((r) => r.id === `e${sent.intent.id}`)!;
      expect(row(await feed('en-US')).why).toMatch(/Google's image proxy/);
      expect(row(await feed(null)).why).toMatch(/proxy d'images de Google/);

      // An English user (no pick) is told in English.
      const adminCookie = await signIn(acme.admin.id);
      const adminLive = await stream(adminCookie);
      const his = await trackedEmail(server.store, acme.accountId, {
        userId: acme.admin.id,
        mode: 'identified',
        to: ['pat@client.test'],
        subject: 'Renewal',
      });
      await open(his.intent.token);
      expect((JSON.parse((await adminLive.next()).data) as FeedItem).why).toMatch(/Google's image proxy/);
    });

    it('refuses in the language asked for, else in the one the user picked', async () => {
      const bea = acme.users['bea@acme.test'];
      const cookie = await signIn(bea.id);
      expect((await pick(cookie, 'fr')).status).toBe(204);
      const missing = (headers: Record<string, string>) =>
        fetch(`${server.url}/web/v1/records/deals/999999`, { headers: { cookie, ...headers } }).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as { message: string },
        }));
      expect(await missing({})).toMatchObject({
        status: 404,
        body: { message: "Il n'y a pas de fiche 999999 parmi les transactions de ce compte." },
      });
      expect((await missing({ 'accept-language': 'en' })).body.message).toBe(
        'There is no record 999999 among the deals of this account.',
      );
      const signedOut = await fetch(`${server.url}/web/v1/feed`, { headers: { 'accept-language': 'fr-CA' } });
      expect(((await signedOut.json()) as { message: string }).message).toBe(
        "Vous n'êtes pas connecté, ou votre session a expiré. Reconnectez-vous.",
      );
    });
  });
}
