// Text ↔ bytes in a named charset, as Apps Script's `charset` arguments do (UTF-8 unless told otherwise).

function normalise(charset: string | undefined): string {
  return (charset ?? 'UTF-8').trim().toLowerCase().replace(/_/g, '-');
}

export function decodeText(bytes: Uint8Array, charset?: string): string {
  return new TextDecoder(normalise(charset)).decode(bytes);
}

/** Undefined when the charset is not one the emulator knows. */
export function encodeText(text: string, charset?: string): Buffer | undefined {
  const name = normalise(charset);
  if (name === 'utf-8' || name === 'utf8') return Buffer.from(text, 'utf8');
  if (name === 'us-ascii' || name === 'ascii' || name === 'iso-8859-1' || name === 'latin1')
    return Buffer.from(text, 'latin1');
  if (name === 'utf-16le') return Buffer.from(text, 'utf16le');
  return undefined;
}

/** The `charset` parameter of a Content-Type header value, if any. */
export function charsetOf(contentType: string | null | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1];
}
