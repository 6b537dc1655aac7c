import { describe, expect, it } from 'vitest';
import { DEFAULT_CLASSIFY_CONFIG } from '../../src/server/tracking/config';
import { coalesce } from '../../src/server/tracking/notify/coalesce';
import { notifies, settleDelayMs } from '../../src/server/tracking/notify/policy';

describe('what notifies', () => {
  it.each([
    { kind: 'open', label: 'human', mode: 'identified', notify: true },
    { kind: 'open', label: 'proxy', mode: 'identified', notify: true },
    { kind: 'click', label: 'human', mode: 'identified', notify: true },
    { kind: 'click', label: 'proxy', mode: 'identified', notify: false },
    { kind: 'open', label: 'apple_mpp', mode: 'identified', notify: false },
    { kind: 'open', label: 'prefetch', mode: 'identified', notify: false },
    { kind: 'click', label: 'scanner', mode: 'identified', notify: false },
    { kind: 'open', label: 'self', mode: 'identified', notify: false },
    { kind: 'open', label: 'human', mode: 'anonymous', notify: false },
    { kind: 'open', label: 'human', mode: 'off', notify: false },
  ] as const)('$kind by $label in $mode mode → $notify', ({ notify, ...event }) => {
    expect(notifies(event)).toBe(notify);
  });

  it('holds opens for a late viewing report, clicks for the rest of a sweep', () => {
    expect(settleDelayMs('open', DEFAULT_CLASSIFY_CONFIG)).toBe(5000);
    expect(settleDelayMs('click', DEFAULT_CLASSIFY_CONFIG)).toBe(10_000);
  });
});

describe('coalescing repeated opens', () => {
  it('notifies the first open, folds the next ones within the window, notifies again after it', () => {
    const minute = 60_000;
    let last: number | null = null;
    const decisions = [0, 1, 2, 9, 10, 25].map((m) => {
      const notify = coalesce(last, m * minute, 10 * minute);
      if (notify) last = m * minute;
      return [m, notify];
    });
    expect(decisions).toEqual([
      [0, true],
      [1, false],
      [2, false],
      [9, false],
      [10, true],
      [25, true],
    ]);
  });
});
