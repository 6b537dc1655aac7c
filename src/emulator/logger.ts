// Logger and console: what the add-on logs is collected for tests, the CLI (--verbose) and the web emulator.

export interface LogLine {
  level: 'log' | 'info' | 'warn' | 'error' | 'debug';
  message: string;
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error || (value && typeof value === 'object' && 'stack' in value && 'message' in value))
    return String((value as Error).stack ?? value);
  try {
    return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}

/** Logger.log(data) or Logger.log(format, ...values), where each %s takes the next value. */
export function createLogger(sink: (line: LogLine) => void) {
  const lines: string[] = [];
  const logger = {
    log(data: unknown, ...values: unknown[]) {
      const message =
        values.length && typeof data === 'string'
          ? data.replace(/%s/g, () => (values.length ? show(values.shift()) : '%s'))
          : show(data);
      lines.push(message);
      sink({ level: 'info', message });
      return logger;
    },
    getLog: () => lines.join('\n'),
    clear: () => void lines.splice(0),
  };
  return logger;
}

export function createConsole(sink: (line: LogLine) => void) {
  const at =
    (level: LogLine['level']) =>
    (...args: unknown[]) =>
      sink({ level, message: args.map(show).join(' ') });
  return { log: at('log'), info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
}
