// The built add-on bundle (addon/Code.js) in the driver: what the manifest names and what the cards reference
// must be real top-level functions, and entrypoints.json must be exactly those functions. Names come from the
// manifest and from the cards themselves, so this holds whatever cards the add-on grows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AddonRuntime, Mailbox } from '../../src/emulator';
import { ensureBuilt, ROOT } from './build';
import { closedPortUrl } from './helpers';

const bundlePath = join(ROOT, 'addon/Code.js');
let rt: AddonRuntime;
let functions: string[];

beforeAll(async () => {
  ensureBuilt('addon/Code.js', 'addon/appsscript.json', 'addon/entrypoints.json');
  const mailbox = new Mailbox();
  await mailbox.add(readFileSync(new URL('./fixtures/quote.eml', import.meta.url)));
  // No backend: every card the add-on can show without one (its error cards included) is still checked.
  rt = new AddonRuntime({ bundlePath, backendUrl: await closedPortUrl(), mailbox });
  functions = rt.globalFunctions();
});

describe('the built add-on bundle', () => {
  it('defines every function the manifest names as a top-level function', () => {
    const named = rt.manifestFunctions();
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => !functions.includes(name))).toEqual([]);
  });

  it('addon/entrypoints.json lists exactly its top-level functions', () => {
    const entrypoints = JSON.parse(readFileSync(join(ROOT, 'addon/entrypoints.json'), 'utf8')) as string[];
    expect([...functions].sort()).toEqual([...entrypoints].sort());
  });

  it('answers every trigger and universal action with cards, even with the backend down, and their actions are top-level functions', () => {
    const [message] = rt.mailbox.messages();
    const manifest = JSON.parse(readFileSync(join(ROOT, 'addon/appsscript.json'), 'utf8')) as {
      addOns: { common: { universalActions?: { label: string; runFunction?: string }[] } };
    };
    rt.homepage();
    rt.compose({ to: ['bob@example.com'], cc: [], bcc: [] });
    rt.message(message.id);
    for (const action of manifest.addOns.common.universalActions ?? [])
      if (action.runFunction) rt.universal(action.runFunction);
    expect(rt.actionNames.size).toBeGreaterThan(0);
    expect([...rt.actionNames].filter((name) => !functions.includes(name))).toEqual([]);
  });
});
