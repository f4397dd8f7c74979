import type { Logger } from '../logger.js';
import { GuardedCache, type ApolloCacheOption } from './guarded-cache.js';
import type * as RedisStore from './redis-store.js';
import type { RedisClientFactory } from './redis-store.js';

export type { ApolloCacheOption, KeyValueCache } from './guarded-cache.js';

/**
 * `memory`: no Redis configured, each process keeps its own bounded cache. `connected`: Redis answers.
 * `disconnected`: Redis is configured but not answering (connecting, reconnecting, or timing out);
 * requests are still served, persisted queries are misses meanwhile.
 */
export type CacheState = 'memory' | 'connected' | 'disconnected';

export interface GatewayCache {
  /** Pass as `new ApolloServer({ cache })`. */
  readonly apollo: ApolloCacheOption;
  /** For `/readyz`: a Redis outage degrades the gateway but does not make it unready. */
  state(): CacheState;
  /** Disconnects from Redis; call after Apollo Server has stopped. Nothing to do in memory. */
  close(): Promise<void>;
}

export interface GatewayCacheOptions {
  /**
   * Redis shared by every replica (`redis://` or `rediss://`, may carry a password). Unset: each process
   * caches in memory and no Redis connection is ever attempted.
   */
  redisUrl: URL | undefined;
  logger: Logger;
  /** Prefix of every Redis key, so a shared Redis is safe (keys are `<namespace>:apq:<sha256>`). Default `chat-gateway`. */
  namespace?: string;
  /** Limit for opening a connection to Redis. Default 2000 ms. */
  connectTimeoutMs?: number;
  /** Limit for one read or write; beyond it the read is a miss. Default 500 ms. */
  operationTimeoutMs?: number;
  /** Lifetime of entries stored without a TTL (persisted queries). Default 86400 s (one day). */
  defaultTtlSeconds?: number;
  /** For tests: how the Redis client is created. Default `createClient` of `@keyv/redis`. */
  createRedisClient?: RedisClientFactory;
}

export const CACHE_DEFAULTS = {
  namespace: 'chat-gateway',
  connectTimeoutMs: 2_000,
  operationTimeoutMs: 500,
  defaultTtlSeconds: 86_400,
} as const;

/**
 * The cross-request cache Apollo Server uses, today only for automatic persisted queries (APQ). Its
 * keys are SHA-256 hashes of query text and its values the query text, never a platform's data or
 * anything a caller is allowed to see, so one entry serves every tenant safely: a client can only
 * fetch a query by knowing its hash, i.e. by already knowing the query. A cache of platform data
 * would need keys scoped per tenant and caller; there is none.
 */
export function createGatewayCache(options: GatewayCacheOptions): GatewayCache {
  if (options.redisUrl === undefined) {
    // Apollo Server's own default: an in-memory LRU bounded in size.
    return { apollo: 'bounded', state: () => 'memory', close: async () => {} };
  }
  const settings = { ...CACHE_DEFAULTS, ...definedOnly(options) };
  const { openRedisStore, createClient } = loadRedisStore();
  const store = openRedisStore({
    url: options.redisUrl,
    logger: options.logger,
    namespace: settings.namespace,
    connectTimeoutMs: settings.connectTimeoutMs,
    createClient: options.createRedisClient ?? createClient,
  });
  const cache = new GuardedCache(store.cache, {
    operationTimeoutMs: settings.operationTimeoutMs,
    defaultTtlSeconds: settings.defaultTtlSeconds,
    health: store.health,
  });
  return {
    apollo: cache,
    state: () => (store.connected() ? 'connected' : 'disconnected'),
    async close() {
      cache.close();
      await store.close();
    },
  };
}

function definedOnly(options: GatewayCacheOptions): Partial<typeof CACHE_DEFAULTS> {
  const { namespace, connectTimeoutMs, operationTimeoutMs, defaultTtlSeconds } = options;
  const given = { namespace, connectTimeoutMs, operationTimeoutMs, defaultTtlSeconds };
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
}

/**
 * The Redis client and Keyv are loaded only when Redis is configured: together they add about 40 MB
 * to the memory of a process that never uses them (measured with `process.memoryUsage().rss`).
 */
function loadRedisStore(): typeof RedisStore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; this is a CommonJS build
  return require('./redis-store.js') as typeof RedisStore;
}
