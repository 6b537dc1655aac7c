import type { EventLabel } from '../../contract/addon';
import { madeByPerson } from '../../contract/labels';
import { type ClassifyConfig, DEFAULT_CLASSIFY_CONFIG } from './config';
import type { EventKind, MessageFacts, MessageHistory, RequestFacts } from './facts';
import { truncateIp } from './ip';
import { type Ranges, ownerKind } from './ranges';
import { APPLE_MPP_UA, GMAIL_PREFETCH_UA, mailProxyAgent, scannerAgent } from './user-agents';

export type ClassifyInput = {
  request: RequestFacts;
  message: MessageFacts;
  history: MessageHistory;
  ranges: Ranges;
  config?: ClassifyConfig;
};

/**
 * `uncertain`: the label is a best guess, shown as such with its reasons (docs/labels.md). It is set when the rule
 * that decided is a guess, or when a guess that points the other way (person or machine) fired too.
 */
export type Verdict = { label: EventLabel; reasons: string[]; uncertain: boolean };

type Context = Required<ClassifyInput>;

/**
 * A rule fires by returning true (the reason is its name) or a detail string (the reason is `name:detail`).
 * Rules are listed in order of precedence: the first that fires gives the label, and every one that fires is
 * kept in the reasons. Facts of the request itself come first, the sender's own signals next, networks and proxies
 * after, timing last. A `guess` is a rule that can be wrong about person against machine (timing, cloud
 * addresses): its verdict is uncertain. docs/labels.md explains each rule and its source.
 */
export type Rule = {
  name: string;
  label: EventLabel;
  kinds: readonly EventKind[];
  guess?: true;
  fires: (ctx: Context) => boolean | string;
};

const seconds = (ms: number) => ms / 1000;
const sinceSend = ({ request, message }: Context) =>
  message.sentAt === null ? null : seconds(request.at - message.sentAt);
const BOTH: readonly EventKind[] = ['open', 'click'];
const SPECULATIVE = /prefetch|prerender|preview/i;
const whole = (s: number) => `${Math.round(s)}s`;

/** The owner of a data-centre range holding the address, and what kind of owner it is. */
function network(ctx: Context) {
  const owner = ctx.ranges.datacenter.lookup(ctx.request.ip);
  return owner === null ? null : { owner, kind: ownerKind(owner) };
}

/** Another network's browser fetched the same link within seconds after this click. */
function personFollows({ request, history, config }: Context): boolean {
  const net = truncateIp(request.ip);
  return history.clicks.some(
    (c) =>
      c.linkId === request.linkId &&
      c.method !== 'HEAD' &&
      c.network !== undefined &&
      c.network !== net &&
      c.at > request.at &&
      seconds(c.at - request.at) <= config.checkedBeforePersonSeconds,
  );
}

/** The sweep shapes of rule link-sweep, judged on all the clicks of the email that are known (docs/labels.md). */
function sweep({ request, message, history, config }: Context): string | false {
  if (message.linkCount < 2 || request.linkId === undefined) return false;
  const clicks = [{ linkId: request.linkId, at: request.at }, ...history.clicks];
  // (a) sweepMinLinks distinct links (or every link) inside one sweepWindowSeconds span holding this click.
  const needed = Math.min(message.linkCount, config.sweepMinLinks);
  const span = 1000 * config.sweepWindowSeconds;
  for (const start of clicks) {
    if (start.at > request.at || request.at - start.at > span) continue;
    const links = new Set(clicks.filter((c) => c.at >= start.at && c.at - start.at <= span).map((c) => c.linkId));
    if (links.size >= needed && message.linkCount >= config.sweepMinLinks) return `${links.size}-links`;
  }
  // (b) every link of an email with sweepMinLinks or more, within sweepAllLinksSeconds; (c) both of two links
  // within sweepPairSeconds. People open one or two links, rarely all of them in a few seconds.
  const window = 1000 * (message.linkCount === 2 ? config.sweepPairSeconds : config.sweepAllLinksSeconds);
  if (message.linkCount === 2 || message.linkCount >= config.sweepMinLinks) {
    for (const start of clicks) {
      if (start.at > request.at || request.at - start.at > window) continue;
      const links = new Set(clicks.filter((c) => c.at >= start.at && c.at - start.at <= window).map((c) => c.linkId));
      if (links.size >= message.linkCount) return `${links.size}-links`;
    }
  }
  return false;
}

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
  // The same client (network and agent) that showed the sender's own draft: the sender reading the sent copy in a
  // desktop client, or trying a link. Never for a proxy: every Gmail reader shares Google's agent and networks.
  {
    name: 'sender-same-client',
    label: 'self',
    kinds: BOTH,
    guess: true,
    fires: ({ request, history }) => {
      if (mailProxyAgent(request.userAgent) !== null || request.userAgent === '') return false;
      const net = truncateIp(request.ip);
      return (history.senderClients ?? []).some((c) => c.network === net && c.userAgent === request.userAgent);
    },
  },
  // Gateways check at delivery with browser agents (Defender, warmbly#410) and at click time before redirecting
  // the person's own browser (Safe Links, URL Defense, URL Protect, LinkProtect).
  {
    name: 'gateway-open',
    label: 'scanner',
    kinds: ['open'],
    fires: (ctx) => {
      const net = network(ctx);
      const s = sinceSend(ctx);
      return net?.kind === 'gateway' && s !== null && s >= 0 && s < ctx.config.datacenterAfterSendSeconds
        ? net.owner
        : false;
    },
  },
  // At delivery, or just before the person's own browser follows (another network, same link), it is the check.
  {
    name: 'gateway-click',
    label: 'scanner',
    kinds: ['click'],
    fires: (ctx) => {
      const net = network(ctx);
      if (net?.kind !== 'gateway') return false;
      const s = sinceSend(ctx);
      return (s !== null && s >= 0 && s < ctx.config.datacenterAfterSendSeconds) || personFollows(ctx)
        ? net.owner
        : false;
    },
  },
  // Later and alone, it is a check at the time of a click we have not seen, or an isolation product replaying the
  // person's click from the gateway's own browser (Symantec Email Threat Isolation, Cloudflare Email Link Isolation).
  {
    name: 'gateway-click-alone',
    label: 'scanner',
    kinds: ['click'],
    guess: true,
    fires: (ctx) => {
      const net = network(ctx);
      return net?.kind === 'gateway' ? net.owner : false;
    },
  },
  // "A HEAD request, perhaps followed by a GET" (FusionAuth 1.49): the checker's GET of the link it just probed.
  {
    name: 'checker-get-after-head',
    label: 'scanner',
    kinds: ['click'],
    fires: ({ request, history, config }) => {
      const net = truncateIp(request.ip);
      return history.clicks.some(
        (c) =>
          c.linkId === request.linkId &&
          c.method === 'HEAD' &&
          c.network === net &&
          request.at >= c.at &&
          seconds(request.at - c.at) <= config.checkerAfterHeadSeconds,
      );
    },
  },
  // Webmail fetches through its proxy when the message is opened: a real open, with the reader's address hidden.
  // Before the timing rules: the proxy fetch _is_ the open, even a few seconds after the send (the README walk).
  {
    name: 'mail-proxy',
    label: 'proxy',
    kinds: BOTH,
    fires: (ctx) => {
      const agent = mailProxyAgent(ctx.request.userAgent);
      if (agent !== null) return agent;
      const net = ctx.request.kind === 'open' ? network(ctx) : null;
      return net?.kind === 'mail-proxy' ? net.owner : false;
    },
  },
  // Unmarked prefetchers, or the sender's own client showing the sent message (T8, T9); and a quick reader.
  {
    name: 'open-soon-after-send',
    label: 'prefetch',
    kinds: ['open'],
    guess: true,
    fires: (ctx) => {
      const s = sinceSend(ctx);
      return s !== null && s >= 0 && s < ctx.config.openAfterSendSeconds ? whole(s) : false;
    },
  },
  // Gateways walk the links at delivery (Collie 1.5 s, Mautic 2 s); people can click at 8 s.
  {
    name: 'click-soon-after-send',
    label: 'scanner',
    kinds: ['click'],
    guess: true,
    fires: (ctx) => {
      const s = sinceSend(ctx);
      return s !== null && s >= 0 && s < ctx.config.clickAfterSendSeconds ? whole(s) : false;
    },
  },
  { name: 'link-sweep', label: 'scanner', kinds: ['click'], fires: sweep },
  {
    // A cloud address alone is weak (people browse through cloud VPNs and NATs); it takes a second signal, and
    // even then it is a guess (a reader on a cloud desktop).
    name: 'datacenter-click',
    label: 'scanner',
    kinds: ['click'],
    guess: true,
    fires: (ctx) => {
      const net = network(ctx);
      if (net === null || net.kind !== 'cloud') return false;
      const s = sinceSend(ctx);
      if (s !== null && s >= 0 && s < ctx.config.datacenterAfterSendSeconds) return `${net.owner}+soon-after-send`;
      const burst = ctx.history.clicks.some(
        (c) => Math.abs(seconds(c.at - ctx.request.at)) <= ctx.config.datacenterBurstSeconds,
      );
      return burst ? `${net.owner}+burst` : false;
    },
  },
  // A click-time proxy fetches the link a moment before the person's own browser does, from another network.
  {
    name: 'checked-before-person',
    label: 'scanner',
    kinds: ['click'],
    guess: true,
    fires: personFollows,
  },
  // Scanners also click 12 s to a minute after the send from unlisted networks (resend-node#901, mautic#9400,
  // gophish#2646); a person rarely does, but can: a guess, shown as uncertain and never notified.
  {
    name: 'click-timing-unclear',
    label: 'scanner',
    kinds: ['click'],
    guess: true,
    fires: (ctx) => {
      const s = sinceSend(ctx);
      return s !== null && s >= ctx.config.clickAfterSendSeconds && s < ctx.config.clickUnclearSeconds
        ? whole(s)
        : false;
    },
  },
];

/** Labels one open or click. Pure: the same facts always give the same verdict. Nothing is ever dropped. */
export function classify(input: ClassifyInput): Verdict {
  const ctx: Context = { config: DEFAULT_CLASSIFY_CONFIG, ...input };
  const kind = ctx.request.kind;
  let decided: Rule | null = null;
  let doubted = false;
  const reasons: string[] = [];
  for (const rule of RULES) {
    if (!rule.kinds.includes(kind)) continue;
    const fired = rule.fires(ctx);
    if (fired === false) continue;
    if (decided === null) decided = rule;
    else if (rule.guess && madeByPerson(kind, rule.label) !== madeByPerson(kind, decided.label)) doubted = true;
    reasons.push(fired === true ? rule.name : `${rule.name}:${fired}`);
  }
  if (decided === null) return { label: 'human', reasons, uncertain: false };
  return { label: decided.label, reasons, uncertain: Boolean(decided.guess) || doubted };
}
