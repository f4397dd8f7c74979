import type { PlatformClients } from './context.js';
import type { Logger } from './logger.js';
import type { GatewayMetrics } from './metrics.js';
import { ALL_PLATFORMS, type PlatformId } from './platforms/index.js';
import type { BatchObservable } from './platforms/platform.js';
import type { Upstreams } from './upstreams.js';
import type { ResilienceOptions, UpstreamState } from './upstream/upstream-http.js';

/**
 * Each tenant's long-lived platform clients, made from its connections: its own pools, breakers,
 * bulkheads and token caches. A platform the tenant does not use has none.
 */
export function createTenantClients(
  upstreams: Pick<Upstreams, 'tenants'>,
  options: { logger: Logger; resilience: ResilienceOptions; metrics: GatewayMetrics | undefined },
): ReadonlyMap<string, PlatformClients> {
  const tenants = new Map<string, PlatformClients>();
  for (const [tenant, connections] of upstreams.tenants) {
    const tools = { logger: options.logger.child({ tenant }), resilience: options.resilience, observe: options.metrics?.upstreamCallObserver(tenant) };
    const clients = Object.fromEntries(
      ALL_PLATFORMS.map((platform) => {
        const connection: unknown = connections[platform.name.id];
        return [platform.name.id, connection === undefined ? undefined : platform.createClient(connection, tools)];
      }),
    );
    tenants.set(tenant, clients as PlatformClients);
  }
  return tenants;
}

/** Every tenant's platforms' breaker and load, for readiness and metrics. */
export function upstreamStatesOf(tenants: ReadonlyMap<string, PlatformClients>): Array<{ tenant: string; provider: PlatformId; state: UpstreamState }> {
  return [...tenants].flatMap(([tenant, clients]) =>
    ALL_PLATFORMS.flatMap((platform) => {
      const client = clients[platform.name.id];
      return client ? [{ tenant, provider: platform.name.id, state: client.upstreamState }] : [];
    }),
  );
}

/** Lets a session that batches lookups report its batch sizes to the metrics (one histogram per platform). */
export function observeBatchSizes(platform: PlatformId, session: unknown, metrics: GatewayMetrics): void {
  if (isBatchObservable(session)) session.observeBatchSizes(metrics.batchSize(platform));
}

function isBatchObservable(session: unknown): session is BatchObservable {
  return typeof session === 'object' && session !== null && typeof (session as Partial<BatchObservable>).observeBatchSizes === 'function';
}
