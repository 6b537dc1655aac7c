// The add-on as Gmail runs it: backend round trips per trigger and action, bundle size, and the time the add-on's
// own code takes to build the compose card (the emulator's total minus the time spent waiting on UrlFetch).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { step } from '../src/cli/progress';
import { AddonRuntime } from '../src/emulator';
import { actionParameters, cardOf } from '../test/addon/harness';
import { cli, startMailtrail } from './lib/mailtrail';
import { percentiles } from './lib/mailtrail';
import type { Figure } from './lib/report';

const ROOT = resolve(import.meta.dirname, '..');
const BUNDLE_TARGET_KB = 150;

export async function benchAddon(dataDir: string): Promise<Figure[]> {
  cli(['seed', '--demo', '--data-dir', dataDir]);
  const server = await startMailtrail(dataDir, { name: 'sqlite', args: [] });
  try {
    const addon = new AddonRuntime({ backendUrl: server.url, user: 'ada@acme.test' });
    const draft = { to: ['hank.scorpio@globex.test', 'mindy.simmons@globex.test'], cc: ['pepper.potts@stark.test'] };
    const calls: [string, () => unknown][] = [
      ['homepage', () => addon.homepage()],
      ['compose', () => addon.compose(draft)],
      ['compose again (cache hit)', () => addon.compose(draft)],
      [
        'apply',
        () =>
          addon.action('onApply', {
            parameters: actionParameters(cardOf(addon.compose(draft)), 'onApply'),
            formInputs: { track: 'on', log: 'on' },
            draft,
          }),
      ],
      ['settings', () => addon.universal('onSettings')],
    ];
    const figures: Figure[] = [];
    step('addon: round trips per trigger and action');
    for (const [name, run] of calls) {
      run();
      figures.push({
        bench: 'add-on',
        metric: `round trips: ${name}`,
        value: addon.fetches.length,
        unit: '',
        target: name.includes('cache') ? '0' : '1',
      });
    }

    // Compose cards with the cache cleared each time (a fresh recipient list), against the homepage trigger: the same
    // vm and one round trip too, but a small card.
    step('addon: time to build cards, 200 runs each');
    const own = (run: () => unknown) => {
      const t = process.hrtime.bigint();
      run();
      const total = Number(process.hrtime.bigint() - t) / 1e6;
      return total - addon.fetches.reduce((ms, f) => ms + f.ms, 0);
    };
    const composeMs: number[] = [];
    const homeMs: number[] = [];
    for (let i = 0; i < 200; i++) {
      composeMs.push(own(() => addon.compose({ ...draft, bcc: [`bench-${i}@example.org`] })));
      homeMs.push(own(() => addon.homepage()));
    }
    const compose = percentiles(composeMs);
    const home = percentiles(homeMs);
    figures.push(
      {
        bench: 'add-on',
        metric: 'compose card, add-on time p50',
        value: compose.p50,
        baseline: home.p50,
        baselineName: 'homepage card',
        unit: 'ms',
        note: 'emulator total minus UrlFetch wait',
      },
      {
        bench: 'add-on',
        metric: 'compose card, add-on time p99',
        value: compose.p99,
        baseline: home.p99,
        baselineName: 'homepage card',
        unit: 'ms',
      },
      {
        bench: 'add-on',
        metric: 'bundle size',
        value: statSync(resolve(ROOT, 'addon/Code.js')).size / 1024,
        baseline: BUNDLE_TARGET_KB,
        baselineName: 'target',
        unit: 'KB',
        target: `≤ ${BUNDLE_TARGET_KB} KB`,
      },
    );
    return figures;
  } finally {
    await server.stop();
  }
}
