/**
 * The part of autocannon 8's API the benchmark uses (its README, "autocannon(opts[, cb])" and
 * "Results"). autocannon ships no types and @types/autocannon is not installed; delete this file if
 * that package is added.
 */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      /** Seconds to wait for an answer. */
      timeout?: number;
      /** Requests per second over all connections. */
      overallRate?: number;
      /** Called with every answer's body; a falsy result counts as a mismatch. */
      verifyBody?: (body: string) => boolean;
      title?: string;
    }

    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p2_5: number;
      p50: number;
      p90: number;
      p97_5: number;
      p99: number;
    }

    interface Result {
      requests: Histogram;
      /** In ms, 2xx answers only, whole milliseconds. */
      latency: Histogram;
      throughput: Histogram;
      /** Seconds. */
      duration: number;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
    }

    interface Instance extends EventEmitter, PromiseLike<Result> {
      stop(): void;
      /** `response`: (client, statusCode, resBytes, responseTime in ms with sub-ms precision). */
      on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
      on(event: string, listener: (...args: unknown[]) => void): this;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
