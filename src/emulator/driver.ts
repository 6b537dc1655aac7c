// The driver: loads the built add-on (addon/Code.js) into a node:vm context with the emulated Apps Script
// globals, fires Gmail's triggers and card actions with the event objects Gmail sends, and returns the JSON
// Gmail would render. Like Apps Script, every execution starts from a fresh global scope; properties, cache
// and the mailbox persist between executions.
import vm from 'node:vm';
import { CacheStores } from './cache';
import type { ResponseJson, UpdateDraftActionMarkupJson } from './card-service';
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
import { Draft, type DraftFields } from './gmail/draft';
import { Mailbox } from './gmail/mailbox';
import { type Execution, newExecution, remainingMs } from './execution';
import type { LogLine } from './logger';
import { loadBundle } from './bundle';
import { type Manifest, manifestFunctions, matchesPrefix } from './manifest';
import { PropertyStores } from './properties';
import { Grants, SCOPE } from './scopes';
import { type FetchRecord, UrlFetchQuota } from './urlfetch/url-fetch-app';

/** Gmail stops an add-on callback after 30 seconds. */
export const EXECUTION_LIMIT_MS = 30_000;
export const DEFAULT_USER = 'ada@acme.test';
export const BACKEND_URL_PROPERTY = 'MAILTRAIL_BACKEND_URL';

export interface AddonRuntimeOptions {
  /** The built bundle; default `addon/Code.js` of this checkout. Its manifest is the appsscript.json beside it. */
  bundlePath?: string;
  /**
   * The bundle as deployed for this backend: the manifest's allowlists name it where they named the URL the bundle
   * was built for (what `MAILTRAIL_PUBLIC_URL=… node build.mjs` writes), and the script property
   * MAILTRAIL_BACKEND_URL points the add-on at it.
   */
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
  /** UrlFetchApp calls the user already made today, counted against Apps Script's daily quota. */
  urlFetchCallsToday?: number;
}

export type Recipients = { to?: string | string[]; cc?: string | string[]; bcc?: string | string[] };

/**
 * Where an action runs is where its card is: after `compose()` in the draft's compose window, after `message(id)`
 * beside that message, after `homepage()` on the homepage. These options move the panel first.
 */
export interface ActionOptions {
  parameters?: Record<string, string>;
  formInputs?: Record<string, FormValue>;
  /** The user edited the open draft's recipients to these (the web page, where the user types them). */
  draft?: Recipients;
  /** The action runs beside this open message. */
  messageId?: string;
}

type Panel = { kind: 'home' } | { kind: 'message'; messageId: string } | { kind: 'compose'; draft: Draft };

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
  /** GmailApp reads of the last execution (each one a call to Gmail inside the 30 s). */
  gmailReads: string[] = [];
  /** Every action function named by a card or response this runtime has returned. */
  readonly actionNames = new Set<string>();

  private readonly script: vm.Script;
  private readonly manifest: Manifest;
  private readonly properties: PropertyStores;
  private readonly caches: CacheStores;
  private readonly tokens = new AccessTokens();
  private readonly clock: () => number;
  private readonly urlFetchQuota: UrlFetchQuota;
  private panel: Panel = { kind: 'home' };

  constructor(private readonly options: AddonRuntimeOptions = {}) {
    const bundle = loadBundle(options.bundlePath, options.backendUrl);
    this.script = bundle.script;
    this.manifest = bundle.manifest;
    this.user = options.user ?? DEFAULT_USER;
    this.mailbox = options.mailbox ?? new Mailbox();
    this.clock = options.clock ?? Date.now;
    this.properties = new PropertyStores(options.stateFile);
    this.caches = new CacheStores(this.clock);
    this.urlFetchQuota = new UrlFetchQuota(this.user, this.clock, options.urlFetchCallsToday ?? 0);
    if (options.backendUrl) {
      const script = this.properties.script();
      this.properties.commit(script, { ...script, [BACKEND_URL_PROPERTY]: options.backendUrl.replace(/\/$/, '') });
    }
  }

  /** The homepage trigger (addOns.common.homepageTrigger). */
  homepage(): ResponseJson {
    const fn = this.manifest.addOns?.common?.homepageTrigger?.runFunction;
    if (!fn) throw new Error('the manifest has no homepageTrigger');
    this.panel = { kind: 'home' };
    return this.run(fn, 'trigger', this.context({}));
  }

  /** The user opens a compose window: a new draft, the one `compose()` and later actions work on. */
  openDraft(fields: Partial<DraftFields> = {}): Draft {
    const draft = new Draft(fields);
    this.panel = { kind: 'compose', draft };
    return draft;
  }

  /** The draft of the open compose window, if one is open. */
  get draft(): Draft | undefined {
    return this.panel.kind === 'compose' ? this.panel.draft : undefined;
  }

  /**
   * The compose trigger, as when the user opens the add-on in the open draft; with recipients, in a new draft
   * addressed to them.
   */
  compose(recipients?: Recipients): ResponseJson {
    const fn = this.manifest.addOns?.gmail?.composeTrigger?.selectActions?.[0]?.runFunction;
    if (!fn) throw new Error('the manifest has no gmail.composeTrigger');
    // "All compose time add-ons must have the gmail.addons.current.action.compose scope even though it might not
    // edit the draft" (https://developers.google.com/workspace/add-ons/reference/rpc/google.apps.script.type/gmail).
    if (!new Grants(this.manifest.oauthScopes).has(SCOPE.compose))
      throw new AddonError(fn, `Gmail runs no compose trigger without the ${SCOPE.compose} scope in appsscript.json`);
    if (recipients || !this.draft)
      this.openDraft({ to: list(recipients?.to), cc: list(recipients?.cc), bcc: list(recipients?.bcc) });
    return this.run(fn, 'trigger', this.context({}));
  }

  /** The contextual trigger, as when the user opens this message of the mailbox with the add-on's panel open. */
  message(messageId: string): ResponseJson {
    const fn = this.manifest.addOns?.gmail?.contextualTriggers?.[0]?.onTriggerFunction;
    if (!fn) throw new Error('the manifest has no gmail.contextualTriggers');
    this.panel = { kind: 'message', messageId };
    return this.run(fn, 'trigger', this.context({}));
  }

  /** A universal action of the manifest, by function name or label (e.g. "onSettings" or "Settings"). */
  universal(nameOrLabel: string, where: Pick<ActionOptions, 'draft' | 'messageId'> = {}): ResponseJson {
    const action = (this.manifest.addOns?.common?.universalActions ?? []).find(
      (a) => a.runFunction === nameOrLabel || a.label === nameOrLabel,
    );
    if (!action?.runFunction)
      throw new Error(`the manifest has no universal action "${nameOrLabel}" that runs a function`);
    this.moveTo(where);
    return this.run(action.runFunction, 'universal', this.context({}));
  }

  /** A card action: the function an Action names, with its parameters and the card's form inputs. */
  action(fn: string, options: ActionOptions = {}): ResponseJson {
    this.moveTo(options);
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

  /** The panel an action runs in: the current one, or the one the options name. */
  private moveTo(where: Pick<ActionOptions, 'draft' | 'messageId'>): void {
    if (where.messageId !== undefined) this.panel = { kind: 'message', messageId: where.messageId };
    else if (where.draft !== undefined) {
      const draft = this.draft ?? this.openDraft();
      draft.to = list(where.draft.to);
      draft.cc = list(where.draft.cc);
      draft.bcc = list(where.draft.bcc);
    }
  }

  private context(where: Pick<ActionOptions, 'parameters' | 'formInputs'>): EventContext {
    const common = this.manifest.addOns?.common;
    const scopes = this.manifest.oauthScopes;
    const seesLocale = common?.useLocaleFromApp === true && new Grants(scopes).has(SCOPE.locale);
    const ctx: EventContext = {
      platform: this.options.platform ?? 'WEB',
      locale: seesLocale
        ? { userLocale: this.options.locale ?? 'en', timeZone: this.options.timeZone ?? 'Etc/UTC', now: this.clock() }
        : undefined,
      parameters: where.parameters,
      formInputs: where.formInputs,
    };
    const panel = this.panel;
    if (panel.kind === 'message') {
      const message = this.mailbox.get(panel.messageId);
      if (!message)
        throw new Error(
          `no message ${panel.messageId} in the emulated mailbox; add its source with mailbox.add(eml) first`,
        );
      ctx.gmail = { accessToken: this.tokens.issue(message.id), messageId: message.id, threadId: message.threadId };
    } else if (panel.kind === 'compose') {
      const metadata = this.manifest.addOns?.gmail?.composeTrigger?.draftAccess === 'METADATA';
      const d = panel.draft;
      ctx.gmail = {
        accessToken: this.tokens.issue(),
        recipients: metadata ? { to: [...d.to], cc: [...d.cc], bcc: [...d.bcc] } : undefined,
      };
    }
    return ctx;
  }

  private newExecution(kind: Kind = 'trigger'): Execution {
    return newExecution({
      kind,
      limit: this.options.timeLimitMs ?? EXECUTION_LIMIT_MS,
      manifest: this.manifest,
      user: this.user,
      locale: this.options.locale ?? 'en',
      clock: this.clock,
      properties: this.properties,
      caches: this.caches,
      mailbox: this.mailbox,
      tokens: this.tokens,
      urlFetchQuota: this.urlFetchQuota,
    });
  }

  private load(exec: Execution): vm.Context {
    this.script.runInContext(exec.context, { timeout: remainingMs(exec) });
    return exec.context;
  }

  private run(fn: string, kind: Kind, where: EventContext): ResponseJson {
    if (!new Grants(this.manifest.oauthScopes).has(SCOPE.execute))
      throw new AddonError(fn, `Gmail runs no add-on without the ${SCOPE.execute} scope in appsscript.json`);
    const exec = this.newExecution(kind);
    try {
      return this.execute(fn, kind, where, exec);
    } finally {
      this.fetches = exec.fetches;
      this.allFetches.push(...exec.fetches);
      this.logs = exec.logs;
      this.sleeps = exec.sleeps;
      this.gmailReads = exec.gmailReads;
    }
  }

  private execute(fn: string, kind: Kind, where: EventContext, exec: Execution): ResponseJson {
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
          timeout: remainingMs(exec),
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
    this.updateDraft(fn, kind, response);
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

  /** Gmail opens only links that match the manifest's openLinkUrlPrefixes. */
  private checkLinks(fn: string, response: ResponseJson): void {
    const allowed = this.manifest.addOns?.common?.openLinkUrlPrefixes;
    if (!allowed) return;
    const refused = openedUrls(response).find((url) => !matchesPrefix(url, allowed));
    if (refused)
      throw new AddonError(
        fn,
        `Gmail would not open ${refused}: it matches no openLinkUrlPrefixes entry of appsscript.json (${allowed.join(', ')})`,
      );
  }

  /**
   * Gmail applies an UpdateDraftActionResponse to the open draft, and only from an action of the compose UI with
   * the gmail.addons.current.action.compose scope. The draft then carries the change into the next event.
   */
  private updateDraft(fn: string, kind: Kind, response: ResponseJson): void {
    const markup = (
      response as {
        renderActions?: { hostAppAction?: { gmailAction?: { updateDraftActionMarkup?: UpdateDraftActionMarkupJson } } };
      }
    ).renderActions?.hostAppAction?.gmailAction?.updateDraftActionMarkup;
    if (!markup) return;
    if (kind !== 'action' || this.panel.kind !== 'compose')
      throw new AddonError(
        fn,
        'an UpdateDraftActionResponse only answers an action of the compose UI (a compose action); Gmail refuses it here',
      );
    if (!new Grants(this.manifest.oauthScopes).has(SCOPE.compose))
      throw new AddonError(
        fn,
        `Gmail refuses the draft update: the manifest lacks the ${SCOPE.compose} scope compose actions need`,
      );
    this.panel.draft.apply(markup);
  }
}
