import { createClient, type RedisClientOptions, type RedisClientType } from '@redis/client';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../logger.js';
import { credentialsOf, reconnectDelay, redactedReason, withTimeout } from '../redis-kit.js';
import { TokenBucketRateLimiter, type RateLimitDecision, type RateLimiter, type RateLimitOptions } from './rate-limit.js';

/**
 * The rate limits shared by every replica: the same GCRA bucket as TokenBucketRateLimiter (rate-limit.ts),
 * its TAT kept in Redis instead of a Map, so N replicas admit a caller's burst once, not N times.
 *
 * The whole decision is one Lua script: Redis runs it as a unit, so two replicas taking a caller's last
 * token at the same moment cannot both get it (a GET then a SET from here could). The clock is Redis's
 * own (`TIME`), not the replicas': their clocks may disagree by more than a token's interval. Each bucket
 * is one key, `<namespace>:ratelimit:<sha256 of the limiter's key>` (API key names and client addresses do
 * not appear in Redis), that expires when its bucket is full again — an idle caller costs nothing.
 *
 * Redis is never allowed to make a request wait or fail: a call gets `callTimeoutMs` (250 ms) at most,
 * and while Redis does not answer (not connected, timing out, or answering errors) each limiter decides
 * with a bucket of its own in this process, as a gateway without Redis does. While Redis is down at most
 * one call every `probeIntervalMs` tries it (the rest are decided locally at once), and reconnecting
 * makes the next call try it straight away. The outage is logged once when it starts and once when it
 * ends, naming the host only (the URL may carry a password).
 */

/**
 * KEYS[1]: the bucket. ARGV: the token interval and the bucket's capacity (ms, decimals allowed), then
 * `1` to take a token or `0` to peek. Answers `{1, 0}` (allowed) or `{0, retryAfterMs}` (refused).
 *
 * The stored value is the TAT (ms, Redis's clock) with every digit (`%.17g`): rounding it would drift
 * for rates whose interval is not a whole number of milliseconds. A TAT more than a full bucket ahead
 * (the Redis host's clock stepped back) counts as an empty bucket, never as a longer wait. Refusals write
 * nothing, as in memory: hammering an empty bucket does not push the next token further away. The slack
 * is a microsecond (the resolution of `TIME`), not the nanosecond of memory: times since 1970 in ms are
 * large enough for floating point to round them by a fraction of a microsecond.
 */
export const TOKEN_BUCKET_SCRIPT = `
if redis.replicate_commands then redis.replicate_commands() end
local interval = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
if tat > now + capacity then tat = now + capacity end
local next_tat = tat + interval
local wait = next_tat - capacity - now
if wait > 0.001 then
  return {0, math.ceil(wait)}
end
if ARGV[3] == '1' then
  redis.call('SET', KEYS[1], string.format('%.17g', next_tat), 'PX', string.format('%d', math.ceil(next_tat - now)))
end
return {1, 0}`;

const TOKEN_BUCKET_SHA1 = createHash('sha1').update(TOKEN_BUCKET_SCRIPT).digest('hex');

/** A plain client: no Redis modules, functions or scripts of its own. */
type Plain = Record<string, never>;
export type RateLimitRedisClient = RedisClientType<Plain, Plain, Plain>;
export type RateLimitRedisClientFactory = (options: RedisClientOptions<Plain, Plain, Plain>) => RateLimitRedisClient;

export interface RedisRateLimitsOptions {
  url: URL;
  logger: Logger;
  /** Prefix of every key, so a shared Redis is safe: `<namespace>:ratelimit:<sha256>`. */
  namespace: string;
  /** Limit for opening the connection; reconnection goes on in the background. */
  connectTimeoutMs: number;
  /** Limit for one decision through Redis; beyond it the local bucket decides. */
  callTimeoutMs: number;
  /** While Redis is down, how often one call may try it again (between reconnections). */
  probeIntervalMs: number;
  createClient: RateLimitRedisClientFactory;
}

export interface RedisRateLimits {
  /** A limiter over the shared connection; each has its own local bucket for outages. */
  limiter(options: RateLimitOptions): RateLimiter;
  /** Whether decisions go through Redis right now (connected, and the last call answered). */
  shared(): boolean;
  close(): Promise<void>;
}

/** One connection for every limiter of the process (the caller limit and the failed-authentication budget). */
export function openRedisRateLimits(options: RedisRateLimitsOptions): RedisRateLimits {
  const { url, logger, namespace } = options;
  const client = options.createClient({
    url: url.toString(),
    // A command while disconnected fails at once rather than waiting for the connection to come back.
    disableOfflineQueue: true,
    socket: { connectTimeout: options.connectTimeoutMs, reconnectStrategy: reconnectDelay },
  });
  const where = { host: url.host };
  const secrets = credentialsOf(url);
  let everReady = false;
  let down = false;
  let probing = false;
  let lastProbe = Number.NEGATIVE_INFINITY;
  let closing = false;

  const failed = (error: unknown) => {
    if (down || closing) return;
    down = true;
    logger.warn(
      { ...where, reason: redactedReason(error, secrets) },
      'Rate limits not shared: Redis does not answer, each replica limits callers on its own until it does',
    );
  };
  const answered = () => {
    if (!down) return;
    down = false;
    logger.info(where, 'Rate limits shared through Redis again');
  };
  // Without an 'error' listener node-redis would crash the process on the first connection error.
  client.on('error', (error: unknown) => failed(error));
  client.on('ready', () => {
    if (!everReady) logger.info(where, 'Rate limits shared through Redis');
    everReady = true;
    // Back on line: the next call tries Redis without waiting for the probe interval.
    lastProbe = Number.NEGATIVE_INFINITY;
  });
  // Not awaited: until Redis answers, the local buckets decide.
  client.connect().catch((error: unknown) => failed(error));

  /** Redis's answer, or undefined when the local bucket must decide (Redis down, slow or failing). */
  const decide = async (key: string, args: string[]): Promise<RateLimitDecision | undefined> => {
    if (!client.isReady || closing) return undefined;
    let probe = false;
    if (down) {
      const now = performance.now();
      if (probing || now - lastProbe < options.probeIntervalMs) return undefined;
      probe = probing = true;
      lastProbe = now;
    }
    try {
      const reply = await withTimeout(runScript(client, [key], args), options.callTimeoutMs);
      const decision = decisionOf(reply);
      answered();
      return decision;
    } catch (error) {
      failed(error);
      return undefined;
    } finally {
      if (probe) probing = false;
    }
  };

  return {
    limiter(limitOptions) {
      return new RedisTokenBucketRateLimiter(limitOptions, namespace, decide);
    },
    shared: () => client.isReady && !down,
    async close() {
      closing = true;
      if (client.isReady) {
        try {
          await withTimeout(client.quit(), options.callTimeoutMs);
          return;
        } catch {
          // not answering: disconnect below
        }
      }
      if (client.isOpen) await client.disconnect().catch(() => undefined);
    },
  };
}

/** A token bucket per key in Redis, and in this process while Redis does not answer. */
class RedisTokenBucketRateLimiter implements RateLimiter {
  private readonly local: TokenBucketRateLimiter;
  private readonly interval: string;
  private readonly capacity: string;

  constructor(
    options: RateLimitOptions,
    private readonly namespace: string,
    private readonly decide: (key: string, args: string[]) => Promise<RateLimitDecision | undefined>,
  ) {
    // Validates the settings too, with the same errors.
    this.local = new TokenBucketRateLimiter(options);
    const intervalMs = 1000 / options.requestsPerSecond;
    // Shortest text that reads back as the same number: Lua's tonumber gets the exact double.
    this.interval = String(intervalMs);
    this.capacity = String(options.burst * intervalMs);
  }

  async take(key: string): Promise<RateLimitDecision> {
    return (await this.decide(this.redisKey(key), [this.interval, this.capacity, '1'])) ?? this.local.take(key);
  }

  async peek(key: string): Promise<RateLimitDecision> {
    return (await this.decide(this.redisKey(key), [this.interval, this.capacity, '0'])) ?? this.local.peek(key);
  }

  private redisKey(key: string): string {
    return `${this.namespace}:ratelimit:${createHash('sha256').update(key).digest('hex')}`;
  }
}

/** EVALSHA, and EVAL once when Redis does not know the script (first use, a restart, SCRIPT FLUSH). */
async function runScript(client: RateLimitRedisClient, keys: string[], args: string[]): Promise<unknown> {
  try {
    return await client.evalSha(TOKEN_BUCKET_SHA1, { keys, arguments: args });
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
    return client.eval(TOKEN_BUCKET_SCRIPT, { keys, arguments: args });
  }
}

function decisionOf(reply: unknown): RateLimitDecision {
  if (Array.isArray(reply) && reply.length === 2 && reply.every((value) => typeof value === 'number')) {
    const [allowed, retryAfterMs] = reply as [number, number];
    return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterMs };
  }
  throw new Error('unexpected answer from the rate limit script');
}

/** The client factory of production. */
export { createClient };
