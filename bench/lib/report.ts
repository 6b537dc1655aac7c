import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

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
  note?: string;
};

const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));

export function printTable(figures: Figure[]): void {
  const rows = figures.map((f) => [
    f.bench,
    f.metric,
    `${fmt(f.value)} ${f.unit}`,
    f.baseline === undefined ? '' : `${fmt(f.baseline)} ${f.unit} (${f.baselineName ?? 'baseline'})`,
    f.baseline === undefined || f.baseline === 0 ? '' : (f.value / f.baseline).toFixed(2),
    f.target ?? '',
  ]);
  const head = ['bench', 'metric', 'value', 'baseline', 'ratio', 'target'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  process.stdout.write(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
}

export function saveResults(figures: Figure[], dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, platform: process.platform };
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), machine, figures }, null, 2) + '\n');
  return file;
}
