import type { ApolloServerOptions, BaseContext } from '@apollo/server';

/** Apollo Server's `cache` option: a key-value store, or `'bounded'` (its own in-memory LRU). */
export type ApolloCacheOption = NonNullable<ApolloServerOptions<BaseContext>['cache']>;
/** Apollo's `KeyValueCache<string>` (taken from Apollo Server's own options type). */
export type KeyValueCache = Exclude<ApolloCacheOption, 'bounded'>;
type SetOptions = Parameters<KeyValueCache['set']>[2];

/** Told when the shared store fails and when it answers again (logging once per outage is its job). */
export interface StoreHealth {
  failed(error: unknown): void;
  answered(): void;
}

export interface GuardedCacheOptions {
  /** How long one read or write may take before it counts as failed (a miss). */
  operationTimeoutMs: number;
  /** Lifetime of entries written without a TTL (Apollo writes persisted queries without one by default). */
  defaultTtlSeconds: number;
  health: StoreHealth;
}

/**
 * A cache that is never the reason a request fails or hangs. The shared store (Redis) is an optimisation:
 * for automatic persisted queries a miss only makes the client send the full query again
 * (PERSISTED_QUERY_NOT_FOUND), so a failed or slow read is a miss and a failed write is dropped. Apollo
 * awaits reads on the request path without catching, which is why this wrapper exists at all.
 */
export class GuardedCache implements KeyValueCache {
  private closed = false;

  constructor(
    private readonly store: KeyValueCache,
    private readonly options: GuardedCacheOptions,
  ) {}

  async get(key: string): Promise<string | undefined> {
    if (this.closed) return undefined;
    return this.guard(() => this.store.get(key), undefined);
  }

  async set(key: string, value: string, options?: SetOptions): Promise<void> {
    if (this.closed) return;
    // Unbounded growth of a shared Redis is worse than a re-registration a day later.
    const ttl = options?.ttl === undefined ? this.options.defaultTtlSeconds : options.ttl;
    await this.guard(() => this.store.set(key, value, { ...options, ttl }), undefined);
  }

  async delete(key: string): Promise<boolean> {
    if (this.closed) return false;
    return this.guard(async () => (await this.store.delete(key)) !== false, false);
  }

  /** After this every call is a miss without touching the store (it is being disconnected). */
  close(): void {
    this.closed = true;
  }

  private async guard<T>(operation: () => Promise<T>, fallback: T): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new CacheTimeoutError(this.options.operationTimeoutMs)),
        this.options.operationTimeoutMs,
      );
    });
    try {
      const result = await Promise.race([operation(), timeout]);
      this.options.health.answered();
      return result;
    } catch (error) {
      this.options.health.failed(error);
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  }
}

export class CacheTimeoutError extends Error {
  constructor(ms: number) {
    super(`the cache did not answer within ${ms} ms`);
    this.name = 'CacheTimeoutError';
  }
}
