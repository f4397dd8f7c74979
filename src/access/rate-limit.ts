import { performance } from 'node:perf_hooks';
import type { Logger } from '../logger.js';
import type * as RedisRateLimit from './redis-rate-limit.js';

/**
 * Per-caller rate limit: a token bucket of `burst` tokens refilled at `requestsPerSecond`, one token per
 * HTTP request.
 *
 * Hand-written rather than rate-limiter-flexible: its in-memory limiters count fixed windows
 * (`BurstyRateLimiter` is two of them, and its docs warn of spikes each time the burst window
 * refills), read `Date.now()` directly (tests could only control time by faking globals), and keep
 * one timer per key. The bucket here is GCRA (the "generic cell rate algorithm"), which behaves
 * exactly like a token bucket but stores a single number per caller: the time at which its bucket
 * will be full again ("theoretical arrival time", TAT).
 *
 * Memory stays bounded with many distinct callers (API keys, or remote addresses when authentication
 * is off): a caller whose TAT has passed has a full bucket, which is the same as having no entry, so
 * entries are dropped as soon as that happens. Entries sit in insertion order and every TAT is at most
 * `burst / requestsPerSecond` seconds after its insertion, so sweeping from the oldest end removes every
 * entry within that time of its caller's last admitted request, at O(1) amortised cost. `maxKeys` caps
 * the map even under a flood of distinct keys inside that window: the oldest entries are forgotten
 * (those callers get a full bucket back — the limiter fails open, never closed, for them).
 *
 * This bucket counts for one process. With Redis (`createRateLimiters` with a `redisUrl`) the same bucket
 * lives in Redis and every replica draws on it (redis-rate-limit.ts); this one then decides only while
 * Redis does not answer.
 */

export interface RateLimitOptions {
  /** Sustained rate: tokens added to each caller's bucket per second (> 0, fractions allowed). */
  requestsPerSecond: number;
  /** Bucket size: requests a caller may send at once after being idle (a whole number ≥ 1). */
  burst: number;
  /** Most callers tracked at once; default 100 000 (a few MB). */
  maxKeys?: number | undefined;
  /** Milliseconds from a monotonic clock; default `performance.now()` (immune to wall-clock jumps). */
  now?: (() => number) | undefined;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** What admission needs: TokenBucketRateLimiter in one process, redis-rate-limit.ts across replicas. */
export interface RateLimiter {
  take(key: string): RateLimitDecision | Promise<RateLimitDecision>;
  /** What `take` would decide now, without using a token. */
  peek(key: string): RateLimitDecision | Promise<RateLimitDecision>;
}

export const DEFAULT_MAX_KEYS = 100_000;

export class TokenBucketRateLimiter implements RateLimiter {
  private readonly intervalMs: number;
  private readonly capacityMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;
  /** Caller key → TAT (ms). Insertion order is the order of each caller's last admitted request. */
  private readonly tats = new Map<string, number>();

  constructor(options: RateLimitOptions) {
    const { requestsPerSecond, burst } = checkRateLimitOptions(options);
    this.intervalMs = 1000 / requestsPerSecond;
    this.capacityMs = burst * this.intervalMs;
    this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    this.now = options.now ?? (() => performance.now());
  }

  take(key: string): RateLimitDecision {
    const now = this.now();
    this.forgetFullBuckets(now);
    const { nextTat, decision } = this.decide(key, now);
    if (!decision.allowed) return decision;
    // Re-inserted at the end: the map stays ordered by last admission, which the sweep relies on.
    this.tats.delete(key);
    this.tats.set(key, nextTat);
    if (this.tats.size > this.maxKeys) this.tats.delete(this.tats.keys().next().value as string);
    return { allowed: true };
  }

  peek(key: string): RateLimitDecision {
    return this.decide(key, this.now()).decision;
  }

  private decide(key: string, now: number): { nextTat: number; decision: RateLimitDecision } {
    const tat = Math.max(this.tats.get(key) ?? now, now);
    const nextTat = tat + this.intervalMs;
    // The bucket is empty when admitting this request would push the TAT more than a full bucket ahead.
    const waitMs = nextTat - this.capacityMs - now;
    // (A nanosecond of slack: 1000 / rps is rarely exact in floating point.)
    return { nextTat, decision: waitMs > 1e-6 ? { allowed: false, retryAfterMs: Math.ceil(waitMs) } : { allowed: true } };
  }

  /** How many callers are tracked (for tests and metrics). */
  get trackedKeys(): number {
    return this.tats.size;
  }

  private forgetFullBuckets(now: number): void {
    for (const [key, tat] of this.tats) {
      if (tat > now) return;
      this.tats.delete(key);
    }
  }
}

/** The options, or a RangeError naming the one that cannot work. */
export function checkRateLimitOptions(options: RateLimitOptions): RateLimitOptions {
  const { requestsPerSecond, burst } = options;
  if (!Number.isFinite(requestsPerSecond) || requestsPerSecond <= 0) throw new RangeError('requestsPerSecond must be a positive number');
  if (!Number.isInteger(burst) || burst < 1) throw new RangeError('burst must be a whole number of at least 1');
  return options;
}

/** The limiter for a configuration; `'off'` means none. */
export function createRateLimiter(config: RateLimitOptions | 'off'): RateLimiter | undefined {
  return config === 'off' ? undefined : new TokenBucketRateLimiter(config);
}

export interface RateLimitersOptions {
  /**
   * Redis shared by every replica: their limiters then draw on the same buckets. Unset: each process
   * counts alone (in memory) and no Redis connection is ever attempted.
   */
  redisUrl: URL | undefined;
  logger: Logger;
  /** Prefix of the Redis keys (`<namespace>:ratelimit:<sha256>`). Default `chat-gateway`. */
  namespace?: string | undefined;
  /** Limit for one decision through Redis; beyond it this process decides alone. Default 250 ms. */
  callTimeoutMs?: number | undefined;
  /** While Redis is down, how often one request tries it again. Default 1000 ms. */
  probeIntervalMs?: number | undefined;
}

export interface RateLimiters {
  /** The limiter for a configuration; `'off'` means none. */
  create(config: RateLimitOptions | 'off'): RateLimiter | undefined;
  /** Disconnects from Redis (after the last request); nothing to do in memory. */
  close(): Promise<void>;
}

export const RATE_LIMIT_REDIS_DEFAULTS = {
  namespace: 'chat-gateway',
  connectTimeoutMs: 2_000,
  callTimeoutMs: 250,
  probeIntervalMs: 1_000,
} as const;

/**
 * The gateway's limiters: in memory without `redisUrl`; with it, shared by every replica through one
 * Redis connection (opened with the first limiter that is not off), falling back to this process's own
 * buckets while Redis does not answer (redis-rate-limit.ts).
 */
export function createRateLimiters(options: RateLimitersOptions): RateLimiters {
  const { redisUrl } = options;
  if (redisUrl === undefined) return { create: createRateLimiter, close: async () => {} };
  let redis: RedisRateLimit.RedisRateLimits | undefined;
  return {
    create(config) {
      if (config === 'off') return undefined;
      checkRateLimitOptions(config);
      if (!redis) {
        const { openRedisRateLimits, createClient } = loadRedisRateLimit();
        redis = openRedisRateLimits({
          url: redisUrl,
          logger: options.logger,
          namespace: options.namespace ?? RATE_LIMIT_REDIS_DEFAULTS.namespace,
          connectTimeoutMs: RATE_LIMIT_REDIS_DEFAULTS.connectTimeoutMs,
          callTimeoutMs: options.callTimeoutMs ?? RATE_LIMIT_REDIS_DEFAULTS.callTimeoutMs,
          probeIntervalMs: options.probeIntervalMs ?? RATE_LIMIT_REDIS_DEFAULTS.probeIntervalMs,
          createClient,
        });
      }
      return redis.limiter(config);
    },
    close: async () => {
      await redis?.close();
    },
  };
}

/** The Redis client is loaded only when Redis is configured, as the cache and the event bus do. */
function loadRedisRateLimit(): typeof RedisRateLimit {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; this is a CommonJS build
  return require('./redis-rate-limit.js') as typeof RedisRateLimit;
}

/** `Retry-After` is in whole seconds: rounded up, and at least 1 so clients never retry at once. */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}
