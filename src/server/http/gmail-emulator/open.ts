import sanitizeHtml from 'sanitize-html';
import type { ParsedMail } from 'mailparser';

/** The user agent Gmail's image proxy fetches images with (it hides the reader's address and browser). */
export const GOOGLE_IMAGE_PROXY_UA =
  'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';
const MAX_IMAGE = 5 * 1024 * 1024;

/**
 * Opens a message as Gmail shows it to its reader: remote images are fetched by the server with the image proxy's
 * user agent (this is what a tracking pixel sees) and inlined; scripts and handlers are removed; links stay, so that
 * a click goes through a tracked link's redirect from the reader's own browser.
 */
export async function openAsGmail(
  parsed: ParsedMail,
): Promise<{ html: string; proxied: { url: string; status: number }[] }> {
  const source = typeof parsed.html === 'string' ? parsed.html : '';
  const safe = sanitizeHtml(source, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'font', 'center', 'span'],
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'width', 'height'],
      font: ['color', 'size', 'face'],
      '*': ['align'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data', 'cid'] },
    nonTextTags: ['script', 'style', 'textarea', 'noscript', 'title', 'head'],
  });
  const urls = [...new Set([...safe.matchAll(/<img[^>]*\ssrc="(https?:[^"]+)"/g)].map((m) => decodeEntities(m[1])))];
  const fetched = new Map<string, { status: number; dataUri: string | null }>();
  await Promise.all(urls.map(async (url) => fetched.set(url, await proxyFetch(url))));
  const html = safe.replace(/(<img[^>]*\ssrc=")(https?:[^"]+)(")/g, (all, pre: string, url: string, post: string) => {
    const got = fetched.get(decodeEntities(url));
    return got?.dataUri ? `${pre}${got.dataUri}${post}` : `${pre}${post}`;
  });
  return { html, proxied: [...fetched].map(([url, r]) => ({ url, status: r.status })) };
}

async function proxyFetch(url: string): Promise<{ status: number; dataUri: string | null }> {
  try {
    const response = await fetch(url, {
      headers: { 'user-agent': GOOGLE_IMAGE_PROXY_UA, accept: 'image/*' },
      redirect: 'follow',
      signal: AbortSignal.timeout(10_000),
    });
    const type = response.headers.get('content-type') ?? '';
    const body = Buffer.from(await response.arrayBuffer());
    if (!response.ok || !type.startsWith('image/') || body.length > MAX_IMAGE)
      return { status: response.status, dataUri: null };
    return { status: response.status, dataUri: `data:${type.split(';')[0]};base64,${body.toString('base64')}` };
  } catch {
    return { status: 0, dataUri: null };
  }
}

function decodeEntities(value: string): string {
  return value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}
