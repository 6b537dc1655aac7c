// Shared by every builder: the key and base class of built cards and responses, the mixin base type, compact().

/** Built cards and responses keep their wire JSON under this key; the driver reads it, add-on code cannot. */
export const WIRE = Symbol('mailtrail.wire');

/** A built card or response: opaque to add-on code (as in Apps Script), its JSON readable by the emulator. */
export abstract class Built<J> {
  readonly [WIRE]: J;
  constructor(json: J) {
    this[WIRE] = json;
  }
  printJson(): string {
    return JSON.stringify(this[WIRE], null, 2);
  }
}

/** What a mixin may extend: TypeScript takes a class as a mixin base only if its constructor takes `...args: any[]`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mixin rule above
export type MixinBase = abstract new (...args: any[]) => object;

/** CardService enum values: the emulator's values are the enum names (what `String(CardService.X.Y)` gives). */
export type EnumArg = string | number;

/** Drops undefined fields, so the JSON holds only what the add-on set. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
