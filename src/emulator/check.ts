// Argument checks shared by every emulated service: failures are thrown as Apps Script does ("Invalid argument: …"),
// as errors of the add-on's realm.
import type { Realm } from './realm';

export class Check {
  constructor(readonly realm: Realm) {}

  fail(message: string): never {
    throw this.realm.error(message);
  }

  /** A string argument. Numbers and booleans are converted, as Apps Script's Java bridge does; nothing else is. */
  text(name: string, value: unknown): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return this.fail(`Invalid argument: ${name} (expected a string, got ${describe(value)})`);
  }

  bool(name: string, value: unknown): boolean {
    if (typeof value !== 'boolean')
      this.fail(`Invalid argument: ${name} (expected true or false, got ${describe(value)})`);
    return value;
  }

  int(name: string, value: unknown, min = -Infinity): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      this.fail(
        `Invalid argument: ${name} (expected an integer${min > -Infinity ? ` ≥ ${min}` : ''}, got ${describe(value)})`,
      );
    }
    return value;
  }

  oneOf<T extends string>(name: string, value: unknown, allowed: Readonly<Record<T, T>>): T {
    if (typeof value !== 'string' || !Object.prototype.hasOwnProperty.call(allowed, value)) {
      this.fail(
        `Invalid argument: ${name} (expected one of ${Object.keys(allowed).join(', ')}, got ${describe(value)})`,
      );
    }
    return value as T;
  }

  /** An object built by this CardService (not a builder of another kind, not a plain object). */
  instance<T>(name: string, value: unknown, type: abstract new (...args: never[]) => T, what: string): T {
    if (!(value instanceof type)) this.fail(`Invalid argument: ${name} (expected ${what}, got ${describe(value)})`);
    return value;
  }

  url(name: string, value: unknown): string {
    const url = this.text(name, value);
    if (!/^https?:\/\/[^\s]+$/i.test(url))
      this.fail(`Invalid argument: ${name} (expected an http or https URL, got ${JSON.stringify(url)})`);
    return url;
  }

  /** Methods that @types/google-apps-script lists but the emulator does not implement fail loudly, never silently. */
  notEmulated(method: string, why = 'mailtrail does not use it'): never {
    return this.fail(`${method} is not emulated (${why}); see docs/emulator.md`);
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'object') return value.constructor?.name ? `a ${value.constructor.name}` : 'an object';
  return `${typeof value} ${String(value)}`;
}
