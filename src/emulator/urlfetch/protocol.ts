// Messages between the synchronous client (the add-on's thread) and the worker that does the HTTP.

export interface WireRequest {
  url: string;
  method: string;
  headers: [string, string][];
  body?: Uint8Array;
  followRedirects: boolean;
  validateHttpsCertificates: boolean;
  timeoutMs: number;
  /** A longer response is cut off and answered as an error, as Apps Script does past its 50 MB limit. */
  maxResponseBytes?: number;
}

export type WireResult =
  | { ok: true; status: number; headers: [string, string][]; body: Uint8Array; ms: number }
  | { ok: false; code: string; message: string; ms: number };

export interface WireCall {
  id: number;
  signal: Int32Array;
  requests: WireRequest[];
}

export interface WireReply {
  id: number;
  results: WireResult[];
}
