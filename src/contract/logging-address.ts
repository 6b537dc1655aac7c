// The address Apply puts in the draft's Bcc: `log+<token>@<bcc domain>`. Gmail delivers the copy of the email as
// sent there, and the BCC listener finds the intent by its token.

export function loggingAddress(token: string, bccDomain: string): string {
  return `log+${token}@${bccDomain}`;
}

/**
 * The token and domain of a logging address, in a bare address or a `Name <address>` form, or null for any other
 * address. The token keeps its case (it is base64url); whether it is one the server minted (isWellFormedToken) and
 * the domain (case-insensitively) are for the caller to check.
 */
export function parseLoggingAddress(address: string): { token: string; domain: string } | null {
  const raw = (/<([^<>]+)>\s*$/.exec(address)?.[1] ?? address).trim();
  const match = /^log\+([A-Za-z0-9_-]+)@([^@]+)$/i.exec(raw);
  if (!match) return null;
  return { token: match[1], domain: match[2] };
}
