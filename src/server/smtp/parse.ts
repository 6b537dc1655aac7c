import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MailParser } from 'mailparser';
import type { AddressObject, AttachmentStream, HeaderLines, MessageText } from 'mailparser';
import { normaliseAddress } from '../../contract';
import { ATTACHMENT_LIMIT_BYTES, leftOutReason } from '../core/attachments';
import { DeliveryRefused, transientCause } from '../core/transient';

export type InboundAddress = { address: string; name: string };

export type InboundAttachment = {
  filename: string | null;
  contentType: string;
  /** Content-ID without angle brackets, for `cid:` links in the html. */
  contentId: string | null;
  /** An image embedded in the html rather than a file the sender attached. */
  inline: boolean;
  size: number;
  sha256: string;
  /** A temporary file with the decoded content, valid until the delivery is answered; null when left out. */
  file: string | null;
  /** Why the content was not kept (L6), or null. */
  leftOut: string | null;
};

/** An email as the BCC listener received it, in plain data: nothing here refers to the parser or the socket. */
export type InboundEmail = {
  /** Normalised `<id@host>`: with the account, the key that makes logging exactly-once (B4). */
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  /** The Date header, or null when it is missing or unreadable. */
  date: Date | null;
  subject: string;
  from: InboundAddress | null;
  replyTo: InboundAddress[];
  to: InboundAddress[];
  cc: InboundAddress[];
  bcc: InboundAddress[];
  html: string | null;
  text: string | null;
  /** Every header line in order, unfolded but not decoded, so what was sent can be shown as sent. */
  headers: Array<{ name: string; value: string }>;
  attachments: InboundAttachment[];
};

// A message-id is `<left@right>`; RFC 5322 caps a line at 998 characters, and the dedupe index must hold it.
const MESSAGE_ID_MAX = 998;

/**
 * One normal form for Message-IDs wherever they come from (BCC copy, sidebar, References): the first `<…>` token,
 * angle brackets kept, case kept (the left part is case-sensitive). A bare id is wrapped in brackets, because
 * storing ids without them is how other CRMs ended up logging the same email twice.
 */
export function normaliseMessageId(value: string | null | undefined): string | null {
  if (!value) return null;
  const bracketed = /<([^<>\s]+)>/.exec(value);
  const id = bracketed ? bracketed[1] : value.trim();
  if (!id || /[\s<>\p{Cc}]/u.test(id) || id.length + 2 > MESSAGE_ID_MAX) return null;
  return `<${id}>`;
}

function messageIdList(value: string | null): string[] {
  if (!value) return [];
  const ids = [...value.matchAll(/<[^<>\s]+>/g)]
    .map((m) => normaliseMessageId(m[0]))
    .filter((id): id is string => id !== null);
  return [...new Set(ids)];
}

// PostgreSQL text cannot hold NUL, nor jsonb half a surrogate pair (a UTF-16 encoded word can decode to one), and a
// message that can never be stored must not be retried forever.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
function clean(value: string): string;
function clean(value: string | null | undefined): string | null;
function clean(value: string | null | undefined): string | null {
  return value ? value.replace(UNSTORABLE, '\uFFFD') : value === '' ? '' : null;
}

function headerList(lines: HeaderLines): Array<{ name: string; value: string }> {
  return lines.map(({ line }) => {
    const unfolded = line.replace(/\r?\n(?=[ \t])/g, '');
    const colon = unfolded.indexOf(':');
    return colon < 0
      ? { name: clean(unfolded.trim()), value: '' }
      : { name: clean(unfolded.slice(0, colon).trim()), value: clean(unfolded.slice(colon + 1).trim()) };
  });
}

function firstHeader(headers: Array<{ name: string; value: string }>, name: string): string | null {
  return headers.find((h) => h.name.toLowerCase() === name)?.value ?? null;
}

function addresses(field: AddressObject | AddressObject[] | undefined): InboundAddress[] {
  const out: InboundAddress[] = [];
  const visit = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      else if (entry.address)
        out.push({ address: clean(normaliseAddress(entry.address)), name: clean(entry.name ?? '') });
    }
  };
  for (const object of field ? [field].flat() : []) visit(object.value);
  return out;
}

/**
 * Hashes and counts the decoded content, and stops passing it on past the limit, so an attachment that will be
 * left out costs no disk.
 */
class Digest extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');
  override _transform(
    chunk: Buffer,
    _encoding: BufferEncoding,
    done: (err?: Error | null, data?: Buffer) => void,
  ): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    done(null, this.bytes <= ATTACHMENT_LIMIT_BYTES ? chunk : undefined);
  }
  sha256(): string {
    return this.hash.digest('hex');
  }
}

// Names and types as the CRM's attachment fields take them; a 1 MB file name is an attack, not a name.
const NAME_MAX = 255;

async function saveAttachment(part: AttachmentStream, file: string): Promise<InboundAttachment> {
  const digest = new Digest();
  try {
    await pipeline(part.content, digest, createWriteStream(file, { flags: 'wx' }));
  } finally {
    part.release?.();
  }
  const tooBig = digest.bytes > ATTACHMENT_LIMIT_BYTES;
  if (tooBig) await rm(file, { force: true });
  return {
    filename: clean(part.filename)?.slice(0, NAME_MAX) || null,
    // mailparser reports `false` for a part whose Content-Type has no value.
    contentType:
      (typeof part.contentType === 'string' && clean(part.contentType).slice(0, NAME_MAX)) ||
      'application/octet-stream',
    contentId: part.cid ?? null,
    inline: part.related === true,
    size: digest.bytes,
    sha256: digest.sha256(),
    file: tooBig ? null : file,
    leftOut: tooBig ? leftOutReason(digest.bytes) : null,
  };
}

/**
 * Parses a raw message from a file, streaming: attachments go to files in `workDir` as they are decoded, so a
 * 150 MB message never sits in memory. Throws `DeliveryRefused` for what cannot be read clearly (the parser gave
 * up, or there is no usable Message-ID), and lets filesystem errors through for the caller to retry.
 */
export async function parseInbound(rawFile: string, workDir: string): Promise<InboundEmail> {
  const parser = new MailParser({
    checksumAlgo: false,
    skipTextToHtml: true,
    skipImageLinks: true,
    // html-to-text on a multi-megabyte body takes seconds of CPU for a text copy nobody reads; the html is kept.
    maxHtmlLengthToParse: 2_000_000,
  });
  const attachments: InboundAttachment[] = [];
  let body: MessageText | null = null;
  const consumer = new Writable({
    objectMode: true,
    write(part: AttachmentStream | MessageText, _encoding, done) {
      if (part.type === 'text') {
        body = part;
        return done();
      }
      saveAttachment(part, join(workDir, `attachment-${attachments.length}`)).then(
        (attachment) => {
          attachments.push(attachment);
          done();
        },
        (err: Error) => done(err),
      );
    },
  });
  try {
    await pipeline(createReadStream(rawFile), parser, consumer);
  } catch (err) {
    if (transientCause(err)) throw err;
    throw new DeliveryRefused(`This message cannot be read: ${(err as Error).message}`);
  }

  const headers = headerList(parser.headerLines || []);
  const rawMessageId = firstHeader(headers, 'message-id');
  const messageId = normaliseMessageId(rawMessageId);
  if (!messageId) {
    throw new DeliveryRefused(
      rawMessageId
        ? `This message's Message-ID "${rawMessageId.slice(0, 80)}" is not a usable id; mailtrail needs one to log each email exactly once`
        : 'This message has no Message-ID header; mailtrail needs one to log each email exactly once',
    );
  }
  const rawDate = firstHeader(headers, 'date');
  const date = rawDate ? new Date(rawDate) : null;
  const text = body as MessageText | null;
  return {
    messageId,
    inReplyTo: messageIdList(firstHeader(headers, 'in-reply-to'))[0] ?? null,
    references: messageIdList(
      headers
        .filter((h) => h.name.toLowerCase() === 'references')
        .map((h) => h.value)
        .join(' '),
    ),
    date: date && !Number.isNaN(date.getTime()) ? date : null,
    subject: clean(parser.subject ?? ''),
    from: addresses(parser.from)[0] ?? null,
    replyTo: addresses(parser.replyTo),
    to: addresses(parser.to),
    cc: addresses(parser.cc),
    bcc: addresses(parser.bcc),
    html: clean(text?.html || null),
    text: clean(text?.text || null),
    headers,
    attachments,
  };
}
