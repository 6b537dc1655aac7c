// The emulator holds the add-on to Gmail's and Apps Script's published rules (docs/emulator.md, "Gmail's rules"):
// each test here breaks one rule with the plain Apps Script probe add-on and shows it fail as Google would.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddonRuntime, type AddonRuntimeOptions, Mailbox } from '../../src/emulator';
import { matchesPrefix } from '../../src/emulator/manifest';
import { type ChildServer, startHttpServer } from './helpers';

const probe = fileURLToPath(new URL('./fixtures/probe-addon/Code.js', import.meta.url));
const probeManifest = JSON.parse(readFileSync(join(probe, '../appsscript.json'), 'utf8'));
const AUTH = 'https://www.googleapis.com/auth/';

let server: ChildServer;
beforeAll(async () => {
  server = await startHttpServer();
});
afterAll(() => server?.stop());

/** The probe add-on with its manifest changed, as a bundle of its own (a local build unless told otherwise). */
function variant(change: (m: typeof probeManifest) => void, build: object | null = { target: 'local' }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mailtrail-probe-'));
  copyFileSync(probe, join(dir, 'Code.js'));
  const manifest = structuredClone(probeManifest);
  change(manifest);
  writeFileSync(join(dir, 'appsscript.json'), JSON.stringify(manifest));
  if (build) writeFileSync(join(dir, 'build.json'), JSON.stringify(build));
  return join(dir, 'Code.js');
}
const without = (scope: string) => (m: typeof probeManifest) => {
  m.oauthScopes = m.oauthScopes.filter((s: string) => s !== scope);
};

const runtime = (options: AddonRuntimeOptions = {}) =>
  new AddonRuntime({ bundlePath: probe, backendUrl: server.url, user: 'ada@acme.test', ...options });

const notification = (response: unknown) =>
  (response as { renderActions: { action: { notification: { text: string } } } }).renderActions.action.notification
    .text;

async function mailboxWithThread() {
  const mailbox = new Mailbox();
  const first = await mailbox.add(readFileSync(new URL('./fixtures/quote.eml', import.meta.url)));
  const reply = await mailbox.add(readFileSync(new URL('./fixtures/reply.eml', import.meta.url)));
  return { mailbox, first, reply };
}

describe('scopes: each service checks the manifest scope Google requires for it', () => {
  it('UrlFetchApp needs script.external_request', () => {
    const rt = runtime({ bundlePath: variant(without(`${AUTH}script.external_request`)) });
    expect(() => rt.action('onFetchUrl', { parameters: { url: `${server.url}/echo` } })).toThrow(
      `onFetchUrl failed: Exception: You do not have permission to call UrlFetchApp.fetch. Required permissions: ${AUTH}script.external_request`,
    );
  });

  it("the open message's headers need current.message.metadata; its body and thread need current.message.readonly", async () => {
    const { mailbox, reply } = await mailboxWithThread();
    const metadataOnly = variant((m) => {
      m.oauthScopes = m.oauthScopes
        .filter((s: string) => s !== `${AUTH}gmail.addons.current.message.readonly`)
        .concat(`${AUTH}gmail.addons.current.message.metadata`);
    });
    const rt = runtime({ bundlePath: metadataOnly, mailbox });
    const read = (what: string) => rt.action('onReadMessage', { parameters: { what }, messageId: reply.messageId });
    expect(notification(read('subject'))).toMatch(/quote/i);
    expect(() => read('body')).toThrow(
      /You do not have permission to call GmailMessage.getBody. Required permissions: \(.*gmail.addons.current.message.readonly/,
    );
    expect(() => read('thread')).toThrow(/You do not have permission to call GmailThread.getMessages/);

    const none = runtime({ bundlePath: variant(without(`${AUTH}gmail.addons.current.message.readonly`)), mailbox });
    expect(() => none.message(reply.messageId)).toThrow(/You do not have permission to call GmailMessage.getSubject/);
    // With the readonly scope, all of it.
    const full = runtime({ mailbox });
    full.message(reply.messageId);
    expect(notification(full.action('onReadMessage', { parameters: { what: 'thread' } }))).toBe('2');
  });

  it('a compose trigger needs gmail.addons.current.action.compose, and Gmail runs nothing without gmail.addons.execute', () => {
    expect(() =>
      runtime({ bundlePath: variant(without(`${AUTH}gmail.addons.current.action.compose`)) }).compose(),
    ).toThrow(
      `onCompose failed: Gmail runs no compose trigger without the ${AUTH}gmail.addons.current.action.compose scope`,
    );
    expect(() => runtime({ bundlePath: variant(without(`${AUTH}gmail.addons.execute`)) }).homepage()).toThrow(
      `onHome failed: Gmail runs no add-on without the ${AUTH}gmail.addons.execute scope`,
    );
  });
});

describe('the draft is a real object', () => {
  it('only an action of the compose UI may update the draft', async () => {
    const { mailbox, first } = await mailboxWithThread();
    const rt = runtime({ mailbox });
    rt.homepage();
    expect(() => rt.action('onInsertText')).toThrow(
      'onInsertText failed: an UpdateDraftActionResponse only answers an action of the compose UI (a compose action); Gmail refuses it here',
    );
    rt.message(first.messageId);
    expect(() => rt.action('onInsertText')).toThrow(/only answers an action of the compose UI/);
    rt.compose({ to: 'bob@example.com' });
    rt.action('onInsertText');
    expect(rt.draft?.body).toBe('hi');
  });

  it('its recipients change with each response and feed the next event; Send sends the body the add-on changed', async () => {
    const rt = runtime();
    const draft = rt.openDraft({ to: ['bob@example.com'], bcc: ['boss@acme.test'], subject: 'Quote' });
    draft.type('<p>Hello Bob</p>');
    rt.compose();
    rt.action('onApply');
    expect(draft.bcc).toEqual(['boss@acme.test', 'log+t1@bcc.acme.test']);
    expect(draft.body).toBe('<p>Hello Bob</p><img src="x.gif">');
    // The next event carries the new Bcc: nobody passes it by hand.
    const e = JSON.parse(notification(rt.action('onEcho')));
    expect(e.gmail.bccRecipients).toEqual(['boss@acme.test', 'log+t1@bcc.acme.test']);

    const { wire, sent, recipients } = await draft.send('ada@acme.test');
    expect(recipients).toEqual(['bob@example.com', 'boss@acme.test', 'log+t1@bcc.acme.test']);
    const out = await simpleParser(wire);
    expect(out.html).toContain('<img src="x.gif">');
    expect(out.bcc).toBeUndefined();
    expect((await simpleParser(sent)).bcc).toBeDefined();
  });
});

describe('UrlFetchApp', () => {
  it('follows the allowlist as written in the built manifest: a script property does not widen it', () => {
    // Built for server.url; the script property then points elsewhere (an admin "moving" the backend).
    const rt = runtime({ backendUrl: server.url });
    expect(() => rt.action('onFetchUrl', { parameters: { url: `${server.httpsUrl}/echo` } })).toThrow(
      `is not allowed by the manifest's urlFetchWhitelist (https://api.example.com/, ${server.url}/)`,
    );
    // Without a deployment for the test server, the manifest's own list is all there is.
    const asBuilt = new AddonRuntime({ bundlePath: probe });
    expect(() => asBuilt.action('onFetchUrl', { parameters: { url: `${server.url}/echo` } })).toThrow(
      /is not allowed by the manifest's urlFetchWhitelist \(https:\/\/api.example.com\/\)/,
    );
  });

  it("a deploy build's allowlists must be https, with a full domain and a path", () => {
    expect(
      () => new AddonRuntime({ bundlePath: variant(() => {}, { target: 'deploy' }), backendUrl: server.url }),
    ).toThrow(
      `appsscript.json urlFetchWhitelist entry "${server.url}/" is not https; Apps Script refuses such a manifest`,
    );
    expect(() => new AddonRuntime({ bundlePath: variant(() => {}, null), backendUrl: server.url })).toThrow(
      /is not https/,
    );
    expect(
      () => new AddonRuntime({ bundlePath: variant((m) => (m.urlFetchWhitelist = ['https://api.example.com'])) }),
    ).toThrow('appsscript.json urlFetchWhitelist entry "https://api.example.com" has no path (end it with "/")');
  });

  it("matches prefixes as Google documents: case-sensitive paths, '*.' for subdomains", () => {
    expect(matchesPrefix('https://crm.example.com/a', ['https://*.example.com/'])).toBe(true);
    expect(matchesPrefix('https://example.com.evil.test/', ['https://*.example.com/'])).toBe(false);
    expect(matchesPrefix('https://crm.example.com/API', ['https://crm.example.com/api'])).toBe(false);
  });

  it('refuses a URL over 2 KB, over 100 headers, over 8 KB of headers, a payload over 50 MB', () => {
    const rt = runtime();
    const fetch = (parameters: Record<string, string>) =>
      rt.action('onFetchUrl', { parameters: { url: `${server.url}/echo`, ...parameters } });
    expect(() => fetch({ url: `${server.url}/echo?q=${'a'.repeat(2048)}` })).toThrow(
      'Exception: Limit Exceeded: URLFetch URL Length.',
    );
    expect(() => fetch({ headers: '101' })).toThrow('Exception: Limit Exceeded: URLFetch headers.');
    expect(() => fetch({ headers: '2', headerValue: 'v'.repeat(4100) })).toThrow(
      'Exception: Limit Exceeded: URLFetch header size.',
    );
    expect(() => fetch({ method: 'post', payloadBytes: String(50 * 1024 * 1024 + 1) })).toThrow(
      'Exception: Limit Exceeded: URLFetch POST Size.',
    );
    expect(rt.fetches).toEqual([]);
    expect(notification(fetch({ headers: '100' }))).toMatch(/^200 /);
  });

  it('refuses a response over 50 MB', () => {
    const rt = runtime();
    expect(
      notification(rt.action('onFetchUrl', { parameters: { url: `${server.url}/bytes/${50 * 1024 * 1024}` } })),
    ).toBe(`200 ${50 * 1024 * 1024}`);
    expect(() =>
      rt.action('onFetchUrl', { parameters: { url: `${server.url}/bytes/${50 * 1024 * 1024 + 1}` } }),
    ).toThrow('Exception: Limit Exceeded: URLFetch response size.');
  });

  it('counts the daily quota of calls: 100,000 for a Workspace user, 20,000 for a gmail.com one', () => {
    const rt = runtime({ urlFetchCallsToday: 99_999 });
    const url = `${server.url}/echo`;
    expect(notification(rt.action('onFetchUrl', { parameters: { url } }))).toMatch(/^200/);
    expect(() => rt.action('onFetchUrl', { parameters: { url } })).toThrow(
      'onFetchUrl failed: Exception: Service invoked too many times for one day: urlfetch.',
    );
    const consumer = runtime({ user: 'ada@gmail.com', urlFetchCallsToday: 20_000 });
    expect(() => consumer.action('onFetchUrl', { parameters: { url } })).toThrow(/too many times for one day/);
  });
});

describe('card actions', () => {
  it('refuses action parameters with a key over 50 or a value over 1,024 characters', () => {
    const rt = runtime();
    const build = (parameters: Record<string, string>) =>
      rt.action('onLongParameter', { parameters: { parameters: JSON.stringify(parameters) } });
    expect(() => build({ ['k'.repeat(51)]: 'v' })).toThrow(/a key must have 1 to 50 characters/);
    expect(() => build({ k: 'v'.repeat(1025) })).toThrow(/the value of "k" has 1025 characters; at most 1024/);
    expect(() => build({ ['k'.repeat(50)]: 'v'.repeat(1024) })).not.toThrow();
  });
});

describe('the time limit', () => {
  it('ends a callback at its deadline even inside a UrlFetch wait: the add-on gets no chance to go on', () => {
    const rt = runtime({ timeLimitMs: 1_000 });
    expect(() => rt.action('onHangThenWrite')).toThrow('onHangThenWrite failed: Exceeded maximum execution time (1 s)');
    expect(rt.propertiesOf('user').afterDeadline).toBeUndefined();
  });
});
