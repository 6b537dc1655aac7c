// The emulated mailbox GmailApp reads: messages from RFC 822 sources, parsed once, grouped into threads by
// References / In-Reply-To (or an explicit thread id) as Gmail's conversation view does.
import { createHash } from 'node:crypto';
import { type ParsedMail, simpleParser } from 'mailparser';

export interface StoredMessage {
  /** Gmail's message id: 16 hex digits. */
  id: string;
  threadId: string;
  raw: Buffer;
  parsed: ParsedMail;
}

function messageIds(value: string | string[] | undefined): string[] {
  if (!value) return [];
  return (Array.isArray(value) ? value : value.split(/\s+/)).map((v) => v.trim()).filter(Boolean);
}

/** Lines end in CRLF on the wire; .eml files on disk often use LF alone. */
function normalise(rawEml: string | Buffer): Buffer {
  const text = Buffer.isBuffer(rawEml) ? rawEml.toString('latin1') : rawEml;
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'), Buffer.isBuffer(rawEml) ? 'latin1' : 'utf8');
}

/** The Gmail id a source gets in any Mailbox: derived from its bytes, so callers can know it before adding. */
export function gmailIdOf(rawEml: string | Buffer): string {
  return createHash('sha256').update(normalise(rawEml)).digest('hex').slice(0, 16);
}

export class Mailbox {
  private readonly byId = new Map<string, StoredMessage>();
  private readonly byMessageIdHeader = new Map<string, StoredMessage>();

  /**
   * Adds a message; the same source added twice is the same message. Without `threadId`, the message joins the
   * thread of the message it replies to, when that message is in the mailbox, or starts a thread of its own.
   */
  async add(
    rawEml: string | Buffer,
    options: { threadId?: string } = {},
  ): Promise<{ messageId: string; threadId: string }> {
    const raw = normalise(rawEml);
    const id = gmailIdOf(raw);
    const existing = this.byId.get(id);
    if (existing) return { messageId: existing.id, threadId: existing.threadId };

    const parsed = await simpleParser(raw, { skipImageLinks: true });
    const parents = [...messageIds(parsed.inReplyTo), ...messageIds(parsed.references).reverse()];
    const parent = parents.map((mid) => this.byMessageIdHeader.get(mid)).find(Boolean);
    const message: StoredMessage = { id, threadId: options.threadId ?? parent?.threadId ?? id, raw, parsed };
    this.byId.set(id, message);
    if (parsed.messageId && !this.byMessageIdHeader.has(parsed.messageId))
      this.byMessageIdHeader.set(parsed.messageId, message);
    return { messageId: id, threadId: message.threadId };
  }

  get(id: string): StoredMessage | undefined {
    return this.byId.get(id);
  }

  /** The thread's messages, oldest first. */
  thread(threadId: string): StoredMessage[] {
    return [...this.byId.values()]
      .filter((m) => m.threadId === threadId)
      .sort((a, b) => (a.parsed.date?.getTime() ?? 0) - (b.parsed.date?.getTime() ?? 0));
  }

  messages(): StoredMessage[] {
    return [...this.byId.values()];
  }
}
