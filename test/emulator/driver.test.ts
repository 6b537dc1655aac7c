// The driver runs an add-on bundle as Gmail would: fresh globals per execution, Gmail's event objects, the
// response envelopes, and Gmail's error bar for what fails. The probe add-on in fixtures/ is plain Apps Script.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_AUDIENCE, DEV_PUBLIC_JWK } from '../../src/emulator/dev-identity';
import { AddonError, AddonRuntime, type AddonRuntimeOptions, Mailbox } from '../../src/emulator';
import { type ChildServer, startHttpServer } from './helpers';

const bundlePath = fileURLToPath(new URL('./fixtures/probe-addon/Code.js', import.meta.url));
const JAN_2024 = Date.UTC(2024, 0, 15, 12, 0, 0);

let server: ChildServer;
beforeAll(async () => {
  server = await startHttpServer();
});
afterAll(() => server?.stop());

const runtime = (options: AddonRuntimeOptions = {}) =>
  new AddonRuntime({
    bundlePath,
    backendUrl: server.url,
    user: 'ada@acme.test',
    clock: () => JAN_2024,
    timeZone: 'Europe/Paris',
    locale: 'fr-FR',
    ...options,
  });

/** The text of the notification an action answered with. */
function notification(response: unknown): string {
  return (response as { renderActions: { action: { notification: { text: string } } } }).renderActions.action
    .notification.text;
}
function pushedCards(response: unknown) {
  return (
    response as {
      action: {
        navigations: { pushCard: { name: string; sections: { widgets: { textParagraph?: { text: string } }[] }[] } }[];
      };
    }
  ).action.navigations.map((n) => n.pushCard);
}
const firstText = (card: ReturnType<typeof pushedCards>[number]) => card.sections[0].widgets[0].textParagraph!.text;

describe('triggers', () => {
  it('homepage: the card pushed, built in a fresh global scope at every execution, for the given user', () => {
    const rt = runtime();
    const first = rt.homepage();
    expect(first).toEqual({
      action: {
        navigations: [
          {
            pushCard: {
              name: 'home',
              header: { title: 'home' },
              sections: [
                {
                  widgets: [
                    { textParagraph: { text: 'executions=1 user=ada@acme.test' } },
                    {
                      buttonList: {
                        buttons: [
                          {
                            text: 'Echo',
                            onClick: { action: { function: 'onEcho', parameters: [{ key: 'from', value: 'home' }] } },
                          },
                        ],
                      },
                    },
                  ],
                },
              ],
            },
          },
        ],
      },
    });
    expect(firstText(pushedCards(rt.homepage())[0])).toBe('executions=1 user=ada@acme.test');
    expect([...rt.actionNames]).toEqual(['onEcho']);
  });

  it('compose: the draft recipients reach the add-on (draftAccess METADATA); several cards are pushed in order', () => {
    const cards = pushedCards(runtime().compose({ to: ['bob@example.com'], cc: 'carol@example.org', bcc: [] }));
    expect(cards.map((c) => c.name)).toEqual(['compose', 'second']);
    const gmail = JSON.parse(firstText(cards[0]));
    expect(gmail).toEqual({
      accessToken: expect.any(String),
      toRecipients: ['bob@example.com'],
      ccRecipients: ['carol@example.org'],
      bccRecipients: [],
    });
  });

  it('message: the add-on reads the open message of the mailbox with the event token', async () => {
    const mailbox = new Mailbox();
    const { messageId } = await mailbox.add(readFileSync(new URL('./fixtures/quote.eml', import.meta.url)));
    const rt = runtime({ mailbox });
    expect(firstText(pushedCards(rt.message(messageId))[0])).toBe('Quote for café machines | 2 | true');
    expect(() => rt.message('0000000000000000')).toThrow(/no message 0000000000000000 in the emulated mailbox/);
  });

  it('universal action, by label or by function name', () => {
    const rt = runtime();
    const expected = {
      renderActions: { action: { navigations: [{ pushCard: expect.objectContaining({ name: 'settings' }) }] } },
    };
    expect(rt.universal('Settings')).toEqual(expected);
    expect(rt.universal('onSettings')).toEqual(expected);
    expect(() => rt.universal('Help')).toThrow(/no universal action "Help"/);
  });
});

describe('event objects, as Gmail sends them', () => {
  it('a card action in compose: commonEventObject with locale, time zone, form inputs, parameters; gmail; legacy fields', () => {
    const rt = runtime();
    rt.compose({ to: 'bob@example.com', bcc: ['boss@acme.test'] });
    const e = JSON.parse(
      notification(
        rt.action('onEcho', {
          parameters: { from: 'compose' },
          formInputs: { note: 'Hi', picks: ['contact:1', 'deal:2'] },
        }),
      ),
    );
    expect(e.commonEventObject).toEqual({
      hostApp: 'GMAIL',
      platform: 'WEB',
      userLocale: 'fr-FR',
      timeZone: { id: 'Europe/Paris', offset: 3_600_000 },
      formInputs: {
        note: { stringInputs: { value: ['Hi'] } },
        picks: { stringInputs: { value: ['contact:1', 'deal:2'] } },
      },
      parameters: { from: 'compose' },
    });
    expect(e.gmail).toEqual({
      accessToken: expect.any(String),
      toRecipients: ['bob@example.com'],
      ccRecipients: [],
      bccRecipients: ['boss@acme.test'],
    });
    expect(e.formInput).toEqual({ note: 'Hi', picks: 'contact:1' });
    expect(e.formInputs).toEqual({ note: ['Hi'], picks: ['contact:1', 'deal:2'] });
    expect(e.parameters).toEqual({ from: 'compose' });
    expect(e.messageMetadata).toEqual({ accessToken: e.gmail.accessToken });
    expect(e).toMatchObject({
      clientPlatform: 'web',
      hostApp: 'gmail',
      userLocale: 'fr',
      userCountry: 'FR',
      userTimezone: { id: 'Europe/Paris', offSet: '3600000' },
    });
  });

  it('a card action beside a message carries the message, its thread and a token; without form inputs or parameters, neither key', async () => {
    const mailbox = new Mailbox();
    const { messageId, threadId } = await mailbox.add(readFileSync(new URL('./fixtures/other.eml', import.meta.url)));
    const e = JSON.parse(notification(runtime({ mailbox }).action('onEcho', { messageId })));
    expect(e.gmail).toEqual({ accessToken: expect.any(String), messageId, threadId });
    expect(e.messageMetadata).toEqual({ accessToken: e.gmail.accessToken, messageId, threadId });
    expect(e.commonEventObject.formInputs).toBeUndefined();
    expect(e.commonEventObject.parameters).toBeUndefined();
  });

  it('on the homepage there is no gmail object', () => {
    expect(JSON.parse(notification(runtime().action('onEcho'))).gmail).toBeUndefined();
  });
});

describe('responses', () => {
  it('an UpdateDraftActionResponse from a compose action', () => {
    const rt = runtime();
    rt.compose({ to: ['bob@example.com'], bcc: ['boss@acme.test'] });
    expect(rt.action('onApply')).toEqual({
      renderActions: {
        hostAppAction: {
          gmailAction: {
            updateDraftActionMarkup: {
              updateBody: {
                insertContents: [{ content: '<img src="x.gif">', contentType: 'IMMUTABLE_HTML' }],
                type: 'INSERT_AT_END',
              },
              updateBccRecipients: { bccRecipients: [{ email: 'boss@acme.test' }, { email: 'log+t1@bcc.acme.test' }] },
            },
          },
        },
      },
    });
  });

  it('an AuthorizationException becomes the basic authorization prompt, or the custom one from its callback', () => {
    const rt = runtime();
    expect(rt.action('onAuthorize')).toEqual({
      basicAuthorizationPrompt: { authorizationUrl: 'https://auth.example.com/start', resource: 'CRM account' },
    });
    const custom = rt.action('onCustomAuthorize') as {
      customAuthorizationPrompt: { action: { navigations: { pushCard: { name: string } }[] } };
    };
    expect(custom.customAuthorizationPrompt.action.navigations.map((n) => n.pushCard.name)).toEqual(['authorize']);
  });

  it('a link to a prefix of openLinkUrlPrefixes is fine; any other link is refused as Gmail would', () => {
    const rt = runtime();
    expect(rt.action('onGoodLink')).toEqual({
      renderActions: { action: { link: { url: 'https://crm.example.com/records/1' } } },
    });
    expect(() => rt.action('onBadLink')).toThrow(
      'onBadLink failed: Gmail would not open https://evil.example.com/phish: it matches no openLinkUrlPrefixes entry of appsscript.json',
    );
  });

  it('an action that returns nothing answers {}; one that returns a Card is refused', () => {
    const rt = runtime();
    expect(rt.action('onNothing')).toEqual({});
    expect(() => rt.action('onReturnsCard')).toThrow(/onReturnsCard failed: an action must return an ActionResponse/);
  });
});

describe("failures come back as errors with the add-on's message (Gmail shows an error bar)", () => {
  it('an add-on exception', () => {
    try {
      runtime().action('onThrow');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AddonError);
      expect((err as AddonError).message).toBe('onThrow failed: Error: backend said no');
      expect((err as AddonError).addonStack).toMatch(/onThrow/);
    }
  });

  it("service errors are Errors of the add-on's own realm, named Exception", () => {
    expect(notification(runtime().action('onServiceError'))).toBe(
      'true Exception Invalid argument: ftp://example.com/',
    );
  });

  it('a card that names an action the bundle does not define', () => {
    expect(() => runtime().action('onDanglingAction')).toThrow(
      'onDanglingAction failed: the response names the action "onMissing", which is not a top-level function of the bundle; Gmail would answer "Script function not found: onMissing" when it is used',
    );
  });

  it('a function the bundle does not define', () => {
    expect(() => runtime().action('nope')).toThrow('nope failed: Script function not found: nope');
  });

  it('a callback that runs past the time limit', () => {
    expect(() => runtime({ timeLimitMs: 200 }).action('onLoop')).toThrow(
      'onLoop failed: Exceeded maximum execution time (0.2 s)',
    );
  });

  it('a service member mailtrail does not use', () => {
    expect(() => runtime().action('onUnemulated')).toThrow(/GmailApp.search is not emulated/);
  });
});

describe('the runtime around the add-on', () => {
  it('only Apps Script globals: no process, require, timers, fetch, URL or TextEncoder', () => {
    expect(notification(runtime().action('onGlobals'))).toBe(
      'undefined,undefined,undefined,undefined,undefined,undefined',
    );
  });

  it('UrlFetchApp calls the backend over HTTP with the ID token, and each call is counted', () => {
    const rt = runtime();
    expect(notification(rt.action('onFetch'))).toBe('200 3');
    expect(rt.fetches).toEqual([{ method: 'GET', url: `${server.url}/echo`, status: 200, ms: expect.any(Number) }]);
    rt.homepage();
    expect(rt.fetches).toEqual([]);
    rt.action('onFetch');
    expect(rt.allFetches).toHaveLength(2);
  });

  it('UrlFetchApp refuses URLs outside the manifest whitelist (plus the backend)', () => {
    const rt = runtime();
    expect(() => rt.action('onFetchElsewhere')).toThrow(
      /https:\/\/elsewhere.example.com\/ is not allowed by the manifest's urlFetchWhitelist/,
    );
    expect(rt.fetches).toEqual([]);
  });

  it('the backend URL is the script property MAILTRAIL_BACKEND_URL', () => {
    expect(runtime().propertiesOf('script')).toEqual({ MAILTRAIL_BACKEND_URL: server.url });
  });

  it('properties persist across executions and, with a state file, across runtimes; the cache across executions', () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'mailtrail-driver-')), 'state.json');
    const rt = runtime({ stateFile });
    rt.action('onRemember', { parameters: { value: 'v1' } });
    expect(notification(rt.action('onRecall'))).toBe('v1 v1');
    expect(notification(runtime({ stateFile }).action('onRecall'))).toBe('v1 null');
    expect(runtime({ stateFile, user: 'bob@acme.test' }).propertiesOf('user')).toEqual({});
  });

  it('Logger and console lines and Utilities.sleep are recorded per execution', () => {
    const rt = runtime();
    rt.action('onLog');
    expect(rt.logs).toEqual([
      { level: 'info', message: 'hello log' },
      { level: 'warn', message: 'careful' },
    ]);
    expect(rt.sleeps).toEqual([2000]);
    rt.homepage();
    expect(rt.logs).toEqual([]);
  });

  it('the ID token the add-on gets verifies against the dev key', async () => {
    const token = notification(runtime().action('onIdentity'));
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: [DEV_PUBLIC_JWK] }), {
      audience: DEV_AUDIENCE,
      currentDate: new Date(JAN_2024),
    });
    expect(payload.email).toBe('ada@acme.test');
  });

  it("lists the bundle's top-level functions and the functions its manifest names", () => {
    const rt = runtime();
    expect(rt.globalFunctions()).toEqual(expect.arrayContaining(['card', 'notify', 'onHome', 'onEcho', 'authCards']));
    expect(rt.globalFunctions()).not.toContain('CardService');
    expect(rt.manifestFunctions().sort()).toEqual(['onCompose', 'onHome', 'onMessage', 'onSettings']);
  });

  it('a missing bundle says to build first', () => {
    expect(() => new AddonRuntime({ bundlePath: '/nonexistent/Code.js' })).toThrow(/run `npm run build` first/);
  });
});
