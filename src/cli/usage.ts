/** A command line that does not say what to do: main prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {}

/** What `node:util` parseArgs throws for an unknown option, a missing value or a stray argument. */
function isParseArgsError(err: unknown): err is Error {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

export function isUsageError(err: unknown): err is Error {
  return err instanceof UsageError || isParseArgsError(err);
}

/** The first sentence of parseArgs' message: its advice about `--` is for arguments these commands do not take. */
export function usageMessage(err: Error): string {
  return err.message.replace(/\. To specify a positional argument[\s\S]*$/, '');
}

/** `--help` or `-h` anywhere before `--`, or `help` as the subcommand: the usage is all the person asked for. */
export function asksForHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return args[0] === 'help' || (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}
