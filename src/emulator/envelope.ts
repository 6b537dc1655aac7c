// Turns what an add-on function returned into the HTTP-add-on JSON Gmail would render, refusing what Gmail
// would refuse.
import {
  AUTHORIZATION,
  type AuthorizationErrorJson,
  type AuthorizationRequest,
  type CardJson,
  type ResponseJson,
  type TriggerResponseJson,
  WIRE,
} from './card-service';

export type Kind = 'trigger' | 'action' | 'universal';

/** An add-on function failed, or returned something Gmail would not show: Gmail's error bar, as an exception. */
export class AddonError extends Error {
  constructor(
    readonly functionName: string,
    message: string,
    /** The add-on's own stack, when the add-on threw. */
    readonly addonStack?: string,
  ) {
    super(`${functionName} failed: ${message}`);
    this.name = 'AddonError';
  }
}

function wireOf(value: unknown): unknown {
  return value !== null && typeof value === 'object' && WIRE in value
    ? (value as { [WIRE]: unknown })[WIRE]
    : undefined;
}

function isCardJson(wire: unknown): wire is CardJson {
  return wire !== undefined && typeof wire === 'object' && wire !== null && 'sections' in wire;
}

/** A JSON copy: nothing the add-on's objects can still change, nothing of the vm realm. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function triggerEnvelope(fn: string, result: unknown): TriggerResponseJson {
  const cards = (Array.isArray(result) ? result : [result]).map(wireOf);
  if (cards.length === 0 || !cards.every(isCardJson)) {
    throw new AddonError(fn, 'a trigger must return a built Card or an array of Cards (CardBuilder.build())');
  }
  return copy({ action: { navigations: cards.map((card) => ({ pushCard: card })) } });
}

export function actionEnvelope(fn: string, kind: Exclude<Kind, 'trigger'>, result: unknown): ResponseJson {
  const wire = wireOf(result);
  if (result === undefined || result === null) return {} as ResponseJson;
  if (wire === undefined || isCardJson(wire) || Array.isArray(result)) {
    const want =
      kind === 'universal'
        ? 'a UniversalActionResponse (newUniversalActionResponseBuilder)'
        : 'an ActionResponse (newActionResponseBuilder)';
    throw new AddonError(
      fn,
      `an ${kind === 'universal' ? 'universal action' : 'action'} must return ${want}, or an UpdateDraftActionResponse in compose`,
    );
  }
  return copy(wire as ResponseJson);
}

export function authorizationRequestOf(error: unknown): AuthorizationRequest | undefined {
  return error !== null && typeof error === 'object' && AUTHORIZATION in error
    ? (error as { [AUTHORIZATION]: AuthorizationRequest })[AUTHORIZATION]
    : undefined;
}

export function basicAuthorizationPrompt(request: AuthorizationRequest): AuthorizationErrorJson {
  const prompt: { authorizationUrl: string; resource?: string } = { authorizationUrl: request.authorizationUrl };
  if (request.resource !== undefined) prompt.resource = request.resource;
  return { basicAuthorizationPrompt: prompt };
}

/** Every action function the JSON references: `function` is the Action's key in card v1 and nothing else's. */
export function actionFunctions(json: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(json)) json.forEach((item) => actionFunctions(item, into));
  else if (json !== null && typeof json === 'object') {
    for (const [key, value] of Object.entries(json)) {
      if (key === 'function' && typeof value === 'string') into.add(value);
      else actionFunctions(value, into);
    }
  }
  return into;
}

/** Every URL the JSON would open: OnClick.openLink and RenderActions.action.link. */
export function openedUrls(json: unknown, into: string[] = []): string[] {
  if (Array.isArray(json)) json.forEach((item) => openedUrls(item, into));
  else if (json !== null && typeof json === 'object') {
    for (const [key, value] of Object.entries(json)) {
      if (
        (key === 'openLink' || key === 'link') &&
        value &&
        typeof value === 'object' &&
        typeof (value as { url?: unknown }).url === 'string'
      ) {
        into.push((value as { url: string }).url);
      } else openedUrls(value, into);
    }
  }
  return into;
}
