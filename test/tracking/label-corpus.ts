import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventLabel } from '../../src/contract/addon';
import { madeByPerson } from '../../src/contract/labels';

/** The label corpus (test/fixtures/label-corpus, its README says what each field means). */
export type CorpusEntry = {
  id: string;
  file: string;
  kind: 'open' | 'click';
  method: 'GET' | 'HEAD';
  userAgent: string;
  headers: Record<string, string>;
  ip: string;
  timing: { secondsAfterSend: number; previousEvent?: string; secondsAfterPreviousEvent?: number };
  context?: {
    email?: string;
    linkId?: string;
    linkCount?: number;
    senderViewedSecondsAfterSend?: number[];
    sendRecorded?: boolean;
  };
  expected: EventLabel;
  uncertainOk: boolean;
};

export const CORPUS_DIR = join(import.meta.dirname, '../fixtures/label-corpus');

export function loadCorpus(): CorpusEntry[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'schema.json')
    .sort()
    .flatMap((file) =>
      (
        JSON.parse(readFileSync(join(CORPUS_DIR, file), 'utf8')) as { entries: Omit<CorpusEntry, 'file'>[] }
      ).entries.map((e) => ({ ...e, file })),
    );
}

/** The entries that hit one tracked email, in time order: a sweep, a check then the person's click. */
export function byEmail(entries: readonly CorpusEntry[]): CorpusEntry[][] {
  const groups = new Map<string, CorpusEntry[]>();
  for (const e of entries) {
    const key = e.context?.email ?? `alone:${e.id}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()].map((g) => g.sort((a, b) => a.timing.secondsAfterSend - b.timing.secondsAfterSend));
}

export type Outcome = { entry: CorpusEntry; label: EventLabel; uncertain: boolean; reasons: string[] };

export const LABELS: readonly EventLabel[] = ['human', 'proxy', 'apple_mpp', 'prefetch', 'scanner', 'self'];

/** Rows: the expected label; columns: the label given. Each cell counts entries; `(u)` how many were uncertain. */
export function confusionMatrix(outcomes: readonly Outcome[]): string {
  const header = `| expected \\ got | ${LABELS.join(' | ')} |`;
  const rule = `| --- | ${LABELS.map(() => '---').join(' | ')} |`;
  const rows = LABELS.map((expected) => {
    const row = outcomes.filter((o) => o.entry.expected === expected);
    const cells = LABELS.map((got) => {
      const hit = row.filter((o) => o.label === got);
      const uncertain = hit.filter((o) => o.uncertain).length;
      const n = `${hit.length}${uncertain ? ` (${uncertain} u)` : ''}`;
      return got === expected ? `**${n}**` : n;
    });
    return `| ${expected} (${row.length}) | ${cells.join(' | ')} |`;
  });
  const agree = outcomes.filter((o) => o.label === o.entry.expected).length;
  return [
    `${agree} of ${outcomes.length} agree; ${outcomes.filter((o) => o.uncertain).length} verdicts uncertain`,
    header,
    rule,
    ...rows,
  ].join('\n');
}

/** Whether the expected label is a person's: a reader, directly or behind a proxy (an isolation click too). */
const personExpected = (e: CorpusEntry) => e.expected === 'human' || e.expected === 'proxy';

/**
 * The issue's Done-when, per entry: a machine given a person's label (it would notify), and a person given a
 * machine's label without saying it is a guess. A machine entry the corpus marks undecidable (`uncertainOk`) may be
 * labelled a person's: no rule can tell it from a real click without breaking real ones (FINDINGS.md, cause J).
 */
export function misleading(outcomes: readonly Outcome[]) {
  return {
    machineAsPerson: outcomes.filter(
      (o) =>
        !personExpected(o.entry) &&
        o.entry.expected !== 'self' &&
        madeByPerson(o.entry.kind, o.label) &&
        !o.entry.uncertainOk,
    ),
    personDropped: outcomes.filter(
      (o) => personExpected(o.entry) && !madeByPerson(o.entry.kind, o.label) && o.label !== 'proxy' && !o.uncertain,
    ),
  };
}
