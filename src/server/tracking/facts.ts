import type { IncomingHttpHeaders } from 'node:http';

export type EventKind = 'open' | 'click';

/** What a pixel fetch or link click tells about itself. Times are epoch milliseconds. */
export type RequestFacts = {
  kind: EventKind;
  method: string;
  /** '' when the request sent none. */
  userAgent: string;
  /** The client address after trusted proxies (the server's `trustProxy` decides which hops count). */
  ip: string;
  /** `Sec-Purpose`, `Purpose`, `X-Purpose` and `X-Moz`, the headers browsers put on speculative fetches. */
  purpose: { secPurpose?: string; purpose?: string; xPurpose?: string; xMoz?: string };
  at: number;
  /** The tracked link, for clicks. */
  linkId?: string;
};

/** The facts about the tracked email. `sentAt` is null until the BCC copy has told the server it was sent. */
export type MessageFacts = { sentAt: number | null; linkCount: number };

/** Another click on the same email: which link, when, and (when known) how and from which network (truncateIp). */
export type OtherClick = { linkId: string; at: number; method?: string; network?: string | null };

/**
 * What happened around this event on the same email: the other clicks (not this one), the times the sender's
 * add-on reported viewing the thread, and the clients (network and agent) the sender's own fetches of this email
 * came from, such as the draft showing the pixel. Later entries are welcome: classifying again after a short hold
 * lets a sweep or a late viewing report count (docs/labels.md, "Settling").
 */
export type MessageHistory = {
  clicks: readonly OtherClick[];
  views: readonly number[];
  senderClients?: readonly { network: string | null; userAgent: string }[];
};

// Attacker-controlled text: bounded before it is classified, stored or shown.
export const MAX_USER_AGENT = 512;

function header(headers: IncomingHttpHeaders, name: string, max = 200): string | undefined {
  const v = headers[name];
  return (Array.isArray(v) ? v.join(', ') : v)?.slice(0, max);
}

export function requestFacts(input: {
  kind: EventKind;
  method: string;
  headers: IncomingHttpHeaders;
  ip: string;
  at: number;
  linkId?: string;
}): RequestFacts {
  const { headers } = input;
  return {
    kind: input.kind,
    method: input.method.toUpperCase(),
    userAgent: (header(headers, 'user-agent', 4 * MAX_USER_AGENT) ?? '').trim().slice(0, MAX_USER_AGENT),
    ip: input.ip,
    purpose: {
      secPurpose: header(headers, 'sec-purpose'),
      purpose: header(headers, 'purpose'),
      xPurpose: header(headers, 'x-purpose'),
      xMoz: header(headers, 'x-moz'),
    },
    at: input.at,
    ...(input.linkId === undefined ? {} : { linkId: input.linkId }),
  };
}
