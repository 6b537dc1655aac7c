// `mailtrail <command> …`: one binary for the server, its admin commands and the add-on emulator.
import { commands } from './commands';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    const width = Math.max(...Object.keys(commands).map((n) => n.length));
    const list = Object.entries(commands)
      .map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`)
      .join('\n');
    const out = name && name !== 'help' && name !== '--help' ? process.stderr : process.stdout;
    out.write(
      `${name && name !== 'help' && name !== '--help' ? `unknown command "${name}"\n\n` : ''}usage: mailtrail <command> [options]\n\n${list}\n`,
    );
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  const run = await command.load();
  return (await run(rest)) ?? 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    // Expected failures (bad options, unreachable database) carry a message meant for people; show only that.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`mailtrail: ${message}\n`);
    if (process.env.MAILTRAIL_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  },
);
