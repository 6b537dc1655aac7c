// The built add-on as Gmail would run it: the bundle's code, and its manifest as deployed for the backend a test
// or the emulated Gmail points it at.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import vm from 'node:vm';
import { allowlistProblem, type Manifest, readBuildTarget, readManifest } from './manifest';
import { packageRoot } from './paths';

export type Bundle = { script: vm.Script; manifest: Manifest };

/** Reads addon/Code.js (or `bundlePath`) and its appsscript.json; refuses a manifest Google would refuse. */
export function loadBundle(path: string | undefined, backendUrl: string | undefined): Bundle {
  const bundlePath = resolve(path ?? join(packageRoot(), 'addon/Code.js'));
  let source: string;
  try {
    source = readFileSync(bundlePath, 'utf8');
  } catch (err) {
    throw new Error(
      `cannot read the add-on bundle ${bundlePath} (${(err as Error).message}); run \`npm run build\` first`,
      { cause: err },
    );
  }
  const script = new vm.Script(source, { filename: bundlePath });
  const built = readManifest(join(dirname(bundlePath), 'appsscript.json'));
  const target = readBuildTarget(join(dirname(bundlePath), 'build.json'));
  const manifest = backendUrl
    ? deployedFor(built, builtFor(join(dirname(bundlePath), 'build.json')), backendUrl)
    : built;
  const problem = allowlistProblem(manifest, target);
  if (problem) throw new Error(problem);
  return { script, manifest };
}

/** The bundle's manifest as deployed for another backend: the built-for URL's entries name the new one instead. */
function deployedFor(m: Manifest, builtUrl: string | undefined, backendUrl: string): Manifest {
  const to = `${backendUrl.replace(/\/$/, '')}/`;
  const from = builtUrl ? `${builtUrl.replace(/\/$/, '')}/` : undefined;
  const swap = (list: string[] | undefined) =>
    list && (from && list.includes(from) ? list.map((p) => (p === from ? to : p)) : [...list, to]);
  const common = m.addOns?.common;
  return {
    ...m,
    urlFetchWhitelist: swap(m.urlFetchWhitelist ?? []),
    addOns: m.addOns && {
      ...m.addOns,
      common: common && { ...common, openLinkUrlPrefixes: swap(common.openLinkUrlPrefixes ?? []) },
    },
  };
}

/** The URL build.mjs baked into the bundle (addon/build.json), if it says. */
function builtFor(path: string): string | undefined {
  try {
    const url = (JSON.parse(readFileSync(path, 'utf8')) as { publicUrl?: unknown }).publicUrl;
    return typeof url === 'string' ? url : undefined;
  } catch {
    return undefined;
  }
}
