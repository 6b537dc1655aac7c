// Shared by every builder: the key under which built responses carry their wire JSON for the driver.

/** Built cards and responses keep their wire JSON under this key; the driver reads it, add-on code cannot. */
export const WIRE = Symbol('mailtrail.wire');

/** CardService enum values: the emulator's values are the enum names (what `String(CardService.X.Y)` gives). */
export type EnumArg = string | number;

/** Drops undefined fields, so the JSON holds only what the add-on set. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
