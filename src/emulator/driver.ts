// The driver: loads the built add-on (addon/Code.js) into a node:vm context with the emulated Apps Script
// globals, fires Gmail's triggers and card actions with the event objects Gmail sends, and returns the JSON
// Gmail would render. Like Apps Script, every execution starts from a fresh global scope; properties, cache
// and the mailbox persist between executions.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import vm from 'node:vm';
import { CacheStores } from './cache';
import type { ResponseJson } from './card-service';
import {
  AddonError,
  actionEnvelope,
  actionFunctions,
  authorizationRequestOf,
  basicAuthorizationPrompt,
  type Kind,
  openedUrls,
  triggerEnvelope,
} from './envelope';
import { buildEvent, type EventContext, type FormValue } from './events';
import { AccessTokens } from './gmail/access';
import { Mailbox } from './gmail/mailbox';
import { createAppsScriptGlobals } from './globals';
import type { LogLine } from './logger';
import { type Manifest, manifestFunctions, matchesPrefix, readManifest } from './manifest';
import { packageRoot } from './paths';
import { PropertyStores } from './properties';
import { realmOf } from './realm';
import type { FetchRecord } from './urlfetch/url-fetch-app';

/** Gmail stops an add-on callback after 30 seconds. */
export const EXECUTION_LIMIT_MS = 30_000;
export const DEFAULT_USER = 'ada@acme.test';
export const BACKEND_URL_PROPERTY = 'MAILTRAIL_BACKEND_URL';

export interface AddonRuntimeOptions {
  /** The built bundle; default `addon/Code.js` of this checkout. Its manifest is the appsscript.json beside it. */
  bundlePath?: string;
  /** Set as the script property MAILTRAIL_BACKEND_URL, which the add-on prefers to its baked-in URL. */
  backendUrl?: string;
  /** The Gmail user running the add-on. */
  user?: string;
  /** The user's Gmail locale, e.g. "en" or "fr-FR". */
  locale?: string;
  /** The user's time zone (IANA). */
  timeZone?: string;
  platform?: 'WEB' | 'ANDROID' | 'IOS';
  mailbox?: Mailbox;
  /** A JSON file that keeps the property stores between runtimes (CLI runs, web emulator restarts). */
  stateFile?: string;
  /** Drives cache expiry and ID token times; real time unless a test moves it. */
  clock?: () => number;
  /** Wall-clock budget of one execution; Gmail's is 30 s. */
  timeLimitMs?: number;
}

export type Recipients = { to?: string | string[]; cc?: string | string[]; bcc?: string | string[] };

export interface ActionOptions {
  parameters?: Record<string, string>;
  formInputs?: Record<string, FormValue>;
  /** The action runs in the compose window of a draft with these recipients. */
  draft?: Recipients;
  /** The action runs beside this open message. */
  messageId?: string;
}

/**
 * The vm's watchdog stops add-on code that loops; it fires a little after the limit so that time spent waiting in
 * UrlFetchApp (bounded by the limit itself) is reported as such.
 */
const watchdogMs = (limit: number) => limit + Math.min(5_000, limit);

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? [...v] : [v]);

export class AddonRuntime {
  readonly mailbox: Mailbox;
  readonly user: string;
  /** UrlFetchApp calls of the last execution. */
  fetches: FetchRecord[] = [];
  /** UrlFetchApp calls of every execution so far. */
  readonly allFetches: FetchRecord[] = [];
  /** Logger and console lines of the last execution. */
  logs: LogLine[] = [];
  /** Utilities.sleep durations of the last execution (they return at once). */
  sleeps: number[] = [];
  /** Every action function named by a card or response this runtime has returned. */
  readonly actionNames = new Set<string>();

  private readonly script: vm.Script;
  private readonly manifest: Manifest;
  private readonly properties: PropertyStores;
  private readonly caches: CacheStores;
  private readonly tokens = new AccessTokens();
  private readonly clock: () => number;

  constructor(private readonly options: AddonRuntimeOptions = {}) {
    const bundlePath = resolve(options.bundlePath ?? join(packageRoot(), 'addon/Code.js'));
    let source: string;
    try {
      source = readFileSync(bundlePath, 'utf8');
    } catch (err) {
      throw new Error(
        `cannot read the add-on bundle ${bundlePath} (${(err as Error).message}); run \`npm run build\` first`,
        { cause: err },
      );
    }
    this.script = new vm.Script(source, { filename: bundlePath });
    this.manifest = readManifest(join(dirname(bundlePath), 'appsscript.json'));
    this.user = options.user ?? DEFAULT_USER;
    this.mailbox = options.mailbox ?? new Mailbox();
    this.clock = options.clock ?? Date.now;
    this.properties = new PropertyStores(options.stateFile);
    this.caches = new CacheStores(this.clock);
    if (options.backendUrl) {
      const script = this.properties.script();
      this.properties.commit(script, { ...script, [BACKEND_URL_PROPERTY]: options.backendUrl.replace(/\/$/, '') });
    }
  }

  /** The homepage trigger (addOns.common.homepageTrigger). */
  homepage(): ResponseJson {
    const fn = this.manifest.addOns?.common?.homepageTrigger?.runFunction;
    if (!fn) throw new Error('the manifest has no homepageTrigger');
    return this.run(fn, 'trigger', this.context({}));
  }

  /** The compose trigger, as when the user opens the add-on in a draft with these recipients. */
  compose(recipients: Recipients = {}): ResponseJson {
    const fn = this.manifest.addOns?.gmail?.composeTrigger?.selectActions?.[0]?.runFunction;
    if (!fn) throw new Error('the manifest has no gmail.composeTrigger');
    return this.run(fn, 'trigger', this.context({ draft: recipients }));
  }

  /** The contextual trigger, as when the user opens this message of the mailbox. */
  message(messageId: string): ResponseJson {
    const fn = this.manifest.addOns?.gmail?.contextualTriggers?.[0]?.onTriggerFunction;
    if (!fn) throw new Error('the manifest has no gmail.contextualTriggers');
    return this.run(fn, 'trigger', this.context({ messageId }));
  }

  /** A universal action of the manifest, by function name or label (e.g. "onSettings" or "Settings"). */
  universal(nameOrLabel: string, where: Pick<ActionOptions, 'draft' | 'messageId'> = {}): ResponseJson {
    const action = (this.manifest.addOns?.common?.universalActions ?? []).find(
      (a) => a.runFunction === nameOrLabel || a.label === nameOrLabel,
    );
    if (!action?.runFunction)
      throw new Error(`the manifest has no universal action "${nameOrLabel}" that runs a function`);
    return this.run(action.runFunction, 'universal', this.context(where));
  }

  /** A card action: the function an Action names, with its parameters and the card's form inputs. */
  action(fn: string, options: ActionOptions = {}): ResponseJson {
    return this.run(fn, 'action', this.context(options));
  }

  /** The top-level functions of the bundle, as Apps Script would list them. */
  globalFunctions(): string[] {
    const ctx = this.load(this.newExecution());
    return Object.keys(ctx).filter((name) => typeof (ctx as Record<string, unknown>)[name] === 'function');
  }

  /** Functions the manifest names (triggers, universal actions). */
  manifestFunctions(): string[] {
    return manifestFunctions(this.manifest);
  }

  /** A copy of a property store, for tests and tools. */
  propertiesOf(store: 'script' | 'user'): Record<string, string> {
    return { ...(store === 'script' ? this.properties.script() : this.properties.user(this.user)) };
  }

  private context(where: ActionOptions): EventContext {
    const common = this.manifest.addOns?.common;
    const scopes = this.manifest.oauthScopes;
    const seesLocale =
      common?.useLocaleFromApp === true &&
      (!scopes || scopes.includes('https://www.googleapis.com/auth/script.locale'));
    const ctx: EventContext = {
      platform: this.options.platform ?? 'WEB',
      locale: seesLocale
        ? { userLocale: this.options.locale ?? 'en', timeZone: this.options.timeZone ?? 'Etc/UTC', now: this.clock() }
        : undefined,
      parameters: where.parameters,
      formInputs: where.formInputs,
    };
    if (where.messageId !== undefined) {
      const message = this.mailbox.get(where.messageId);
      if (!message)
        throw new Error(
          `no message ${where.messageId} in the emulated mailbox; add its source with mailbox.add(eml) first`,
        );
      ctx.gmail = { accessToken: this.tokens.issue(message.id), messageId: message.id, threadId: message.threadId };
    } else if (where.draft !== undefined) {
      const metadata = this.manifest.addOns?.gmail?.composeTrigger?.draftAccess === 'METADATA';
      const d = where.draft;
      ctx.gmail = {
        accessToken: this.tokens.issue(),
        recipients: metadata ? { to: list(d.to), cc: list(d.cc), bcc: list(d.bcc) } : undefined,
      };
    }
    return ctx;
  }

  private newExecution() {
    const started = performance.now();
    const limit = this.options.timeLimitMs ?? EXECUTION_LIMIT_MS;
    const backend = this.properties.script()[BACKEND_URL_PROPERTY];
    const whitelist = [...(this.manifest.urlFetchWhitelist ?? []), ...(backend ? [`${backend}/`] : [])];
    const exec = {
      started,
      limit,
      fetches: [] as FetchRecord[],
      logs: [] as LogLine[],
      sleeps: [] as number[],
      context: vm.createContext({}),
    };
    const realm = realmOf(vm.runInContext('({ Error, Date })', exec.context) as object);
    Object.assign(
      exec.context,
      createAppsScriptGlobals({
        realm,
        user: this.user,
        locale: this.options.locale ?? 'en',
        scriptTimeZone: this.manifest.timeZone ?? 'Etc/UTC',
        scopes: this.manifest.oauthScopes,
        clock: this.clock,
        properties: this.properties,
        caches: this.caches,
        mailbox: this.mailbox,
        tokens: this.tokens,
        timeLeftMs: () => limit - (performance.now() - started),
        refuseUrl: (url) =>
          this.manifest.urlFetchWhitelist && !matchesPrefix(url, whitelist)
            ? `UrlFetchApp: ${url} is not allowed by the manifest's urlFetchWhitelist (${whitelist.join(', ')})`
            : undefined,
        onFetch: (record) => exec.fetches.push(record),
        onLog: (line) => exec.logs.push(line),
        onSleep: (ms) => exec.sleeps.push(ms),
      }),
    );
    return exec;
  }

  private load(exec: ReturnType<AddonRuntime['newExecution']>): vm.Context {
    this.script.runInContext(exec.context, { timeout: watchdogMs(exec.limit) });
    return exec.context;
  }

  private run(fn: string, kind: Kind, where: EventContext): ResponseJson {
    const exec = this.newExecution();
    try {
      return this.execute(fn, kind, where, exec);
    } finally {
      this.fetches = exec.fetches;
      this.allFetches.push(...exec.fetches);
      this.logs = exec.logs;
      this.sleeps = exec.sleeps;
    }
  }

  private execute(
    fn: string,
    kind: Kind,
    where: EventContext,
    exec: ReturnType<AddonRuntime['newExecution']>,
  ): ResponseJson {
    const ctx = exec.context as Record<string, unknown>;
    const call = (name: string): unknown => {
      if (!/^[A-Za-z_$][\w$]*$/.test(name) || typeof ctx[name] !== 'function')
        throw new AddonError(name, `Script function not found: ${name}`);
      // The event is made in the add-on's realm, as Gmail's would be: plain JSON objects of its own.
      ctx.__mailtrailEvent = (vm.runInContext('JSON.parse', exec.context) as (s: string) => unknown)(
        JSON.stringify(buildEvent(where)),
      );
      try {
        return vm.runInContext(`${name}(__mailtrailEvent)`, exec.context, {
          timeout: watchdogMs(exec.limit),
          filename: `${name}.gs`,
        });
      } finally {
        delete ctx.__mailtrailEvent;
      }
    };

    let response: ResponseJson;
    try {
      this.load(exec);
      const result = call(fn);
      response = kind === 'trigger' ? triggerEnvelope(fn, result) : actionEnvelope(fn, kind, result);
    } catch (err) {
      if (err instanceof AddonError) throw err;
      const authorization = authorizationRequestOf(err);
      if (!authorization) throw this.failure(fn, err);
      response = basicAuthorizationPrompt(authorization);
      if (authorization.customUiCallback) {
        const cards = triggerEnvelope(authorization.customUiCallback, call(authorization.customUiCallback));
        response = { customAuthorizationPrompt: { action: cards.action } };
      }
    }
    if (performance.now() - exec.started > exec.limit)
      throw new AddonError(fn, `Exceeded maximum execution time (${exec.limit / 1000} s)`);
    this.checkLinks(fn, response);
    const referenced = actionFunctions(response);
    // Gmail would only fail on the click ("Script function not found"); a card naming a missing function is a bug now.
    const missing = [...referenced].find((name) => typeof ctx[name] !== 'function');
    if (missing)
      throw new AddonError(
        fn,
        `the response names the action "${missing}", which is not a top-level function of the bundle; Gmail would answer "Script function not found: ${missing}" when it is used`,
      );
    referenced.forEach((name) => this.actionNames.add(name));
    return response;
  }

  private failure(fn: string, err: unknown): AddonError {
    if (err !== null && typeof err === 'object' && 'message' in err) {
      const e = err as Error;
      const code = (e as { code?: string }).code;
      if (code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
        return new AddonError(
          fn,
          `Exceeded maximum execution time (${(this.options.timeLimitMs ?? EXECUTION_LIMIT_MS) / 1000} s)`,
        );
      return new AddonError(fn, `${e.name}: ${e.message}`, e.stack);
    }
    return new AddonError(fn, `threw ${String(err)}`);
  }

  /** Gmail opens only links that match the manifest's openLinkUrlPrefixes (the backend being one of them). */
  private checkLinks(fn: string, response: ResponseJson): void {
    const prefixes = this.manifest.addOns?.common?.openLinkUrlPrefixes;
    if (!prefixes) return;
    const backend = this.properties.script()[BACKEND_URL_PROPERTY];
    const allowed = [...prefixes, ...(backend ? [`${backend}/`] : [])];
    const refused = openedUrls(response).find((url) => !matchesPrefix(url, allowed));
    if (refused)
      throw new AddonError(
        fn,
        `Gmail would not open ${refused}: it matches no openLinkUrlPrefixes entry of appsscript.json (${allowed.join(', ')})`,
      );
  }
}
