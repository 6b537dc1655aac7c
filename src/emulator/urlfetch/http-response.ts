// HTTPResponse as UrlFetchApp returns it.
import { Blob } from '../blob';
import { toByteArray } from '../bytes';
import { charsetOf, decodeText } from '../charset';
import type { Realm } from '../realm';

export class HTTPResponse {
  constructor(
    private readonly realm: Realm,
    private readonly status: number,
    private readonly headers: [string, string][],
    private readonly body: Uint8Array,
  ) {}

  getResponseCode(): number {
    return this.status;
  }
  /** Header names as the server sent them; a repeated header gives its first value (getAllHeaders has them all). */
  getHeaders(): { [name: string]: string } {
    const out: Record<string, string> = {};
    for (const [name, value] of this.headers) if (!(name in out)) out[name] = value;
    return out;
  }
  getAllHeaders(): { [name: string]: string | string[] } {
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of this.headers) {
      const seen = out[name];
      out[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
    }
    return out;
  }
  /** Decoded with the charset given, else the one in Content-Type, else UTF-8. */
  getContentText(charset?: string): string {
    return decodeText(this.body, charset ?? charsetOf(this.contentType()));
  }
  getContent(): number[] {
    return toByteArray(this.body);
  }
  getBlob(): Blob {
    return new Blob(this.realm, this.body, this.contentType()?.split(';')[0].trim() ?? null);
  }
  getAs(contentType: string): Blob {
    return this.getBlob().getAs(contentType);
  }

  private contentType(): string | undefined {
    return this.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  }
}
