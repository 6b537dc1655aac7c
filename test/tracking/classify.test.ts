import { describe, expect, it } from 'vitest';
import { RULES, classify } from '../../src/server/tracking/classify';
import { classifyConfig } from '../../src/server/tracking/config';
import type { EventKind, MessageHistory, RequestFacts } from '../../src/server/tracking/facts';
import { requestFacts } from '../../src/server/tracking/facts';
import { loadRanges } from '../../src/server/tracking/ranges';

// Real user agents, as the clients send them.
const UA = {
  chrome:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  iphoneSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  appleMailMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)',
  outlookWindows: 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)',
  thunderbird: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Thunderbird/128.4.0',
  cubotPhone:
    'Mozilla/5.0 (Linux; Android 10; CUBOT_X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
  gmailProxy: 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
  gmailPrefetch:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.135 Safari/537.36 Edge/12.246 Mozilla/5.0',
  yahooProxy: 'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html',
  appleMpp: 'Mozilla/5.0',
  bingPreview: 'Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/534+ (KHTML, like Gecko) BingPreview/1.0b',
  msOffice: 'Mozilla/4.0 (compatible; ms-office; MSOffice 16)',
  officeDiscovery: 'Microsoft Office Existence Discovery',
  headless:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.109 Safari/537.36',
  curl: 'curl/8.5.0',
  pythonRequests: 'python-requests/2.32.3',
  goHttp: 'Go-http-client/1.1',
  slack: 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  facebook: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  // Gateways put their name in the agent of the fetches they make on their own account (field guides; the rest of
  // the string varies by product version).
  barracuda: 'Mozilla/5.0 (compatible; Barracuda Sentinel)',
  mimecast: 'Mozilla/5.0 (compatible; Mimecast URL Protect)',
  proofpoint: 'Mozilla/5.0 (compatible; Proofpoint URL Defense)',
  trendMicro: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Trend Micro Email Security',
} as const;

// Real addresses: a British broadband line, Google's proxy, Apple relays, AWS us-east-1, Exchange Online.
const IP = {
  home: '81.2.69.142',
  homeV6: '2a02:c7c:5e2b:d000::2',
  googleProxy: '66.249.84.34',
  appleRelay: '172.224.226.5',
  appleRelayMapped: '::ffff:104.28.37.10',
  appleRelayV6: '2a02:26f7:c8c4:4000::3a',
  aws: '54.144.10.20',
  awsV6: '2600:1f18:24e6:b900::7',
  exchangeOnline: '40.107.22.48',
  outlookWeb: '52.98.10.4',
  proofpoint: '67.231.149.20',
  isp: '198.51.100.7',
} as const;

const SENT = Date.parse('2026-11-02T09:00:00Z');
const ranges = loadRanges();

type Row = {
  case: string;
  kind?: EventKind;
  ua?: string;
  ip?: string;
  method?: string;
  purpose?: RequestFacts['purpose'];
  /** Seconds after the send (negative: before). */
  at?: number;
  sentAt?: number | null;
  linkId?: string;
  linkCount?: number;
  history?: Partial<MessageHistory>;
  label: string;
  reason?: string;
  /** The verdict is a guess (default: not). */
  uncertain?: boolean;
};

function verdict(row: Row) {
  const kind = row.kind ?? 'open';
  return classify({
    request: {
      kind,
      method: row.method ?? 'GET',
      userAgent: row.ua ?? UA.chrome,
      ip: row.ip ?? IP.home,
      purpose: row.purpose ?? {},
      at: SENT + (row.at ?? 3600) * 1000,
      ...(kind === 'click' ? { linkId: row.linkId ?? 'l1' } : {}),
    },
    message: { sentAt: row.sentAt === undefined ? SENT : row.sentAt, linkCount: row.linkCount ?? 1 },
    history: { clicks: [], views: [], ...row.history },
    ranges,
  });
}

const at = (s: number) => SENT + s * 1000;

function table(rule: string, rows: Row[]) {
  describe(rule, () => {
    it.each(rows)('$case → $label', (row) => {
      const v = verdict(row);
      expect(v.label).toBe(row.label);
      expect(v.uncertain).toBe(row.uncertain ?? false);
      if (row.reason) expect(v.reasons).toContain(row.reason);
      else if (row.label === 'human') expect(v.reasons).toEqual([]);
    });
  });
}

describe('every rule has a table here', () => {
  it('names each rule of the module once', () => {
    const tested = [
      'head-request',
      'prefetch-header',
      'gmail-prefetch-ua',
      'empty-ua',
      'scanner-ua',
      'apple-egress-ip',
      'apple-mpp-ua',
      'before-send',
      'sender-viewing',
      'sender-same-client',
      'gateway-open',
      'gateway-click',
      'gateway-click-alone',
      'checker-get-after-head',
      'mail-proxy',
      'open-soon-after-send',
      'click-soon-after-send',
      'link-sweep',
      'datacenter-click',
      'checked-before-person',
      'click-timing-unclear',
    ];
    expect(RULES.map((r) => r.name)).toEqual(tested);
  });
});

table('people', [
  { case: 'Chrome on Windows opens an hour after the send', label: 'human' },
  { case: 'Safari on an iPhone clicks', kind: 'click', ua: UA.iphoneSafari, label: 'human' },
  { case: 'Apple Mail with Privacy Protection off', ua: UA.appleMailMac, label: 'human' },
  { case: 'Outlook for Windows opens', ua: UA.outlookWindows, label: 'human' },
  { case: 'Thunderbird over IPv6', ua: UA.thunderbird, ip: IP.homeV6, label: 'human' },
  { case: 'a Cubot phone is not a bot', ua: UA.cubotPhone, label: 'human' },
]);

table('mail-proxy', [
  {
    case: "Gmail's proxy fetches on open",
    ua: UA.gmailProxy,
    ip: IP.googleProxy,
    label: 'proxy',
    reason: 'mail-proxy:google',
  },
  {
    case: 'a re-open a day later comes through again',
    ua: UA.gmailProxy,
    ip: IP.googleProxy,
    at: 86_400,
    label: 'proxy',
    reason: 'mail-proxy:google',
  },
  { case: "Yahoo's proxy", ua: UA.yahooProxy, label: 'proxy', reason: 'mail-proxy:yahoo' },
  { case: "Seznam's proxy", ua: 'SeznamEmailProxy/1.0', label: 'proxy', reason: 'mail-proxy:seznam' },
  {
    case: 'Outlook on the web, told by its Exchange Online address',
    ua: UA.appleMailMac,
    ip: IP.outlookWeb,
    label: 'proxy',
    reason: 'mail-proxy:outlook-web',
  },
  {
    case: 'the README walk: Gmail 4 s after the send, the reader or the sender',
    ua: UA.gmailProxy,
    ip: IP.googleProxy,
    at: 4,
    label: 'proxy',
    reason: 'open-soon-after-send:4s',
    uncertain: true,
  },
]);

table('gmail-prefetch-ua', [
  {
    case: 'the Gmail prefetcher',
    ua: UA.gmailPrefetch,
    ip: IP.googleProxy,
    label: 'prefetch',
    reason: 'gmail-prefetch-ua',
  },
  { case: 'a current Edge is a person', ua: `${UA.chrome} Edg/131.0.0.0`, label: 'human' },
]);

table('apple-egress-ip', [
  {
    case: 'MPP from an Akamai relay',
    ua: UA.appleMailMac,
    ip: IP.appleRelay,
    label: 'apple_mpp',
    reason: 'apple-egress-ip',
  },
  {
    case: 'IPv4-mapped, as a dual-stack server sees it',
    ua: UA.appleMailMac,
    ip: IP.appleRelayMapped,
    label: 'apple_mpp',
    reason: 'apple-egress-ip',
  },
  { case: 'an IPv6 relay', ua: UA.appleMailMac, ip: IP.appleRelayV6, label: 'apple_mpp', reason: 'apple-egress-ip' },
  {
    case: 'a click through Private Relay is Safari, not MPP',
    kind: 'click',
    ua: UA.iphoneSafari,
    ip: IP.appleRelay,
    label: 'human',
  },
]);

table('apple-mpp-ua', [
  { case: 'the bare MPP agent', ua: UA.appleMpp, label: 'apple_mpp', reason: 'apple-mpp-ua' },
  { case: 'both MPP tells', ua: UA.appleMpp, ip: IP.appleRelay, label: 'apple_mpp', reason: 'apple-egress-ip' },
  { case: 'not for clicks', kind: 'click', ua: UA.appleMpp, label: 'human' },
]);

table('head-request', [
  { case: 'HEAD on the pixel', method: 'HEAD', label: 'prefetch', reason: 'head-request' },
  {
    case: 'HEAD on a link, even with a browser agent',
    kind: 'click',
    method: 'HEAD',
    label: 'prefetch',
    reason: 'head-request',
  },
]);

table('prefetch-header', [
  {
    case: 'Chrome prerender',
    purpose: { secPurpose: 'prefetch;prerender' },
    label: 'prefetch',
    reason: 'prefetch-header:secPurpose',
  },
  {
    case: 'Purpose: prefetch',
    kind: 'click',
    purpose: { purpose: 'prefetch' },
    label: 'prefetch',
    reason: 'prefetch-header:purpose',
  },
  { case: 'X-Moz: prefetch', purpose: { xMoz: 'prefetch' }, label: 'prefetch', reason: 'prefetch-header:xMoz' },
  {
    case: 'X-Purpose: preview',
    purpose: { xPurpose: 'preview' },
    label: 'prefetch',
    reason: 'prefetch-header:xPurpose',
  },
]);

table('empty-ua', [{ case: 'no user agent at all', ua: '', kind: 'click', label: 'scanner', reason: 'empty-ua' }]);

table('scanner-ua', [
  {
    case: 'BingPreview (Safe Links)',
    ua: UA.bingPreview,
    kind: 'click',
    label: 'scanner',
    reason: 'scanner-ua:link-preview',
  },
  { case: 'Barracuda', ua: UA.barracuda, kind: 'click', label: 'scanner', reason: 'scanner-ua:barracuda' },
  { case: 'Mimecast', ua: UA.mimecast, kind: 'click', label: 'scanner', reason: 'scanner-ua:mimecast' },
  { case: 'Proofpoint', ua: UA.proofpoint, kind: 'click', label: 'scanner', reason: 'scanner-ua:proofpoint' },
  { case: 'Trend Micro fetching the pixel', ua: UA.trendMicro, label: 'scanner', reason: 'scanner-ua:trend-micro' },
  { case: 'Office probing a link', ua: UA.msOffice, kind: 'click', label: 'scanner', reason: 'scanner-ua:ms-office' },
  {
    case: 'Office existence discovery',
    ua: UA.officeDiscovery,
    kind: 'click',
    label: 'scanner',
    reason: 'scanner-ua:ms-office',
  },
  { case: 'the ms-office agent fetching images may be Outlook', ua: UA.msOffice, label: 'human' },
  { case: 'headless Chrome', ua: UA.headless, kind: 'click', label: 'scanner', reason: 'scanner-ua:headless-browser' },
  { case: 'curl', ua: UA.curl, kind: 'click', label: 'scanner', reason: 'scanner-ua:http-library' },
  { case: 'python-requests', ua: UA.pythonRequests, label: 'scanner', reason: 'scanner-ua:http-library' },
  { case: 'Go', ua: UA.goHttp, kind: 'click', label: 'scanner', reason: 'scanner-ua:http-library' },
  {
    case: 'Slack unfurling a pasted link',
    ua: UA.slack,
    kind: 'click',
    label: 'scanner',
    reason: 'scanner-ua:link-preview',
  },
  { case: 'Facebook unfurling', ua: UA.facebook, kind: 'click', label: 'scanner', reason: 'scanner-ua:link-preview' },
  { case: 'Googlebot', ua: UA.googlebot, kind: 'click', label: 'scanner', reason: 'scanner-ua:google-fetcher' },
  {
    case: "Gmail's link follower",
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.135 Safari/537.36 Edge/12.246 Gmail-content-sampling',
    kind: 'click',
    label: 'scanner',
    reason: 'scanner-ua:google-fetcher',
  },
  {
    case: 'a library that is not the first word',
    ua: 'Python/3.9 aiohttp/3.8.1',
    kind: 'click',
    label: 'scanner',
    reason: 'scanner-ua:http-library',
  },
  {
    case: 'a library run into a suffix',
    ua: 'okhttp3-3.12.1.hw.191202',
    kind: 'click',
    label: 'scanner',
    reason: 'scanner-ua:http-library',
  },
  {
    case: "Yahoo Mail's own link preview",
    ua: 'Mozilla/5.0 (compatible; Yahoo Link Preview; https://help.yahoo.com/kb/mail/yahoo-link-preview-SLN23615.html)',
    kind: 'click',
    label: 'scanner',
    reason: 'scanner-ua:link-preview',
  },
]);

table('before-send', [
  {
    case: 'the compose window shows the pixel before the BCC copy arrives',
    ua: UA.gmailProxy,
    sentAt: null,
    label: 'self',
    reason: 'before-send',
  },
  { case: 'the sender tries the link in the draft', kind: 'click', sentAt: null, label: 'self', reason: 'before-send' },
  { case: 'a fetch stamped before the send', at: -2, label: 'self', reason: 'before-send' },
]);

table('sender-viewing', [
  {
    case: 'an open 3 s after the sender opened the thread',
    ua: UA.gmailProxy,
    at: 600,
    history: { views: [at(597)] },
    label: 'self',
    reason: 'sender-viewing',
  },
  {
    case: "the add-on's report arrives 4 s after the pixel",
    ua: UA.gmailProxy,
    at: 600,
    history: { views: [at(604)] },
    label: 'self',
    reason: 'sender-viewing',
  },
  {
    case: 'an open 11 s after the view is someone else',
    ua: UA.gmailProxy,
    at: 600,
    history: { views: [at(589)] },
    label: 'proxy',
  },
  {
    case: 'a report 6 s after the open is not this open',
    ua: UA.gmailProxy,
    at: 600,
    history: { views: [at(606)] },
    label: 'proxy',
  },
  {
    case: 'clicks are not suppressed by a view',
    kind: 'click',
    at: 600,
    history: { views: [at(599)] },
    label: 'human',
  },
]);

const senderDraft = { network: '81.2.69.0', userAgent: UA.chrome };

table('sender-same-client', [
  {
    case: 'the browser that showed the draft opens the sent email',
    at: 1800,
    history: { senderClients: [senderDraft] },
    label: 'self',
    reason: 'sender-same-client',
    uncertain: true,
  },
  {
    case: 'the sender trying a link from the same browser',
    kind: 'click',
    at: 1800,
    history: { senderClients: [senderDraft] },
    label: 'self',
    reason: 'sender-same-client',
    uncertain: true,
  },
  {
    case: 'another browser on the same network is someone else',
    ua: UA.thunderbird,
    history: { senderClients: [senderDraft] },
    label: 'human',
  },
  {
    case: 'never for a proxy: every Gmail reader shares its agent',
    ua: UA.gmailProxy,
    ip: IP.googleProxy,
    history: { senderClients: [{ network: '66.249.84.0', userAgent: UA.gmailProxy }] },
    label: 'proxy',
    reason: 'mail-proxy:google',
  },
]);

table('gateway-open', [
  {
    case: 'Defender fetching the pixel 6 s after delivery, browser agent',
    ip: IP.exchangeOnline,
    at: 6,
    label: 'scanner',
    reason: 'gateway-open:microsoft',
  },
  {
    case: 'an open from the same network a day later is not judged by it',
    ip: IP.exchangeOnline,
    at: 86_400,
    label: 'human',
  },
]);

table('gateway-click', [
  {
    case: 'Exchange Online, 60 s after the send',
    kind: 'click',
    ip: IP.exchangeOnline,
    at: 60,
    label: 'scanner',
    reason: 'gateway-click:microsoft',
  },
  {
    case: "URL Defense checking just before the person's own browser follows",
    kind: 'click',
    ip: IP.proofpoint,
    at: 7200,
    history: { clicks: [{ linkId: 'l1', at: at(7201), method: 'GET', network: '81.2.69.0' }] },
    label: 'scanner',
    reason: 'gateway-click:proofpoint',
  },
]);

table('gateway-click-alone', [
  {
    case: 'a gateway click long after delivery with no follow-up: a check, or an isolation browser',
    kind: 'click',
    ip: IP.proofpoint,
    at: 7200,
    label: 'scanner',
    reason: 'gateway-click-alone:proofpoint',
    uncertain: true,
  },
]);

table('checker-get-after-head', [
  {
    case: 'a GET a second after a HEAD of the same link from the same network',
    kind: 'click',
    ip: IP.isp,
    at: 41,
    history: { clicks: [{ linkId: 'l1', at: at(40), method: 'HEAD', network: '198.51.100.0' }] },
    label: 'scanner',
    reason: 'checker-get-after-head',
  },
  {
    case: 'not from another network',
    kind: 'click',
    at: 3600,
    history: { clicks: [{ linkId: 'l1', at: at(3599), method: 'HEAD', network: '198.51.100.0' }] },
    label: 'human',
  },
]);

table('open-soon-after-send', [
  {
    case: 'Outlook for Windows 3 s after the send: a prefetch, the sender, or a quick reader',
    ua: UA.outlookWindows,
    at: 3,
    label: 'prefetch',
    reason: 'open-soon-after-send:3s',
    uncertain: true,
  },
  { case: 'an open at 5 s counts', at: 5, label: 'human' },
]);

table('click-soon-after-send', [
  {
    case: 'a gateway clicking 3 s after the send, browser agent',
    kind: 'click',
    at: 3,
    label: 'scanner',
    reason: 'click-soon-after-send:3s',
    uncertain: true,
  },
  { case: 'a click two minutes after the send is a person', kind: 'click', at: 120, label: 'human' },
]);

table('click-timing-unclear', [
  {
    case: 'a lone click 12 s after the send from an ISP network',
    kind: 'click',
    at: 12,
    label: 'scanner',
    reason: 'click-timing-unclear:12s',
    uncertain: true,
  },
  { case: 'a minute after the send, a person', kind: 'click', at: 60, label: 'human' },
]);

table('checked-before-person', [
  {
    case: "a click-time proxy a second before the person's browser, from another network",
    kind: 'click',
    ip: IP.isp,
    at: 7200,
    history: { clicks: [{ linkId: 'l1', at: at(7201), method: 'GET', network: '81.2.69.0' }] },
    label: 'scanner',
    reason: 'checked-before-person',
    uncertain: true,
  },
  {
    case: 'the person, a second after the check',
    kind: 'click',
    at: 7201,
    history: { clicks: [{ linkId: 'l1', at: at(7200), method: 'GET', network: '198.51.100.0' }] },
    label: 'human',
  },
]);

table('link-sweep', [
  {
    case: 'both links of a two-link email within 2 s',
    kind: 'click',
    linkId: 'l2',
    linkCount: 2,
    at: 900,
    history: { clicks: [{ linkId: 'l1', at: at(898) }] },
    label: 'scanner',
    reason: 'link-sweep:2-links',
  },
  {
    case: 'the first click of a sweep, classified again once the others came',
    kind: 'click',
    linkId: 'l1',
    linkCount: 4,
    at: 900,
    history: {
      clicks: [
        { linkId: 'l2', at: at(901) },
        { linkId: 'l3', at: at(902) },
      ],
    },
    label: 'scanner',
    reason: 'link-sweep:3-links',
  },
  {
    case: 'the same link twice is not a sweep',
    kind: 'click',
    linkId: 'l1',
    linkCount: 2,
    at: 900,
    history: { clicks: [{ linkId: 'l1', at: at(899) }] },
    label: 'human',
  },
  {
    case: 'two of five links a minute apart',
    kind: 'click',
    linkId: 'l2',
    linkCount: 5,
    at: 900,
    history: { clicks: [{ linkId: 'l1', at: at(840) }] },
    label: 'human',
  },
  {
    case: 'every link of a three-link email within 30 s, 8 s apart',
    kind: 'click',
    linkId: 'l1',
    linkCount: 3,
    at: 900,
    history: {
      clicks: [
        { linkId: 'l2', at: at(908) },
        { linkId: 'l3', at: at(916) },
      ],
    },
    label: 'scanner',
    reason: 'link-sweep:3-links',
  },
  {
    case: 'both links of a two-link email 8 s apart are a person reading',
    kind: 'click',
    linkId: 'l2',
    linkCount: 2,
    at: 3600,
    history: { clicks: [{ linkId: 'l1', at: at(3592) }] },
    label: 'human',
  },
  {
    case: 'two of five links within 2 s is not yet a sweep',
    kind: 'click',
    linkId: 'l2',
    linkCount: 5,
    at: 900,
    history: { clicks: [{ linkId: 'l1', at: at(898) }] },
    label: 'human',
  },
]);

table('datacenter-click', [
  {
    case: 'AWS, 40 s after the send',
    kind: 'click',
    ip: IP.aws,
    at: 40,
    label: 'scanner',
    reason: 'datacenter-click:aws+soon-after-send',
    uncertain: true,
  },
  {
    case: 'AWS over IPv6, right after another click',
    kind: 'click',
    ip: IP.awsV6,
    at: 7200,
    history: { clicks: [{ linkId: 'l1', at: at(7195) }] },
    label: 'scanner',
    reason: 'datacenter-click:aws+burst',
    uncertain: true,
  },
  { case: 'AWS alone, two hours later (a person on a cloud VPN)', kind: 'click', ip: IP.aws, at: 7200, label: 'human' },
  { case: 'opens from a cloud are not judged by it', ip: IP.aws, at: 40, label: 'human' },
]);

describe('precedence', () => {
  it('keeps every reason and takes the label of the strongest', () => {
    const v = verdict({ case: '', method: 'HEAD', ua: UA.gmailProxy, at: 2, label: '' });
    expect(v).toEqual({
      label: 'prefetch',
      reasons: ['head-request', 'mail-proxy:google', 'open-soon-after-send:2s'],
      uncertain: false,
    });
  });

  it('the sender viewing beats the proxy', () => {
    const v = verdict({ case: '', ua: UA.gmailProxy, at: 600, history: { views: [at(600)] }, label: '' });
    expect(v).toEqual({ label: 'self', reasons: ['sender-viewing', 'mail-proxy:google'], uncertain: false });
  });
});

describe('thresholds are configuration', () => {
  it('a longer click window turns a 90 s click into a scanner', () => {
    const row = { kind: 'click' as const, at: 90 };
    const base = verdict({ case: '', ...row, label: '' });
    const strict = classify({
      request: {
        kind: 'click',
        method: 'GET',
        userAgent: UA.chrome,
        ip: IP.home,
        purpose: {},
        at: at(90),
        linkId: 'l1',
      },
      message: { sentAt: SENT, linkCount: 1 },
      history: { clicks: [], views: [] },
      ranges,
      config: classifyConfig({ clickAfterSendSeconds: 100 }),
    });
    expect(base.label).toBe('human');
    expect(strict).toEqual({ label: 'scanner', reasons: ['click-soon-after-send:90s'], uncertain: true });
  });

  it('refuses unknown keys and bad values, saying which', () => {
    expect(() => classifyConfig({ clickAfterSend: 3 })).toThrow(/unknown tracking threshold "clickAfterSend"/);
    expect(() => classifyConfig({ sweepWindowSeconds: -1 })).toThrow(/sweepWindowSeconds must be a number of seconds/);
    expect(() => classifyConfig({ sweepMinLinks: 1 })).toThrow(/sweepMinLinks/);
  });
});

describe('request facts', () => {
  it('reads the agent and the speculative-fetch headers, bounded', () => {
    const facts = requestFacts({
      kind: 'open',
      method: 'head',
      headers: { 'user-agent': `  ${'x'.repeat(2000)}`, 'sec-purpose': 'prefetch', purpose: undefined },
      ip: IP.home,
      at: SENT,
    });
    expect(facts.method).toBe('HEAD');
    expect(facts.userAgent).toHaveLength(512);
    expect(facts.purpose).toEqual({ secPurpose: 'prefetch', purpose: undefined, xPurpose: undefined, xMoz: undefined });
  });
});
