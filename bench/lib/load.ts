import autocannon from 'autocannon';

export type LoadResult = { rps: number; p50: number; p99: number; requests: number; non2xx: number; errors: number };

/** Closed-loop load with keep-alive connections and no pipelining (real clients do not pipeline). */
export async function runLoad(
  url: string,
  opts: {
    connections?: number;
    seconds?: number;
    method?: 'GET' | 'HEAD' | 'POST';
    headers?: Record<string, string>;
    body?: string;
    requests?: autocannon.Request[];
  } = {},
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: opts.connections ?? 50,
    duration: opts.seconds ?? 5,
    pipelining: 1,
    method: opts.method ?? 'GET',
    headers: opts.headers,
    body: opts.body,
    requests: opts.requests,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
