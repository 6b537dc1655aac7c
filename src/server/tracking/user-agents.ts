import type { EventKind } from './facts';
import { memo } from '../core/memo';

// User-agent tells, each from a published source or an ESP's field report (docs/decisions.md, "Tracking: labels").

/** Gmail's image proxy: every Gmail open arrives with it (and the sender's own Gmail views too). */
export const GOOGLE_IMAGE_PROXY = /GoogleImageProxy|via ggpht\.com/i;

/** Yahoo's image proxy; it caches, so only the first open of a message shows. */
export const YAHOO_MAIL_PROXY = /YahooMailProxy/i;

/** The Gmail prefetcher: fires within seconds of delivery when the recipient has Gmail open. Matched exactly. */
export const GMAIL_PREFETCH_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.135 Safari/537.36 Edge/12.246 Mozilla/5.0';

/** Apple Mail Privacy Protection's prefetch sends nothing but this. Matched exactly. */
export const APPLE_MPP_UA = 'Mozilla/5.0';

export type ScannerAgent = { name: string; pattern: RegExp; kinds: readonly EventKind[] };

const BOTH: readonly EventKind[] = ['open', 'click'];

/**
 * Security gateways, link previewers, crawlers and HTTP libraries. No person reads mail with these. Note what is
 * NOT here: `Microsoft Office/16.0 (… Microsoft Outlook …)` is Outlook for Windows opening a message.
 */
export const SCANNER_AGENTS: readonly ScannerAgent[] = [
  { name: 'proofpoint', pattern: /proofpoint|urldefense/i, kinds: BOTH },
  { name: 'mimecast', pattern: /mimecast/i, kinds: BOTH },
  { name: 'barracuda', pattern: /barracuda/i, kinds: BOTH },
  { name: 'bingpreview', pattern: /BingPreview/i, kinds: BOTH },
  { name: 'symantec', pattern: /symantec|messagelabs/i, kinds: BOTH },
  { name: 'cisco', pattern: /cisco|ironport/i, kinds: BOTH },
  { name: 'trend-micro', pattern: /trend ?micro/i, kinds: BOTH },
  { name: 'fortinet', pattern: /fortiguard|fortimail/i, kinds: BOTH },
  { name: 'sophos', pattern: /sophos/i, kinds: BOTH },
  // Office apps probe a link before handing it to the browser, which then makes the person's own click.
  // Outlook may fetch images with the same agent, so this one is for clicks only.
  { name: 'ms-office', pattern: /\bms-office\b|Microsoft Office (?:Existence|Protocol) Discovery/i, kinds: ['click'] },
  { name: 'headless-browser', pattern: /HeadlessChrome|PhantomJS|SlimerJS|Puppeteer|Playwright/i, kinds: BOTH },
  {
    name: 'link-preview',
    pattern:
      /Slackbot|Twitterbot|facebookexternalhit|LinkedInBot|WhatsApp|TelegramBot|Discordbot|SkypeUriPreview|Google-PageRenderer|Iframely|Embedly/i,
    kinds: BOTH,
  },
  {
    name: 'http-library',
    pattern:
      /^(?:curl|Wget|python-requests|Python-urllib|python-httpx|aiohttp|Go-http-client|Java|Apache-HttpClient|okhttp|libwww-perl|node-fetch|axios|undici|Ruby|PHP|GuzzleHttp|HTTPie|PostmanRuntime)\b/i,
    kinds: BOTH,
  },
  // "Somethingbot/2.1": a version right after the name keeps phones such as the Cubot out.
  { name: 'crawler', pattern: /(?:^|[\s;(+])[\w.-]*(?:bot|crawler|spider)\/\d/i, kinds: BOTH },
];

const scannerOf = {
  open: memo(
    (userAgent) => SCANNER_AGENTS.find((a) => a.kinds.includes('open') && a.pattern.test(userAgent))?.name ?? null,
  ),
  click: memo(
    (userAgent) => SCANNER_AGENTS.find((a) => a.kinds.includes('click') && a.pattern.test(userAgent))?.name ?? null,
  ),
};

export function scannerAgent(userAgent: string, kind: EventKind): string | null {
  return scannerOf[kind](userAgent);
}
