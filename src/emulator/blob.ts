// Apps Script's Blob: bytes with a content type and a name. GmailAttachment and HTTPResponse.getBlob build on it.
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { fromByteArray, toByteArray } from './bytes';
import { decodeText, encodeText } from './charset';
import type { Realm } from './realm';

const TYPES_BY_EXTENSION: Record<string, string> = {
  '.txt': 'text/plain',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.zip': 'application/zip',
  '.ics': 'text/calendar',
  '.xml': 'text/xml',
  '.eml': 'message/rfc822',
};

export class Blob {
  protected bytes: Buffer;

  constructor(
    protected readonly realm: Realm,
    bytes: Uint8Array,
    protected contentType: string | null = null,
    protected name: string | null = null,
  ) {
    this.bytes = Buffer.from(bytes);
  }

  /** The bytes, for emulator code (add-on code uses getBytes). */
  buffer(): Buffer {
    return this.bytes;
  }

  copyBlob(): Blob {
    return new Blob(this.realm, this.bytes, this.contentType, this.name);
  }
  /** Deprecated in Apps Script: the blobs this blob holds, i.e. itself. */
  getAllBlobs(): Blob[] {
    return [this];
  }
  getAs(contentType: string): Blob {
    if (contentType === this.contentType) return this.copyBlob();
    throw this.realm.error(`Converting ${this.contentType ?? 'a blob'} to ${contentType} is not emulated.`);
  }
  getBlob(): Blob {
    return this;
  }
  getBytes(): number[] {
    return toByteArray(this.bytes);
  }
  getContentType(): string | null {
    return this.contentType;
  }
  getDataAsString(charset?: string): string {
    return decodeText(this.bytes, charset);
  }
  getName(): string | null {
    return this.name;
  }
  isGoogleType(): boolean {
    return false;
  }
  setBytes(data: number[]): Blob {
    const bytes = fromByteArray(data);
    if (!bytes) throw this.realm.error('Invalid argument: data');
    this.bytes = bytes;
    return this;
  }
  setContentType(contentType: string | null): Blob {
    this.contentType = contentType;
    return this;
  }
  setContentTypeFromExtension(): Blob {
    const type = TYPES_BY_EXTENSION[extname(this.name ?? '').toLowerCase()];
    if (!type) throw this.realm.error(`Could not determine the content type of "${this.name}" from its extension.`);
    this.contentType = type;
    return this;
  }
  setDataFromString(text: string, charset?: string): Blob {
    const bytes = encodeText(String(text), charset);
    if (!bytes) throw this.realm.error(`Invalid argument: charset (${charset} is not emulated)`);
    this.bytes = bytes;
    return this;
  }
  setName(name: string): Blob {
    this.name = name;
    return this;
  }
}

/** GmailAttachment: a Blob that also knows its size and hash, and always has a name and a type. */
export class GmailAttachment extends Blob {
  override getName(): string {
    return this.name ?? '';
  }
  override getContentType(): string {
    return this.contentType ?? 'application/octet-stream';
  }
  getSize(): number {
    return this.bytes.length;
  }
  /** SHA-1 of the content, in hex, as Apps Script documents. */
  getHash(): string {
    return createHash('sha1').update(this.bytes).digest('hex');
  }
  override copyBlob(): Blob {
    return new Blob(this.realm, this.bytes, this.contentType, this.name);
  }
}
