import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import KeyvRedis, { createClient, defaultReconnectStrategy, type RedisClientOptions, type RedisClientType } from '@keyv/redis';
import { Keyv } from 'keyv';
import type { Logger } from '../logger.js';
import { credentialsOf, redactedReason } from '../redis-kit.js';
import type { KeyValueCache, StoreHealth } from './guarded-cache.js';

/** A plain client: no Redis modules, functions or scripts. */
type Plain = Record<string, never>;
export type RedisClientFactory = (options: RedisClientOptions<Plain, Plain, Plain>) => RedisClientType;

export interface RedisStoreOptions {
  url: URL;
  logger: Logger;
  /** Prefix of every key, so one Redis can serve other applications too. */
  namespace: string;
  /** Limit for opening the TCP (or TLS) connection; reconnection goes on in the background. */
  connectTimeoutMs: number;
  /** For tests: how the Redis client is created. */
  createClient: RedisClientFactory;
}

export interface RedisStore {
  cache: KeyValueCache;
  health: StoreHealth;
  /** Whether Redis is answering right now (connected, and the last operation did not fail). */
  connected(): boolean;
  close(): Promise<void>;
}

/**
 * Apollo's KeyValueCache over Redis through Keyv. The connection opens at once (not on the first
 * request) and reconnects with @keyv/redis's backoff. Commands are never queued while disconnected
 * (`disableOfflineQueue`): they fail at once, so a request never waits for Redis to come back.
 */
export function openRedisStore(options: RedisStoreOptions): RedisStore {
  const { url, logger } = options;
  // Only the host is ever logged: the URL may carry a password.
  const redis = { host: url.host };
  const client = options.createClient({
    url: url.toString(),
    disableOfflineQueue: true,
    socket: { connectTimeout: options.connectTimeoutMs, reconnectStrategy: defaultReconnectStrategy },
  });
  const health = outageLog(logger, redis, credentialsOf(url));
  // Without an 'error' listener node-redis would crash the process on the first connection error.
  client.on('error', (error: unknown) => health.failed(error));
  client.on('ready', () => {
    if (health.down()) health.answered();
    else logger.info(redis, 'Redis cache connected');
  });
  client.connect().catch((error: unknown) => health.failed(error));

  // Errors are thrown up to GuardedCache, the one place that decides what a failure means.
  const store = new KeyvRedis<string>(client, { namespace: options.namespace, keyPrefixSeparator: ':', throwErrors: true });
  // The adapter carries the namespace; Keyv must not prefix keys a second time.
  const keyv = new Keyv<string>({ store, namespace: options.namespace, useKeyPrefix: false, throwOnErrors: true });

  return {
    cache: new KeyvAdapter(keyv),
    health,
    connected: () => client.isReady && !health.down(),
    async close() {
      // After Apollo Server stopped: no request waits on Redis any more, so pending writes may be dropped.
      if (client.isOpen) await client.disconnect();
    },
  };
}

/**
 * Logs a Redis outage once when it starts (warn) and once when it ends (info), however many requests
 * or reconnection attempts fail in between.
 */
function outageLog(logger: Logger, redis: { host: string }, secrets: string[]): StoreHealth & { down(): boolean } {
  let down = false;
  return {
    down: () => down,
    failed(error) {
      if (down) return;
      down = true;
      logger.warn(
        { ...redis, reason: redactedReason(error, secrets) },
        'Redis cache unavailable: persisted queries are cache misses (clients resend the full query) until it is back',
      );
    },
    answered() {
      if (!down) return;
      down = false;
      logger.info(redis, 'Redis cache available again');
    },
  };
}

/** The client factory of production (tests inject their own through `createRedisClient`). */
export { createClient };
