import autocannon from 'autocannon';

export interface LoadOptions {
  durationS: number;
  connections: number;
  /** Stop after this many answers instead of after `durationS` (every request sent is then answered). */
  amount?: number;
}

export interface LoadResult {
  /** Answers received (any status). */
  requests: number;
  requestsPerSecond: number;
  /** Of 2xx answers, in ms, from every answer's own time (sub-millisecond, unlike autocannon's table). */
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts and non-2xx answers. */
  failures: number;
  /** 2xx answers whose body carries GraphQL `errors` (a fast error is not a fast answer). */
  graphqlErrors: number;
}

/**
 * One closed-loop autocannon run of a scenario against a GraphQL endpoint, `body` being the scenario's
 * request as that process gets it (processes.ts, `Measured.body`): each connection sends its next
 * request when answered.
 */
export async function runLoad(url: string, body: string, options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body,
    connections: options.connections,
    duration: options.durationS,
    timeout: 10,
    ...(options.amount !== undefined && { amount: options.amount }),
    // `"errors"` appears in a GraphQL answer only as its top-level errors list (userErrors is `"userErrors"`).
    verifyBody: (body) => !body.includes('"errors"'),
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await instance;
  const requests = result.requests.total;
  latencies.sort((a, b) => a - b);
  return {
    requests,
    requestsPerSecond: requests / result.duration,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failures: result.errors + result.timeouts + result.non2xx,
    graphqlErrors: result.mismatches,
  };
}

/** Nearest-rank percentile of sorted values; NaN when there are none. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export function median(values: number[]): number {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
