// What the emulator reads from the built add-on manifest (addon/appsscript.json).
import { readFileSync } from 'node:fs';

export interface Manifest {
  timeZone?: string;
  oauthScopes?: string[];
  urlFetchWhitelist?: string[];
  addOns?: {
    common?: {
      homepageTrigger?: { runFunction?: string; enabled?: boolean };
      universalActions?: { label: string; runFunction?: string; openLink?: string }[];
      openLinkUrlPrefixes?: string[];
      useLocaleFromApp?: boolean;
    };
    gmail?: {
      contextualTriggers?: { onTriggerFunction: string }[];
      composeTrigger?: { selectActions?: { text: string; runFunction: string }[]; draftAccess?: 'NONE' | 'METADATA' };
    };
  };
}

export function readManifest(path: string): Manifest {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (err) {
    throw new Error(
      `cannot read the add-on manifest ${path} (${(err as Error).message}); run \`npm run build\` first`,
      { cause: err },
    );
  }
}

/** Every function the manifest names: triggers and universal actions. */
export function manifestFunctions(m: Manifest): string[] {
  const common = m.addOns?.common;
  const gmail = m.addOns?.gmail;
  return [
    common?.homepageTrigger?.runFunction,
    ...(common?.universalActions ?? []).map((a) => a.runFunction),
    ...(gmail?.contextualTriggers ?? []).map((t) => t.onTriggerFunction),
    ...(gmail?.composeTrigger?.selectActions ?? []).map((a) => a.runFunction),
  ].filter((name): name is string => Boolean(name));
}

/** A URL is allowed when it starts with one of the prefixes; "*" allows every URL (openLinkUrlPrefixes only). */
export function matchesPrefix(url: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => p === '*' || url.startsWith(p) || `${url}/` === p);
}
