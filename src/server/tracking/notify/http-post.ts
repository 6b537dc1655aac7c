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
  const text = (await res.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, 200);
  if (res.status >= 200 && res.status < 300) return { status: res.status, error: null };
  if (res.status >= 300 && res.status < 400)
    return {
      status: res.status,
      error: `answered ${res.status} (redirect to ${res.headers.get('location') ?? '?'}); configure the final URL`,
    };
  return { status: res.status, error: `answered ${res.status} ${text}`.trim() };
}
