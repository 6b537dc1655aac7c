/**
 * A 1×1 transparent GIF, 43 bytes: GIF89a, a two-colour table, a graphic control extension whose transparent
 * colour is index 0, and one LZW-coded pixel of colour 0.
 */
export const PIXEL_GIF: Buffer = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

/**
 * Headers of every pixel answer, whatever the token. Gmail's proxy re-fetches on each open only when told not
 * to cache (since March 2014), and it caches error answers for long: so always 200 with the image.
 */
export const PIXEL_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'image/gif',
  'content-length': String(PIXEL_GIF.length),
  'cache-control': 'no-cache, no-store, must-revalidate, private, max-age=0',
  pragma: 'no-cache',
  expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
  'x-robots-tag': 'noindex',
});
