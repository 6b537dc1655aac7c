import type { EventKind } from './facts';
import { memo } from '../core/memo';

// User-agent tells, each from a published source; docs/labels.md cites one for every token, and the label corpus
// (test/fixtures/label-corpus) holds a real agent for each.

/**
 * Webmail image proxies: they fetch when the reader opens the message, hiding the reader's address and browser.
 * Gmail (and the sender's own Gmail views too), Yahoo and AOL (one proxy), Seznam, Rambler, ukr.net.
 */
export const MAIL_PROXIES: readonly { name: string; pattern: RegExp }[] = [
  { name: 'google', pattern: /GoogleImageProxy|via ggpht\.com/i },
  { name: 'yahoo', pattern: /YahooMailProxy/i },
  { name: 'seznam', pattern: /SeznamEmailProxy/i },
  { name: 'rambler', pattern: /RamblerMail\/[\d.]+.*ImageProxy/i },
  { name: 'ukrnet', pattern: /mail\.ukr\.net proxy/i },
];

const proxyOf = memo((userAgent) => MAIL_PROXIES.find((p) => p.pattern.test(userAgent))?.name ?? null);

export function mailProxyAgent(userAgent: string): string | null {
  return proxyOf(userAgent);
}

/** The Gmail prefetcher: fires within seconds of delivery when the recipient has Gmail open. Matched exactly. */
export const GMAIL_PREFETCH_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.135 Safari/537.36 Edge/12.246 Mozilla/5.0';

/** Apple Mail Privacy Protection's prefetch sends nothing but this. Matched exactly. */
export const APPLE_MPP_UA = 'Mozilla/5.0';

export type ScannerAgent = { name: string; pattern: RegExp; kinds: readonly EventKind[] };

const BOTH: readonly EventKind[] = ['open', 'click'];

/**
 * Security gateways, link previewers, Google's own robots, crawlers and HTTP libraries. No person reads mail with
 * these. Tokens match anywhere in the agent (a library is often not its first word: `Python/3.9 aiohttp/3.8`,
 * `W3C-checklink/4.8 libwww-perl/6.0`). Note what is NOT here: `Microsoft Office/16.0 (… Microsoft Outlook …)` is
 * Outlook for Windows opening a message, and the mail proxies above are people reading.
 */
export const SCANNER_AGENTS: readonly ScannerAgent[] = [
  { name: 'proofpoint', pattern: /proofpoint|urldefense/i, kinds: BOTH },
  { name: 'mimecast', pattern: /mimecast/i, kinds: BOTH },
  { name: 'barracuda', pattern: /barracuda/i, kinds: BOTH },
  { name: 'symantec', pattern: /symantec|messagelabs/i, kinds: BOTH },
  { name: 'cisco', pattern: /cisco|ironport/i, kinds: BOTH },
  { name: 'trend-micro', pattern: /trend ?micro/i, kinds: BOTH },
  { name: 'fortinet', pattern: /fortiguard|fortimail/i, kinds: BOTH },
  { name: 'sophos', pattern: /sophos/i, kinds: BOTH },
  { name: 'kaspersky', pattern: /Kaspersky Lab CFR link resolver/i, kinds: BOTH },
  // Office apps probe a link before handing it to the browser, which then makes the person's own click.
  // Outlook may fetch images with the same agent, so this one is for clicks only.
  { name: 'ms-office', pattern: /\bms-office\b|Microsoft Office (?:Existence|Protocol) Discovery/i, kinds: ['click'] },
  {
    name: 'headless-browser',
    pattern: /HeadlessChrome|PhantomJS|SlimerJS|Puppeteer|Playwright|\bjsdom\/|\bCypress\//i,
    kinds: BOTH,
  },
  {
    name: 'google-fetcher',
    pattern:
      /Gmail-content-sampling|Google-Safety|Google-Apps-Script|GoogleDocs;|Google Web Preview|google\.com\/bot\.html/i,
    kinds: BOTH,
  },
  {
    name: 'link-preview',
    pattern:
      /Slackbot|Twitterbot|facebookexternalhit|meta-externalfetcher|LinkedInBot|WhatsApp|TelegramBot|Discordbot|SkypeUriPreview|BingPreview|MicrosoftPreview|Google-PageRenderer|Iframely|Embedly|Snap URL Preview|Link ?Preview|Yahoo:LinkExpander|ViberUrlDownloader/i,
    kinds: BOTH,
  },
  {
    name: 'http-library',
    pattern:
      /(?:^|[\s(;/])(?:curl|Wget|python-requests|Python-urllib3?|python-httpx|aiohttp|Go-http-client|Java|Apache-HttpClient|okhttp\d?|libwww-perl|node-fetch|axios|undici|got|Ruby|rest-client|Mechanize|PHP|GuzzleHttp|HTTPie|PostmanRuntime|Google-HTTP-Java-Client|Scrapy|WinHttp|Dart|PycURL)(?=[\s/;)(.-]|$)/i,
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
