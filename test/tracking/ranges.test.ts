import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CidrSet, parseIp } from '../../src/server/tracking/ip';
import { installRangeFile, loadRanges, operatorRangeFile, parseRangeFile } from '../../src/server/tracking/ranges';

describe('CidrSet', () => {
  const set = new CidrSet([
    { cidr: '172.224.226.0/27', label: 'apple' },
    { cidr: '10.0.0.0/8', label: 'private' },
    { cidr: '10.1.0.0/16', label: 'private' },
    { cidr: '2a02:26f7:c8c4:4000::/64', label: 'apple' },
    { cidr: '2600:1f18::/33', label: 'aws' },
    { cidr: '::ffff:198.51.100.0/120', label: 'mapped' },
    { cidr: '203.0.113.7', label: 'single' },
  ]);

  it.each([
    ['172.224.226.0', 'apple'],
    ['172.224.226.31', 'apple'],
    ['172.224.226.32', null],
    ['10.200.3.4', 'private'],
    ['::ffff:172.224.226.9', 'apple'],
    ['::ffff:ace0:e209', 'apple'],
    ['2a02:26f7:c8c4:4000:ffff:ffff:ffff:ffff', 'apple'],
    ['2a02:26f7:c8c4:4001::', null],
    ['2600:1f18:7fff:ffff::1', 'aws'],
    ['2600:1f18:8000::1', null],
    ['198.51.100.77', 'mapped'],
    ['203.0.113.7', 'single'],
    ['203.0.113.8', null],
    ['fe80::1%eth0', null],
    ['not an address', null],
    ['', null],
  ])('%s → %s', (address, label) => {
    expect(set.lookup(address)).toBe(label);
  });

  it('parses the IPv6 forms Node reports', () => {
    expect(parseIp('::1')).toEqual({ family: 6, value: 1n });
    expect(parseIp('2001:db8::')).toEqual({ family: 6, value: 0x20010db8n << 96n });
    expect(parseIp('::ffff:192.0.2.1')).toEqual({ family: 4, value: 0xc0000201n });
    expect(parseIp('1::2:3:4:5:6:7')?.value).toBe(0x0001_0000_0002_0003_0004_0005_0006_0007n);
  });

  it('refuses a bad range, naming it', () => {
    expect(() => new CidrSet([{ cidr: '10.0.0.0/33', label: 'x' }])).toThrow(
      '"10.0.0.0/33" has a prefix length /33, more than 32',
    );
    expect(() => new CidrSet([{ cidr: 'example.com/24', label: 'x' }])).toThrow('is not an IPv4 or IPv6 address');
  });

  it('answers a lookup in a list the size of Apple’s', () => {
    const entries = Array.from({ length: 300_000 }, (_, i) => ({
      cidr: `${10 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/27`,
      label: 'apple',
    }));
    const big = new CidrSet(entries);
    expect(big.lookup('14.147.223.30')).toBe('apple');
    expect(big.lookup('14.147.223.40')).toBeNull();
  });
});

describe('range files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mailtrail-ranges-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const appleCsv = [
    '172.224.226.0/27,GB,GB-EN,London,',
    '2a02:26f7:b3c0:4000::/64,AE,AE-AZ,Abu Dhabi,',
    '104.28.0.0/24,US,US-CA,San Jose,',
    '',
  ].join('\n');

  it('loads the shipped snapshots when the operator has none', () => {
    const ranges = loadRanges(dir);
    expect(ranges.sources.apple).toMatch(/src\/server\/tracking\/data\/apple-private-relay-egress\.csv$/);
    expect(ranges.apple.lookup('172.224.226.5')).toBe('apple');
    expect(ranges.datacenter.lookup('40.107.22.48')).toBe('microsoft');
    const header = readFileSync(ranges.sources.apple, 'utf8');
    expect(header).toContain('https://mask-api.icloud.com/egress-ip-ranges.csv');
  });

  it("reads Apple's published format", () => {
    const { entries, errors } = parseRangeFile('apple', appleCsv);
    expect(errors).toEqual([]);
    expect(entries.map((e) => e.cidr)).toEqual(['172.224.226.0/27', '2a02:26f7:b3c0:4000::/64', '104.28.0.0/24']);
  });

  it('installs a refreshed list that then wins over the snapshot', () => {
    const file = join(dir, 'egress.csv');
    writeFileSync(file, '198.51.100.0/24,FR,FR-IDF,Paris,\n');
    expect(installRangeFile('apple', file, dir)).toEqual({ path: operatorRangeFile(dir, 'apple'), count: 1 });
    const ranges = loadRanges(dir);
    expect(ranges.apple.lookup('198.51.100.9')).toBe('apple');
    expect(ranges.apple.lookup('172.224.226.5')).toBeNull();
  });

  it('changes nothing when the download is not the list, and says which lines are wrong', () => {
    const good = join(dir, 'good.csv');
    writeFileSync(good, appleCsv);
    installRangeFile('apple', good, dir);
    const before = readFileSync(operatorRangeFile(dir, 'apple'), 'utf8');

    const html = join(dir, 'error.html');
    writeFileSync(html, '<html><body>503 Service Unavailable</body></html>\n');
    expect(() => installRangeFile('apple', html, dir)).toThrow(
      /error\.html is not a copy of Apple's egress-ip-ranges\.csv; nothing was changed\.\n {2}line 1: "<html><body>503 Service Unavailable<\/body><\/html>" is not an IPv4 or IPv6 address/,
    );
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '\n# nothing\n');
    expect(() => installRangeFile('apple', empty, dir)).toThrow('holds no ranges; nothing was changed');
    expect(() => installRangeFile('apple', join(dir, 'missing.csv'), dir)).toThrow(
      /cannot read .*missing\.csv: ENOENT/,
    );
    expect(readFileSync(operatorRangeFile(dir, 'apple'), 'utf8')).toBe(before);
  });

  it('needs an owner on each data-centre range', () => {
    const { errors } = parseRangeFile('datacenter', '3.0.0.0/15,aws\n34.64.0.0/10\n');
    expect(errors).toEqual([
      { line: 2, text: '34.64.0.0/10', error: 'needs an owner after the range, like "203.0.113.0/24,aws"' },
    ]);
  });

  it('refuses to start on a hand-broken operator file, saying how to fix it', () => {
    const target = operatorRangeFile(dir, 'datacenter');
    installRangeFile('datacenter', writeTemp(dir, '3.0.0.0/15,aws\n'), dir);
    writeFileSync(target, '3.0.0.0/15,aws\n3.0.0.0/99,aws\n');
    expect(() => loadRanges(dir)).toThrow(
      /datacenter-ranges\.csv line 2: "3\.0\.0\.0\/99" has a prefix length \/99, more than 32 .*refresh-ranges --kind datacenter/,
    );
  });

  it('`mailtrail tracking refresh-ranges` installs the file and reports a bad one with exit status 1', async () => {
    const run = promisify(execFile);
    const main = join(import.meta.dirname, '../../src/cli/main.ts');
    const file = writeTemp(dir, appleCsv);
    const ok = await run(process.execPath, [
      '--import',
      'tsx',
      main,
      'tracking',
      'refresh-ranges',
      '--file',
      file,
      '--data-dir',
      dir,
    ]);
    expect(ok.stdout).toBe(
      `3 apple ranges saved to ${operatorRangeFile(dir, 'apple')}; restart the server to use them\n`,
    );

    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'hello\n');
    const failed = await run(process.execPath, [
      '--import',
      'tsx',
      main,
      'tracking',
      'refresh-ranges',
      '--file',
      bad,
      '--data-dir',
      dir,
    ]).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('nothing was changed');
    expect(existsSync(operatorRangeFile(dir, 'apple'))).toBe(true);
    expect(loadRanges(dir).apple.lookup('172.224.226.1')).toBe('apple');
  });
});

function writeTemp(dir: string, text: string): string {
  const file = join(dir, `in-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, text);
  return file;
}
