import { parseLoggingAddress } from '../../contract/logging-address';
import { escapeHtml } from './format';

// What Apply and Insert-link put into the draft. The add-on cannot read the body, so the draft's Bcc is the one
// record of what was applied before: a `log+<secret>@<bccDomain>` there means this draft already has an intent.
// Its secret names the intent to the backend (it is not the pixel's token, which recipients see).

/** The secret of an applied email's logging address at the account's BCC domain, or null for any other address. */
export function loggingToken(address: string, bccDomain: string): string | null {
  const parsed = parseLoggingAddress(address);
  return parsed?.kind === 'intent' && bccDomain && parsed.domain.toLowerCase() === bccDomain.toLowerCase()
    ? parsed.secret
    : null;
}

/** The draft's Bcc split into the user's own recipients and the logging secret an earlier Apply left there. */
export function splitBcc(bcc: readonly string[], bccDomain: string): { others: string[]; token: string | null } {
  const others: string[] = [];
  let token: string | null = null;
  for (const address of bcc) {
    const t = loggingToken(address, bccDomain);
    if (t) token = token ?? t;
    else others.push(address);
  }
  return { others, token };
}

/** Bcc after Apply: what the user had, plus exactly one logging address (an older one is replaced). */
export function bccAfterApply(bcc: readonly string[], bccDomain: string, bccAddress: string): string[] {
  return [...splitBcc(bcc, bccDomain).others, bccAddress];
}

export function pixelHtml(pixelUrl: string): string {
  return `<img src="${escapeHtml(pixelUrl)}" width="1" height="1" alt="">`;
}

export function trackedLinkHtml(trackedUrl: string, text: string): string {
  return `<a href="${escapeHtml(trackedUrl)}">${escapeHtml(text)}</a>`;
}

/** A URL the user typed, if it is a web address a reader could follow. */
export function webAddress(input: string): string | null {
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(input) ? input : input ? `https://${input}` : '';
  if (!/^https?:\/\/[^\s/?#]+\.[^\s/?#]+([/?#]\S*)?$/i.test(candidate) || candidate.length > 2048) return null;
  return candidate;
}
