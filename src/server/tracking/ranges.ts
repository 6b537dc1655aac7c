import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CidrSet, parseCidr } from './ip';

/**
 * The address lists the classifier needs. Each ships as a snapshot in ./data; an operator refreshes it with
 * `mailtrail tracking refresh-ranges`, which writes a copy under the data directory that wins over the snapshot.
 */
export type RangeKind = 'apple' | 'datacenter';
export const RANGE_KINDS: readonly RangeKind[] = ['apple', 'datacenter'];

const FILE_NAMES: Record<RangeKind, string> = {
  apple: 'apple-private-relay-egress.csv',
  datacenter: 'datacenter-ranges.csv',
};

export type RangeLineError = { line: number; text: string; error: string };
export type ParsedRangeFile = { entries: { cidr: string; label: string }[]; errors: RangeLineError[] };

const OWNER = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * Apple's format is `prefix,country,region,city,postal` with no header; every range is Apple's, so the label is
 * `apple`. The data-centre format is `cidr,owner`. Blank lines and `#` comments are skipped in both.
 */
export function parseRangeFile(kind: RangeKind, text: string): ParsedRangeFile {
  const entries: ParsedRangeFile['entries'] = [];
  const errors: RangeLineError[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fields = line.split(',').map((f) => f.trim());
    const cidr = fields[0];
    const parsed = parseCidr(cidr);
    if ('error' in parsed)
      return errors.push({ line: i + 1, text: raw.slice(0, 200), error: `"${cidr.slice(0, 60)}" ${parsed.error}` });
    if (kind === 'apple') return entries.push({ cidr, label: 'apple' });
    const owner = (fields[1] ?? '').toLowerCase();
    if (!OWNER.test(owner))
      return errors.push({
        line: i + 1,
        text: raw.slice(0, 200),
        error: 'needs an owner after the range, like "203.0.113.0/24,aws"',
      });
    entries.push({ cidr, label: owner });
  });
  return { entries, errors };
}

/**
 * The shipped snapshot. From source (tsx, vitest) it sits next to this module; the bundled CLI runs from dist/, so
 * it is looked up in the source tree beside it.
 */
export function shippedRangeFile(kind: RangeKind): string {
  const candidates = [
    new URL(`./data/${FILE_NAMES[kind]}`, import.meta.url),
    new URL(`../src/server/tracking/data/${FILE_NAMES[kind]}`, import.meta.url),
  ];
  const found = candidates.map((u) => fileURLToPath(u)).find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `the shipped ${FILE_NAMES[kind]} is missing from src/server/tracking/data; reinstall mailtrail or run refresh-ranges`,
    );
  return found;
}

export function operatorRangeFile(dataDir: string, kind: RangeKind): string {
  return join(dataDir, 'tracking', FILE_NAMES[kind]);
}

export type Ranges = { apple: CidrSet; datacenter: CidrSet };

/**
 * What an owner of the data-centre list is (docs/labels.md, "Networks"). A mail-security gateway checks opens and
 * links on its own account and then sends the person's own browser on, so a click from its network is never the
 * person. A webmail proxy fetches for a reader. Any other owner (AWS, Google Cloud, Azure, or one an operator adds)
 * is a cloud, where people also browse (cloud desktops, VPNs): it takes a second signal.
 */
export type OwnerKind = 'gateway' | 'mail-proxy' | 'cloud';
const OWNER_KINDS: Record<string, OwnerKind> = {
  microsoft: 'gateway',
  proofpoint: 'gateway',
  mimecast: 'gateway',
  barracuda: 'gateway',
  symantec: 'gateway',
  'outlook-web': 'mail-proxy',
};
export const ownerKind = (owner: string): OwnerKind => OWNER_KINDS[owner] ?? 'cloud';
export type LoadedRanges = Ranges & { sources: Record<RangeKind, string> };

function loadOne(kind: RangeKind, dataDir: string | undefined): { set: CidrSet; source: string } {
  const operator = dataDir ? operatorRangeFile(dataDir, kind) : undefined;
  const source = operator && existsSync(operator) ? operator : shippedRangeFile(kind);
  const { entries, errors } = parseRangeFile(kind, readFileSync(source, 'utf8'));
  if (errors.length) {
    const first = errors[0];
    throw new Error(
      `${source} line ${first.line}: ${first.error} (${errors.length} bad line(s)); fix the file or load a good one with \`mailtrail tracking refresh-ranges --kind ${kind} --file PATH\``,
    );
  }
  return { set: new CidrSet(entries), source };
}

/** The operator's refreshed lists when present, else the shipped snapshots. */
export function loadRanges(dataDir?: string): LoadedRanges {
  const apple = loadOne('apple', dataDir);
  const datacenter = loadOne('datacenter', dataDir);
  return {
    apple: apple.set,
    datacenter: datacenter.set,
    sources: { apple: apple.source, datacenter: datacenter.source },
  };
}

/**
 * Validates a downloaded list and puts it in place for the next start. Nothing changes unless every line is a
 * range: a truncated download or an HTML error page must not quietly switch the Apple rule off.
 */
export function installRangeFile(
  kind: RangeKind,
  sourcePath: string,
  dataDir: string,
): { path: string; count: number } {
  let text: string;
  try {
    text = readFileSync(sourcePath, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${sourcePath}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
      cause: err,
    });
  }
  const { entries, errors } = parseRangeFile(kind, text);
  if (errors.length) {
    const shown = errors
      .slice(0, 5)
      .map((e) => `  line ${e.line}: ${e.error}`)
      .join('\n');
    throw new Error(
      `${sourcePath} is not a ${kind === 'apple' ? "copy of Apple's egress-ip-ranges.csv" : 'cidr,owner list'}; nothing was changed.\n${shown}${errors.length > 5 ? `\n  … and ${errors.length - 5} more` : ''}`,
    );
  }
  if (entries.length === 0) throw new Error(`${sourcePath} holds no ranges; nothing was changed`);
  const target = operatorRangeFile(dataDir, kind);
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, target);
  return { path: target, count: entries.length };
}
