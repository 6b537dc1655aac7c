import type { EventLabel } from './addon';

/**
 * Whether a person most likely made an open or a click (T9). A Gmail image-proxy fetch is the reader opening the
 * message (Gmail fetches on open, not on delivery), so a proxy open counts as the person's; a proxy never clicks.
 * Every view and count of people against machines goes through this one rule. An uncertain event keeps its best
 * guess here: an uncertain person's open is counted and notified, and shown as uncertain (docs/labels.md).
 */
export function madeByPerson(kind: 'open' | 'click', label: EventLabel): boolean {
  return label === 'human' || (kind === 'open' && label === 'proxy');
}

/** Names of the networks and agents the classifier reports in its reasons (`rule:detail`). */
const NAMES: Record<string, string> = {
  google: "Google's image proxy",
  yahoo: "Yahoo's image proxy",
  seznam: "Seznam's image proxy",
  rambler: "Rambler's image proxy",
  ukrnet: "ukr.net's image proxy",
  'outlook-web': "Outlook on the web's image proxy",
  microsoft: "Microsoft's mail security (Exchange Online Protection, Defender)",
  proofpoint: "Proofpoint's mail security",
  mimecast: "Mimecast's mail security",
  barracuda: "Barracuda's mail security",
  symantec: "Symantec's mail security",
  cisco: "Cisco's mail security",
  aws: 'Amazon Web Services',
  gcp: 'Google Cloud',
  azure: 'Microsoft Azure',
  'trend-micro': "Trend Micro's mail security",
  fortinet: "Fortinet's mail security",
  sophos: "Sophos's mail security",
  kaspersky: "Kaspersky's link checker",
  'ms-office': 'an Office app checking the link before opening the browser',
  'headless-browser': 'a headless browser (an automated one)',
  'link-preview': 'a link-preview robot (chat or social app)',
  'http-library': 'a programming library, not a browser',
  'google-fetcher': "one of Google's own robots (safety check, link sampling, Apps Script)",
  crawler: 'a crawler robot',
};
const nameOf = (key: string) => NAMES[key] ?? key;

type Reason = { rule: string; detail: string };
const parse = (reason: string): Reason => {
  const at = reason.indexOf(':');
  return at < 0 ? { rule: reason, detail: '' } : { rule: reason.slice(0, at), detail: reason.slice(at + 1) };
};
const secondsText = (detail: string) => `${detail.replace(/s$/, '')} s`;

/** One reason in words, as the feed, the timelines and the add-on show it. */
function sentence(r: Reason, kind: 'open' | 'click'): string {
  const fetched = kind === 'open' ? 'fetched' : 'clicked';
  switch (r.rule) {
    case 'head-request':
      return 'a HEAD request, which reads nothing: a link checker or previewer';
    case 'prefetch-header':
      return 'the browser said it was prefetching, not showing the email';
    case 'gmail-prefetch-ua':
      return "Gmail's prefetcher, which fetches images on delivery whether the email is read or not";
    case 'empty-ua':
      return 'sent no browser name: a script or a scanner';
    case 'scanner-ua':
      return `identifies itself as ${nameOf(r.detail)}`;
    case 'apple-egress-ip':
    case 'apple-mpp-ua':
      return "through Apple's Mail Privacy Protection, which downloads images on delivery whether the email is read or not";
    case 'before-send':
      return 'before the email was sent: your own draft';
    case 'sender-viewing':
      return 'while your add-on showed you this thread: your own view';
    case 'sender-same-client':
      return 'from the network and browser your own draft was shown in: probably you';
    case 'gateway-open':
      return `from ${nameOf(r.detail)} shortly after delivery: a security check, not the reader`;
    case 'gateway-click':
      return `from ${nameOf(r.detail)}: the gateway checks the link before sending the reader on`;
    case 'gateway-click-alone':
      return `from ${nameOf(r.detail)} long after delivery: a check at the time of a click, or the reader's click replayed by the gateway's own browser`;
    case 'checker-get-after-head':
      return 'a GET right after a HEAD of the same link from the same network: a link checker';
    case 'checked-before-person':
      return 'fetched just before a click on the same link from another network: a scanner checking it first';
    case 'mail-proxy':
      return `through ${nameOf(r.detail)}, which fetches when the reader opens the email`;
    case 'open-soon-after-send':
    case 'click-soon-after-send':
      return `${fetched} ${secondsText(r.detail)} after sending`;
    case 'link-sweep':
      return `${r.detail.replace(/-links$/, '')} links clicked within seconds: a scanner walking the links`;
    case 'datacenter-click': {
      const [owner, signal] = r.detail.split('+');
      const why = signal === 'burst' ? 'right after another click' : 'soon after sending';
      return `from a ${nameOf(owner)} server ${why}: probably a scanner, though people do browse through cloud desktops`;
    }
    case 'click-timing-unclear':
      return `clicked ${secondsText(r.detail)} after sending, when scanners and quick readers both click`;
    case 'confirmed-by-later-open':
      return 'the reader opened it again later from another network';
    default:
      return r.rule;
  }
}

/**
 * Why an event got its label, in words ("fetched 3 s after sending, through Google's image proxy: probably your own
 * Sent view"). The first reason decided the label; the others say what else was seen.
 */
export function explainLabel(
  kind: 'open' | 'click',
  label: EventLabel,
  uncertain: boolean,
  reasons: readonly string[],
): string {
  const parsed = reasons.map(parse);
  if (parsed.length === 0)
    return kind === 'open' ? 'an ordinary email client opening it' : 'an ordinary browser following the link';
  const [first, ...rest] = parsed;
  const soon = rest.find((r) => r.rule === 'open-soon-after-send');
  // The README's own case: a mail proxy within seconds of the send is the reader, or the sender's Sent view.
  if (first.rule === 'mail-proxy' && soon)
    return `fetched ${secondsText(soon.detail)} after sending, through ${nameOf(first.detail)}: the reader, or probably your own Sent view if you were looking at it`;
  const main = sentence(first, kind);
  if (first.rule === 'open-soon-after-send' && label === 'prefetch')
    return `${main}: probably a prefetch or your own Sent view, though a quick reader looks the same`;
  if (first.rule === 'click-soon-after-send')
    return `${main}: security gateways check links on delivery, though a quick reader looks the same`;
  const extra = uncertain && rest.length ? `; also ${sentence(rest[0], kind)}` : '';
  return `${main}${extra}`;
}
