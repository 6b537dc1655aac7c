import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

/** What a figure must reach: on its ratio to the baseline, or on its own value. */
export type Goal = { ratioAtLeast?: number; ratioAtMost?: number; valueAtMost?: number; equal?: true };

/** One line of the result table: a measured figure beside the baseline measured in the same run. */
export type Figure = {
  bench: string;
  metric: string;
  value: number;
  baseline?: number;
  baselineName?: string;
  unit: string;
  /** ratio = value / baseline; `target` says what the ratio (or value) must reach, as text for the table. */
  target?: string;
  /** The target as numbers: the table marks a figure that misses it. */
  goal?: Goal;
  note?: string;
};

const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));

/** Whether the figure meets its goal; undefined when it has none (or no baseline to take a ratio of). */
export function meets(f: Figure): boolean | undefined {
  const g = f.goal;
  if (!g) return undefined;
  const ratio = f.baseline ? f.value / f.baseline : undefined;
  if (g.equal) return f.baseline !== undefined && f.value === f.baseline;
  if (g.valueAtMost !== undefined) return f.value <= g.valueAtMost;
  if (ratio === undefined) return undefined;
  if (g.ratioAtLeast !== undefined && ratio < g.ratioAtLeast) return false;
  if (g.ratioAtMost !== undefined && ratio > g.ratioAtMost) return false;
  return true;
}

export function printTable(figures: Figure[]): void {
  const rows = figures.map((f) => {
    const met = meets(f);
    return [
      f.bench,
      f.metric,
      `${fmt(f.value)} ${f.unit}`,
      f.baseline === undefined ? '' : `${fmt(f.baseline)} ${f.unit} (${f.baselineName ?? 'baseline'})`,
      f.baseline === undefined || f.baseline === 0 ? '' : (f.value / f.baseline).toFixed(2),
      f.target ?? '',
      met === undefined ? '' : met ? 'met' : 'MISS',
    ];
  });
  const head = ['bench', 'metric', 'value', 'baseline', 'ratio', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  process.stdout.write(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
}

export function saveResults(figures: Figure[], dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  // The load average beside the figures: the machines here are shared, and a busy one moves every ratio.
  const machine = {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    node: process.version,
    platform: process.platform,
    loadavg: loadavg(),
  };
  const results = figures.map((f) => ({ ...f, met: meets(f) }));
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), machine, figures: results }, null, 2) + '\n');
  return file;
}
