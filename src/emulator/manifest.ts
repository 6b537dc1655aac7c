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

/**
 * Google's matching rule (https://developers.google.com/apps-script/manifest/allowlist-url): a URL matches a prefix it
 * starts with (paths are case-sensitive) or that equals it with a slash; `https://*.example.com/` matches the
 * subdomains of example.com; a lone "*" matches every URL (openLinkUrlPrefixes only).
 */
export function matchesPrefix(url: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => {
    if (p === '*' || url.startsWith(p) || `${url}/` === p) return true;
    const wild = /^(https?:\/\/)\*\.([^/]+)(\/.*)$/.exec(p);
    if (!wild) return false;
    const [, scheme, domain, path] = wild;
    const m = /^(https?:\/\/)([^/?#]+)(.*)$/.exec(url);
    return !!m && m[1] === scheme && m[2].endsWith(`.${domain}`) && `${m[3] || '/'}`.startsWith(path);
  });
}

/** Which build made the bundle: build.mjs writes addon/build.json beside it. A bundle without one is held to Google's rules in full. */
export type BuildTarget = 'local' | 'deploy';

export function readBuildTarget(path: string): BuildTarget {
  try {
    const target = (JSON.parse(readFileSync(path, 'utf8')) as { target?: unknown }).target;
    return target === 'local' ? 'local' : 'deploy';
  } catch {
    return 'deploy';
  }
}

/**
 * Why Apps Script would refuse the manifest's allowlists, or undefined. Google's rules: each prefix a valid URL with a
 * full domain and a non-empty path, https only. A local build (never pushed to Apps Script) may name an http backend.
 */
export function allowlistProblem(m: Manifest, target: BuildTarget): string | undefined {
  const lists: [string, string[] | undefined][] = [
    ['urlFetchWhitelist', m.urlFetchWhitelist],
    ['addOns.common.openLinkUrlPrefixes', m.addOns?.common?.openLinkUrlPrefixes],
  ];
  for (const [field, prefixes] of lists) {
    for (const p of prefixes ?? []) {
      if (p === '*' && field !== 'urlFetchWhitelist') continue;
      const m = /^(https?):\/\/(\*\.)?([a-z0-9.-]+|\[[0-9a-f:]+\])(:\d+)?(\/.*)?$/i.exec(p);
      const why = !m
        ? 'is not a URL with a full domain'
        : !m[5]
          ? 'has no path (end it with "/")'
          : m[1].toLowerCase() !== 'https' && target === 'deploy'
            ? 'is not https'
            : undefined;
      if (why) return `appsscript.json ${field} entry ${JSON.stringify(p)} ${why}; Apps Script refuses such a manifest`;
    }
  }
  return undefined;
}
