import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { GatewayEvent } from './model.js';
import type { Deliver, EventTransport } from './transport.js';

export interface MemoryTransportOptions {
  dedupeWindowMs: number;
  /** Beyond it the oldest keys are forgotten first (they are the closest to expiring anyway). */
  maxDedupeKeys: number;
  clock: { now(): number } | undefined;
  deliver: Deliver;
}

/** One process: de-duplication in a bounded map with expiry, delivery straight to the local subscribers. */
export function memoryTransport(options: MemoryTransportOptions): EventTransport {
  const seen = new LRUCache<string, true>({
    max: options.maxDedupeKeys,
    ttl: options.dedupeWindowMs,
    // Read the clock on every check: the default caches it for 1 ms, which a test's clock outruns.
    ttlResolution: 0,
    ...(options.clock ? { perf: options.clock } : {}),
  });
  return {
    publish(event: GatewayEvent) {
      // Hashed as in Redis: a key may be as long as the delivery it came from, and 100 000 are kept.
      const key = createHash('sha256').update(JSON.stringify([event.tenant, event.dedupeKey])).digest('base64url');
      // `has` neither refreshes the entry's age nor its recency: the oldest key is evicted first and
      // the window runs from the first publish, as in Redis.
      if (seen.has(key)) return Promise.resolve('duplicate');
      seen.set(key, true);
      options.deliver(event);
      return Promise.resolve('published');
    },
    state: () => ({ mode: 'memory' }),
    async close() {
      seen.clear();
    },
  };
}
