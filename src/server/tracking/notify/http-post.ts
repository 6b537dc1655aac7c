/** What of a receiver's answer is read: enough for the error message, never the memory a huge answer would take. */
const MAX_ANSWER_BYTES = 4096;

export type PostResult = { status: number; error: null } | { status: number | null; error: string };

/**
 * Posts JSON to a receiver outside our control (webhook, Google Chat). Redirects are not followed: a webhook URL
 * is configured once and should be the final one, and following would let a receiver send us elsewhere.
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostResult> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'mailtrail-notify/1', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why =
      e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { status: null, error: `${new URL(url).host} unreachable: ${why}` };
  }
  if (res.status >= 200 && res.status < 300) {
    // A success needs no body: a receiver that streams one for ever holds nothing.
    await res.body?.cancel().catch(() => {});
    return { status: res.status, error: null };
  }
  const text = (await answerStart(res)).replace(/\s+/g, ' ').slice(0, 200);
  if (res.status >= 300 && res.status < 400)
    return {
      status: res.status,
      error: `answered ${res.status} (redirect to ${res.headers.get('location') ?? '?'}); configure the final URL`,
    };
  return { status: res.status, error: `answered ${res.status} ${text}`.trim() };
}

/**
 * The first MAX_ANSWER_BYTES of a receiver's answer, then the rest is cancelled (the request's timeout covers a
 * body that trickles). For the error message; a success's body is never read.
 */
export async function answerStart(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_ANSWER_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // Cut off by the timeout or the connection: what arrived is enough.
  } finally {
    await reader.cancel().catch(() => {});
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES));
}
