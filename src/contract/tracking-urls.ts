// The wire formats of tracking, shared by the server (which mints and serves them), the add-on (which inserts
// them) and the web app (which shows logged emails without them).

/**
 * A token as the server mints it: 18 random bytes (144 bits) in base64url, 24 characters. The pattern accepts
 * 22 to 64 so that a longer token can be introduced without breaking older drafts; anything else is answered
 * without a database lookup.
 */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

export function isWellFormedToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

const PIXEL_PREFIX = '/t/o/';
const LINK_PREFIX = '/t/c/';

/** `<public url>/t/o/<token>.gif`: the tracking pixel. */
export function pixelUrl(publicUrl: string, token: string): string {
  return `${publicUrl}${PIXEL_PREFIX}${token}.gif`;
}

/** `<public url>/t/c/<token>`: a tracked link; the target is looked up by token, never read from the URL. */
export function trackedLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}${LINK_PREFIX}${token}`;
}

/** The token in a pixel path segment `<token>.gif`, or null when the segment is not one. */
export function pixelTokenOf(segment: string): string | null {
  if (segment.length > 68 || !segment.endsWith('.gif')) return null;
  const token = segment.slice(0, -4);
  return isWellFormedToken(token) ? token : null;
}

/** Whether a URL (an `<img src>`) is a mailtrail pixel, whichever server minted it. */
export function isPixelUrl(url: string): boolean {
  return /\/t\/o\/[A-Za-z0-9_-]+\.gif(\?|$)/.test(url);
}

/** Whether a URL (an `<a href>`) is a mailtrail tracked link. */
export function isTrackedLinkUrl(url: string): boolean {
  return /\/t\/c\/[A-Za-z0-9_-]+(\?|$)/.test(url);
}

/** The token of a mailtrail tracked link URL, or null when the URL is not one. */
export function trackedLinkTokenOf(url: string): string | null {
  const match = /\/t\/c\/([A-Za-z0-9_-]+)(?:\?|$)/.exec(url);
  return match && isWellFormedToken(match[1]!) ? match[1]! : null;
}
