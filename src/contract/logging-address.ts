// The addresses the BCC listener takes copies on, each `<prefix>+<secret>@<bcc domain>`:
//   log+    one applied email: Apply puts it in the draft's Bcc (its secret is never the pixel's token, which every
//           recipient sees)
//   bcc+    a user's personal address, to log from any mail client without Apply
//   route+  the account's routing address, for the Workspace rule that copies every email its users send
// The secret is the credential: whoever knows the address can hand the listener a copy.

export const LOGGING_ADDRESS_KINDS = ['intent', 'personal', 'routing'] as const;
export type LoggingAddressKind = (typeof LOGGING_ADDRESS_KINDS)[number];

const PREFIX: Record<LoggingAddressKind, string> = { intent: 'log', personal: 'bcc', routing: 'route' };
const KIND_OF: Record<string, LoggingAddressKind> = { log: 'intent', bcc: 'personal', route: 'routing' };

export function loggingAddress(kind: LoggingAddressKind, secret: string, bccDomain: string): string {
  return `${PREFIX[kind]}+${secret}@${bccDomain}`;
}

/**
 * The kind, secret and domain of a logging address, in a bare address or a `Name <address>` form, or null for any
 * other address. The secret keeps its case (it is base64url); whether it is well formed (isWellFormedToken) and the
 * domain (case-insensitively) are for the caller to check.
 */
export function parseLoggingAddress(
  address: string,
): { kind: LoggingAddressKind; secret: string; domain: string } | null {
  const raw = (/<([^<>]+)>\s*$/.exec(address)?.[1] ?? address).trim();
  const match = /^(log|bcc|route)\+([A-Za-z0-9_-]+)@([^@]+)$/i.exec(raw);
  if (!match) return null;
  return { kind: KIND_OF[match[1].toLowerCase()], secret: match[2], domain: match[3] };
}
