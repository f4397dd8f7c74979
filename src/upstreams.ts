import type { GatewayConfig, TenantConfig } from './config/index.js';
import type { Logger } from './logger.js';
import { ALL_PLATFORMS, type ByPlatform, type PlatformId } from './platforms/index.js';
import type { ConnectTools } from './platforms/platform.js';
import { createUpstreamPool, type UpstreamDispatcher } from './upstream/upstream-http.js';

/** One tenant's platform connections; a platform the tenant does not use is absent. */
export type TenantUpstreams = { [Id in PlatformId]?: ByPlatform<'connection'>[Id] | undefined };

/** Every platform connection the gateway uses, by tenant, plus what must be closed on shutdown. */
export interface Upstreams {
  tenants: ReadonlyMap<string, TenantUpstreams>;
  /** Tells the simulators where the gateway listens (`http://127.0.0.1:4000`): they push their webhook events there. */
  setGatewayOrigin(origin: string): void;
  close(): Promise<void>;
}

const POOL_DEFAULTS = { connectTimeoutMs: 5_000, maxResponseBytes: 10 * 1024 * 1024 };

/**
 * Resolves the configuration into live connections: for each tenant, a pooled dispatcher per configured
 * platform, and an embedded simulator (on loopback, random port) for each of the default tenant's
 * platforms without a URL. Tenants never share a pool or a simulator.
 */
export async function openUpstreams(config: GatewayConfig, logger: Logger): Promise<Upstreams> {
  const closers: Array<() => Promise<void>> = [];
  // Known only once the app listens, after the simulators started: they read it at each delivery.
  let gatewayOrigin: string | undefined;
  const pool = (origin: string, connections: number): UpstreamDispatcher => {
    const dispatcher = createUpstreamPool(origin, { ...POOL_DEFAULTS, connections });
    closers.push(() => dispatcher.close());
    return dispatcher;
  };
  const openTenant = async (tenant: TenantConfig): Promise<TenantUpstreams> => {
    const connections: Record<string, unknown> = {};
    for (const platform of ALL_PLATFORMS) {
      const { id, displayName } = platform.name;
      const settings = tenant[id];
      if (settings === undefined) continue;
      const tools: ConnectTools = {
        pool,
        onClose: (close) => closers.push(close),
        simulatorFaults: config.simulatorFaults[id] ?? [],
        gatewayOrigin: () => gatewayOrigin,
        announce: (variable, url) =>
          logger.info(
            { provider: id, simulatorUrl: url },
            `${variable} is not set: serving the embedded ${displayName} simulator at ${url} (faults: ${url}/__faults)`,
          ),
      };
      connections[id] = await platform.connect(settings, tools);
    }
    return connections as TenantUpstreams;
  };

  try {
    const tenants = new Map<string, TenantUpstreams>();
    for (const tenant of config.tenants) tenants.set(tenant.name, await openTenant(tenant));
    return {
      tenants,
      setGatewayOrigin: (origin) => {
        gatewayOrigin = origin;
      },
      close: () => closeAll(closers),
    };
  } catch (error) {
    await closeAll(closers);
    throw error;
  }
}

/**
 * Closes in reverse order of opening (pools before the simulators they talk to). One failing close
 * does not keep the others open; the first failure is reported after all were tried.
 */
async function closeAll(closers: Array<() => Promise<void>>): Promise<void> {
  const failures: unknown[] = [];
  for (const close of [...closers].reverse()) {
    await close().catch((error: unknown) => failures.push(error));
  }
  if (failures.length > 0) throw failures[0];
}
