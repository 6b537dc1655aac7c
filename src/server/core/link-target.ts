/**
 * A tracked link's target as a header can carry it: the WHATWG serialisation (host in punycode, path and query
 * percent-encoded), or null when the text is not an http(s) URL. `https://a.test/café→` is stored and sent as
 * `https://a.test/caf%C3%A9%E2%86%92`, which every browser follows to the same page.
 */
export function wellFormedLinkTarget(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

/**
 * The `Location` of a click: a target stored before registration normalised them may hold characters a header
 * cannot (node throws ERR_INVALID_CHAR, every click answered 500), so anything outside printable ASCII is
 * percent-encoded as UTF-8 when the URL parser cannot do it.
 */
export function locationOf(target: string): string {
  return (
    wellFormedLinkTarget(target) ??
    target.replace(/[^\x21-\x7e]+/gu, (run) =>
      [...Buffer.from(run, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
    )
  );
}
