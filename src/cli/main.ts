// `mailtrail <command> …`: one binary for the server, its admin commands and the add-on emulator.
import { commands } from './commands';
import { asksForHelp, isUsageError, usageMessage } from './usage';

function overview(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const list = Object.entries(commands)
    .map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`)
    .join('\n');
  return `usage: mailtrail <command> [options]\n\n${list}\n\n\`mailtrail <command> --help\` says more about one.\n`;
}

const withNewline = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);

/** Exit codes: 0 done, 1 it failed (and said why on stderr), 2 the command line was wrong (usage on stderr). */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(overview());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`mailtrail: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  const { usage, run } = await command.load();
  if (asksForHelp(rest)) {
    process.stdout.write(withNewline(usage));
    return 0;
  }
  try {
    return (await run(rest)) ?? 0;
  } catch (err) {
    if (!isUsageError(err)) throw err;
    process.stderr.write(`mailtrail ${name}: ${usageMessage(err)}\n\n${withNewline(usage)}`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    // Expected failures (bad values, unreachable database) carry a message meant for people; show only that.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`mailtrail: ${message}\n`);
    if (process.env.MAILTRAIL_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  },
);
