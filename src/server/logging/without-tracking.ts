import { isPixelUrl, trackedLinkTokenOf } from '../../contract/tracking-urls';

// A tracked email arrives as sent: with our pixel and our `/t/c/…` links in it. What is logged is what the sender
// wrote: no pixel (it would end every snippet and count the CRM's readers as opens) and each link to its target.
// The edits are textual and touch only our own tags and URLs, so the rest of the body is stored byte for byte.

export type Body = { html: string | null; text: string | null };

/** Beyond this many distinct tracked links in one email, the rest stay as they are (and are defused when shown). */
const MAX_LINKS = 500;

const IMG_TAG = /<img\b[^>]*>/gi;
const A_TAG = /<a\b[^>]*>/gi;
const HREF = /(\shref\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
const SRC = /(\ssrc\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
// A URL in plain text, with the brackets html-to-text (or a mail client) put around it and the space before it.
const TEXT_URL = /( ?)([[<(]?)(https?:\/\/[^\s<>[\]()"']+)([\]>)]?)/g;

/** The value of an attribute matched by HREF or SRC (the same groups), its `&amp;` decoded. */
function attributeValue(match: RegExpMatchArray | null): string | null {
  const raw = match?.[2] ?? match?.[3] ?? match?.[4];
  return raw === undefined ? null : raw.replace(/&amp;/gi, '&');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The tokens of the tracked links in a body, for looking up their targets. */
export function trackedLinkTokens(body: Body): string[] {
  const tokens = new Set<string>();
  for (const tag of body.html?.match(A_TAG) ?? []) {
    const href = attributeValue(HREF.exec(tag));
    const token = href && trackedLinkTokenOf(href);
    if (token) tokens.add(token);
  }
  for (const [, , , url] of body.text?.matchAll(TEXT_URL) ?? []) {
    const token = trackedLinkTokenOf(url!);
    if (token) tokens.add(token);
  }
  return [...tokens].slice(0, MAX_LINKS);
}

/** The body without our pixel, and with each tracked link whose target is known replaced by that target. */
export function withoutTracking(body: Body, targets: ReadonlyMap<string, string>): Body {
  const target = (url: string) => {
    const token = trackedLinkTokenOf(url);
    return token ? targets.get(token) : undefined;
  };
  const html =
    body.html &&
    body.html
      .replace(IMG_TAG, (tag) => (isPixelUrl(attributeValue(SRC.exec(tag)) ?? '') ? '' : tag))
      .replace(A_TAG, (tag) => {
        const href = HREF.exec(tag);
        const to = target(attributeValue(href) ?? '');
        return to && href ? tag.replace(HREF, () => `${href[1]}"${escapeAttribute(to)}"`) : tag;
      });
  let pixels = 0;
  const text =
    body.text &&
    body.text.replace(TEXT_URL, (whole, space: string, open: string, url: string, close: string) => {
      if (isPixelUrl(url)) {
        pixels++;
        return '';
      }
      const to = target(url);
      return to ? `${space}${open}${to}${close}` : whole;
    });
  // The pixel ends the body, so removing it leaves the blank lines that led to it.
  return { html, text: text && pixels ? text.trimEnd() : text };
}
