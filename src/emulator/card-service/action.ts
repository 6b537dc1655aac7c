// Action, OpenLink and AuthorizationAction: what a click (clickable.ts) or an on-change runs or opens.
import { Check, describe } from '../check';
import { compact, type EnumArg } from './base';
import { Interaction, LoadIndicator, OnClose, OpenAs } from './enums';
import type { ActionJson, OpenLinkJson } from './json';

/**
 * Google documents no length for card action parameters; these are the limits it documents for an add-on's
 * parameters elsewhere (ConferenceParameter: key 50, value 1,024 characters), applied here so that state which
 * belongs in properties or the cache does not ride on buttons through every event.
 */
export const PARAMETER_LIMITS = { key: 50, value: 1024 } as const;

export class Action {
  private functionName?: string;
  private parameters?: Record<string, string>;
  private loadIndicator?: keyof typeof LoadIndicator;
  private persistValues?: boolean;
  private interaction?: keyof typeof Interaction;
  private requiredWidgets: string[] = [];
  private allWidgetsAreRequired?: boolean;

  constructor(private readonly c: Check) {}

  setFunctionName(functionName: string): this {
    const name = this.c.text('functionName', functionName);
    if (!/^[A-Za-z_$][\w$]*$/.test(name))
      this.c.fail(`Invalid argument: functionName (${JSON.stringify(name)} is not a function name)`);
    this.functionName = name;
    return this;
  }
  /** Apps Script's deprecated name for setFunctionName. */
  setMethodName(functionName: string): this {
    return this.setFunctionName(functionName);
  }
  setParameters(parameters: { [key: string]: string }): this {
    if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) {
      this.c.fail(`Invalid argument: parameters (expected an object of strings, got ${describe(parameters)})`);
    }
    const copy: Record<string, string> = {};
    for (const [key, value] of Object.entries(parameters)) {
      // Gmail hands parameters back as strings only; anything else would arrive changed or not at all.
      if (typeof value !== 'string')
        this.c.fail(`Invalid argument: parameters (the value of "${key}" must be a string, got ${describe(value)})`);
      if (!key || key.length > PARAMETER_LIMITS.key)
        this.c.fail(
          `Invalid argument: parameters (a key must have 1 to ${PARAMETER_LIMITS.key} characters, got ${describe(key)})`,
        );
      if (value.length > PARAMETER_LIMITS.value)
        this.c.fail(
          `Invalid argument: parameters (the value of "${key}" has ${value.length} characters; at most ${PARAMETER_LIMITS.value})`,
        );
      copy[key] = value;
    }
    this.parameters = copy;
    return this;
  }
  setLoadIndicator(loadIndicator: EnumArg): this {
    this.loadIndicator = this.c.oneOf('loadIndicator', loadIndicator, LoadIndicator);
    return this;
  }
  setPersistValues(persistValues: boolean): this {
    this.persistValues = this.c.bool('persistValues', persistValues);
    return this;
  }
  setInteraction(interaction: EnumArg): this {
    this.interaction = this.c.oneOf('interaction', interaction, Interaction);
    return this;
  }
  addRequiredWidget(requiredWidget: string): this {
    this.requiredWidgets.push(this.c.text('requiredWidget', requiredWidget));
    return this;
  }
  setAllWidgetsAreRequired(allWidgetsAreRequired: boolean): this {
    this.allWidgetsAreRequired = this.c.bool('allWidgetsAreRequired', allWidgetsAreRequired);
    return this;
  }

  toJson(at: string): ActionJson {
    if (!this.functionName) this.c.fail(`${at}: an Action needs a function name (setFunctionName)`);
    if (this.interaction === 'OPEN_DIALOG')
      this.c.fail(`${at}: Interaction.OPEN_DIALOG is for Chat apps; Gmail strips a card that uses it`);
    return compact<ActionJson>({
      function: this.functionName,
      parameters: this.parameters && Object.entries(this.parameters).map(([key, value]) => ({ key, value })),
      loadIndicator: this.loadIndicator,
      persistValues: this.persistValues,
      requiredWidgets: this.requiredWidgets.length ? [...this.requiredWidgets] : undefined,
      allWidgetsAreRequired: this.allWidgetsAreRequired,
    });
  }
}

export class OpenLink {
  private url?: string;
  private openAs?: keyof typeof OpenAs;
  private onClose?: keyof typeof OnClose;

  constructor(private readonly c: Check) {}

  setUrl(url: string): this {
    this.url = this.c.url('url', url);
    return this;
  }
  setOpenAs(openAs: EnumArg): this {
    this.openAs = this.c.oneOf('openAs', openAs, OpenAs);
    return this;
  }
  setOnClose(onClose: EnumArg): this {
    this.onClose = this.c.oneOf('onClose', onClose, OnClose);
    return this;
  }

  toJson(at: string): OpenLinkJson {
    if (!this.url) this.c.fail(`${at}: an OpenLink needs a URL (setUrl)`);
    // RELOAD_ADD_ON is the deprecated name of RELOAD; the wire format only knows NOTHING and RELOAD.
    const onClose = this.onClose === 'RELOAD_ADD_ON' ? 'RELOAD' : this.onClose;
    return compact<OpenLinkJson>({ url: this.url, openAs: this.openAs, onClose });
  }
}

export class AuthorizationAction {
  private url?: string;
  constructor(private readonly c: Check) {}
  setAuthorizationUrl(authorizationUrl: string): this {
    this.url = this.c.url('authorizationUrl', authorizationUrl);
    return this;
  }
  /** Gmail opens the authorization page as an overlay and reloads the card when it closes. */
  toJson(at: string): OpenLinkJson {
    if (!this.url) this.c.fail(`${at}: an AuthorizationAction needs a URL (setAuthorizationUrl)`);
    return { url: this.url, openAs: 'OVERLAY', onClose: 'RELOAD' };
  }
}
