// Apps Script's byte arrays are Java's: plain arrays of signed integers from -128 to 127.

export function toByteArray(data: Uint8Array): number[] {
  const out = new Array<number>(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] > 127 ? data[i] - 256 : data[i];
  return out;
}

/** Accepts signed (Apps Script) or unsigned bytes; returns undefined when the value is not a byte array. */
export function fromByteArray(value: unknown): Buffer | undefined {
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (!Array.isArray(value)) return undefined;
  const out = Buffer.alloc(value.length);
  for (let i = 0; i < value.length; i++) {
    const b = value[i];
    if (typeof b !== 'number' || !Number.isInteger(b) || b < -128 || b > 255) return undefined;
    out[i] = b & 0xff;
  }
  return out;
}

export function isByteArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && fromByteArray(value) !== undefined;
}
