import type { GatewayStore } from './types.js';

export type StoreHealth = { engine: GatewayStore['engine']; status: 'up' } | { engine: GatewayStore['engine']; status: 'down'; reason: 'timeout' | 'error' };

/**
 * The store's ping for readiness, bounded: a probe that hangs on an unreachable database would look to
 * the orchestrator like a hung gateway. The database's error itself is not repeated (probes are often
 * unauthenticated, and its text may name hosts and users).
 */
export async function storeHealth(store: GatewayStore, timeoutMs: number): Promise<StoreHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([store.ping().then(() => 'up' as const, () => 'error' as const), timeout]);
    return outcome === 'up' ? { engine: store.engine, status: 'up' } : { engine: store.engine, status: 'down', reason: outcome };
  } finally {
    clearTimeout(timer);
  }
}
