import { parseArgs } from 'node:util';
import { RANGE_KINDS, type RangeKind, installRangeFile } from './ranges';

const USAGE = `usage: mailtrail tracking refresh-ranges --file PATH [--kind apple|datacenter] [--data-dir DIR]

  Loads a fresh address list for the open/click classifier and keeps it under DIR/tracking/.
  --kind apple       (default) Apple's iCloud Private Relay egress list, as published at
                     https://mask-api.icloud.com/egress-ip-ranges.csv (prefix,country,region,city,postal)
  --kind datacenter  data-centre and mail-gateway ranges, one "cidr,owner" a line
  --data-dir         the server's data directory (default: $MAILTRAIL_DATA_DIR, else ./data)
  The file is checked line by line; if any line is not a range nothing is changed.
  The server reads the lists when it starts: restart it to use the new one.
`;

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'refresh-ranges') {
    (sub && sub !== 'help' && sub !== '--help' ? process.stderr : process.stdout).write(USAGE);
    return sub && sub !== 'help' && sub !== '--help' ? 2 : 0;
  }
  const { values } = parseArgs({
    args: rest,
    options: { file: { type: 'string' }, kind: { type: 'string', default: 'apple' }, 'data-dir': { type: 'string' } },
    strict: true,
  });
  if (!values.file) throw new Error(`refresh-ranges needs --file PATH\n\n${USAGE}`);
  if (!RANGE_KINDS.includes(values.kind as RangeKind)) throw new Error(`--kind must be one of ${RANGE_KINDS.join(', ')}, not "${values.kind}"`);
  const dataDir = values['data-dir'] ?? process.env.MAILTRAIL_DATA_DIR ?? 'data';
  const { path, count } = installRangeFile(values.kind as RangeKind, values.file, dataDir);
  process.stdout.write(`${count} ${values.kind} ranges saved to ${path}; restart the server to use them\n`);
  return 0;
}
