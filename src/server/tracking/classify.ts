import type { EventLabel } from '../../contract/addon';
import { type ClassifyConfig, DEFAULT_CLASSIFY_CONFIG } from './config';
import type { EventKind, MessageFacts, MessageHistory, RequestFacts } from './facts';
import type { Ranges } from './ranges';
import { APPLE_MPP_UA, GMAIL_PREFETCH_UA, GOOGLE_IMAGE_PROXY, YAHOO_MAIL_PROXY, scannerAgent } from './user-agents';

export type ClassifyInput = {
  request: RequestFacts;
  message: MessageFacts;
  history: MessageHistory;
  ranges: Ranges;
  config?: ClassifyConfig;
};

export type Verdict = { label: EventLabel; reasons: string[] };

type Context = Required<ClassifyInput>;

/**
 * A rule fires by returning true (the reason is its name) or a detail string (the reason is `name:detail`).
 * Rules are listed in order of precedence: the first that fires gives the label, and every one that fires is
 * kept in the reasons. Facts of the request itself come first, the sender's own signals next, timing last.
 */
export type Rule = {
  name: string;
  label: EventLabel;
  kinds: readonly EventKind[];
  fires: (ctx: Context) => boolean | string;
};

const seconds = (ms: number) => ms / 1000;
const sinceSend = ({ request, message }: Context) =>
  message.sentAt === null ? null : seconds(request.at - message.sentAt);
const BOTH: readonly EventKind[] = ['open', 'click'];
const SPECULATIVE = /prefetch|prerender|preview/i;

export const RULES: readonly Rule[] = [
  // A HEAD reads no body: link checkers and previewers (civicrm #35328, mail-tracker #200).
  { name: 'head-request', label: 'prefetch', kinds: BOTH, fires: ({ request }) => request.method === 'HEAD' },
  {
    name: 'prefetch-header',
    label: 'prefetch',
    kinds: BOTH,
    fires: ({ request: { purpose } }) => {
      const named = Object.entries(purpose).find(([, v]) => v !== undefined && SPECULATIVE.test(v));
      return named ? named[0] : false;
    },
  },
  {
    name: 'gmail-prefetch-ua',
    label: 'prefetch',
    kinds: BOTH,
    fires: ({ request }) => request.userAgent === GMAIL_PREFETCH_UA,
  },
  { name: 'empty-ua', label: 'scanner', kinds: BOTH, fires: ({ request }) => request.userAgent === '' },
  {
    name: 'scanner-ua',
    label: 'scanner',
    kinds: BOTH,
    fires: ({ request }) => scannerAgent(request.userAgent, request.kind) ?? false,
  },
  // Private Relay addresses are also Safari users browsing: the Apple rules are for opens only.
  {
    name: 'apple-egress-ip',
    label: 'apple_mpp',
    kinds: ['open'],
    fires: ({ request, ranges }) => ranges.apple.lookup(request.ip) !== null,
  },
  {
    name: 'apple-mpp-ua',
    label: 'apple_mpp',
    kinds: ['open'],
    fires: ({ request }) => request.userAgent === APPLE_MPP_UA,
  },
  // Until the BCC copy arrives the email is a draft: the fetch is the compose window showing the pixel, or the
  // sender trying the link.
  {
    name: 'before-send',
    label: 'self',
    kinds: BOTH,
    fires: (ctx) => ctx.message.sentAt === null || ctx.request.at < ctx.message.sentAt,
  },
  {
    name: 'sender-viewing',
    label: 'self',
    kinds: ['open'],
    fires: ({ request, history, config }) =>
      history.views.some((v) => {
        const after = seconds(request.at - v);
        return (
          (after >= 0 && after <= config.selfAfterViewSeconds) || (after < 0 && -after <= config.selfBeforeViewSeconds)
        );
      }),
  },
  {
    name: 'open-soon-after-send',
    label: 'prefetch',
    kinds: ['open'],
    fires: (ctx) => {
      const s = sinceSend(ctx);
      return s !== null && s >= 0 && s < ctx.config.openAfterSendSeconds;
    },
  },
  {
    name: 'click-soon-after-send',
    label: 'scanner',
    kinds: ['click'],
    fires: (ctx) => {
      const s = sinceSend(ctx);
      return s !== null && s >= 0 && s < ctx.config.clickAfterSendSeconds;
    },
  },
  {
    name: 'link-sweep',
    label: 'scanner',
    kinds: ['click'],
    fires: ({ request, message, history, config }) => {
      if (message.linkCount < 2 || request.linkId === undefined) return false;
      const links = new Set([request.linkId]);
      for (const c of history.clicks)
        if (Math.abs(seconds(c.at - request.at)) <= config.sweepWindowSeconds) links.add(c.linkId);
      const needed = Math.min(message.linkCount, config.sweepMinLinks);
      return links.size >= needed ? `${links.size}-links` : false;
    },
  },
  {
    // A cloud address alone is weak (people browse through cloud VPNs and NATs); it takes a second signal.
    name: 'datacenter-click',
    label: 'scanner',
    kinds: ['click'],
    fires: (ctx) => {
      const owner = ctx.ranges.datacenter.lookup(ctx.request.ip);
      if (owner === null) return false;
      const s = sinceSend(ctx);
      if (s !== null && s >= 0 && s < ctx.config.datacenterAfterSendSeconds) return `${owner}+soon-after-send`;
      const burst = ctx.history.clicks.some(
        (c) => Math.abs(seconds(c.at - ctx.request.at)) <= ctx.config.datacenterBurstSeconds,
      );
      return burst ? `${owner}+burst` : false;
    },
  },
  // Gmail fetches through its proxy when the message is opened: a real open, with the reader's address hidden.
  {
    name: 'google-image-proxy',
    label: 'proxy',
    kinds: BOTH,
    fires: ({ request }) => GOOGLE_IMAGE_PROXY.test(request.userAgent),
  },
  {
    name: 'yahoo-mail-proxy',
    label: 'proxy',
    kinds: BOTH,
    fires: ({ request }) => YAHOO_MAIL_PROXY.test(request.userAgent),
  },
];

/** Labels one open or click. Pure: the same facts always give the same verdict. Nothing is ever dropped. */
export function classify(input: ClassifyInput): Verdict {
  const ctx: Context = { config: DEFAULT_CLASSIFY_CONFIG, ...input };
  let label: EventLabel = 'human';
  const reasons: string[] = [];
  for (const rule of RULES) {
    if (!rule.kinds.includes(ctx.request.kind)) continue;
    const fired = rule.fires(ctx);
    if (fired === false) continue;
    if (reasons.length === 0) label = rule.label;
    reasons.push(fired === true ? rule.name : `${rule.name}:${fired}`);
  }
  return { label, reasons };
}
