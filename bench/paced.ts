/**
 * A constant-rate (open-loop) load: one request every 1/rate s, evenly spaced, whether or not earlier
 * ones were answered, each timed from when it was due (so queueing behind a slow answer counts, as in
 * wrk2). autocannon's `overallRate` is not this: each connection sends its share of the second's
 * requests back to back when the second starts and then waits, so "500 requests/s" arrives as one
 * burst of 500 at 50 concurrent each second and its latencies measure how fast the burst drains.
 */
import { Pool } from 'undici';
import { percentile, type LoadResult } from './load.js';

export interface PacedOptions {
  rate: number;
  durationS: number;
  /** Sockets to the target: requests beyond wait in the client's queue (and their wait counts). */
  connections: number;
}

/** How long to wait for the last answers after the schedule ends. */
const DRAIN_MS = 10_000;

/** `body`: the scenario's request as that process gets it (processes.ts, `Measured.body`). */
export async function runPaced(url: string, body: string, options: PacedOptions): Promise<LoadResult> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: options.connections, pipelining: 1 });
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  const latencies: number[] = [];
  let failures = 0;
  let graphqlErrors = 0;
  const pending = new Set<Promise<void>>();
  let lastAnswer = 0;

  const fire = (due: number) => {
    const done = pool
      .request({ method: 'POST', path: target.pathname, headers, body })
      .then(async (answer) => {
        const text = await answer.body.text();
        lastAnswer = performance.now();
        if (answer.statusCode < 200 || answer.statusCode >= 300) failures += 1;
        else {
          latencies.push(performance.now() - due);
          if (text.includes('"errors"')) graphqlErrors += 1;
        }
      })
      .catch(() => {
        failures += 1;
      })
      .finally(() => pending.delete(done));
    pending.add(done);
  };

  const intervalMs = 1000 / options.rate;
  const total = Math.round(options.rate * options.durationS);
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    // Everything due by now goes out at once (timers fire late by up to a millisecond or so).
    const now = performance.now();
    while (sent < total && start + sent * intervalMs <= now) fire(start + sent++ * intervalMs);
    if (sent < total) await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + sent * intervalMs - performance.now())));
  }
  await Promise.race([Promise.all(pending), new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref())]);
  failures += pending.size;
  await pool.destroy();

  latencies.sort((a, b) => a - b);
  const answered = latencies.length + failures;
  return {
    requests: answered,
    // Below the rate when the target fell behind: its last answers came well after the schedule ended.
    requestsPerSecond: latencies.length / (Math.max(lastAnswer - start, 1) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failures,
    graphqlErrors,
  };
}
