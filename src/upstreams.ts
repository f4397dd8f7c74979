import type { GatewayConfig, ImiConfig, JelouConfig, RocketChatConfig, SimulatorFaults, TenantConfig } from './config.js';
import { providerDisplayName, type Provider } from './errors.js';
import { createUpstreamPool, type UpstreamDispatcher } from './upstream/upstream-http.js';
import type { Logger } from './logger.js';
import type { ImiConnection } from './platforms/imi/index.js';
import type { JelouConnection } from './platforms/jelou/index.js';
import type { RocketChatConnection } from './platforms/rocketchat/index.js';
import { startImiSimulator } from './simulators/imi/server.js';
import { startJelouSimulator } from './simulators/jelou/server.js';
import { startRocketChatSimulator } from './simulators/rocketchat/server.js';

/** One tenant's platform connections; a platform the tenant does not use is absent. */
export interface TenantUpstreams {
  rocketchat?: RocketChatConnection | undefined;
  jelou?: JelouConnection | undefined;
  imi?: ImiConnection | undefined;
}

/** Every platform connection the gateway uses, by tenant, plus what must be closed on shutdown. */
export interface Upstreams {
  tenants: ReadonlyMap<string, TenantUpstreams>;
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
  const pool = (origin: string, connections: number): UpstreamDispatcher => {
    const dispatcher = createUpstreamPool(origin, { ...POOL_DEFAULTS, connections });
    closers.push(() => dispatcher.close());
    return dispatcher;
  };
  const announce = (provider: Provider, variable: string, url: string) =>
    logger.info(
      { provider, simulatorUrl: url },
      `${variable} is not set: serving the embedded ${providerDisplayName(provider)} simulator at ${url} (faults: ${url}/__faults)`,
    );
  const { simulatorFaults } = config;
  const openTenant = async (tenant: TenantConfig): Promise<TenantUpstreams> => ({
    rocketchat: tenant.rocketchat && (await openRocketChat(tenant.rocketchat, simulatorFaults, pool, closers, announce)),
    jelou: tenant.jelou && (await openJelou(tenant.jelou, simulatorFaults, pool, closers, announce)),
    imi: tenant.imi && (await openImi(tenant.imi, simulatorFaults, pool, closers, announce)),
  });

  try {
    const tenants = new Map<string, TenantUpstreams>();
    for (const tenant of config.tenants) tenants.set(tenant.name, await openTenant(tenant));
    return { tenants, close: () => closeAll(closers) };
  } catch (error) {
    await closeAll(closers);
    throw error;
  }
}

type Pool = (origin: string, connections: number) => UpstreamDispatcher;
type Announce = (provider: Provider, variable: string, url: string) => void;

async function openRocketChat(
  config: RocketChatConfig,
  simulatorFaults: SimulatorFaults,
  pool: Pool,
  closers: Array<() => Promise<void>>,
  announce: Announce,
): Promise<RocketChatConnection> {
  if (config.mode === 'remote') {
    const { url, userId, authToken, maxConnections } = config;
    return { url, credentials: { userId, authToken }, dispatcher: pool(url.origin, maxConnections) };
  }
  const simulator = await startRocketChatSimulator({ faults: simulatorFaults.rocketchat ?? [] });
  closers.push(() => simulator.close());
  announce('rocketchat', 'ROCKETCHAT_URL', simulator.url);
  return {
    url: new URL(simulator.url),
    credentials: simulator.serviceAccount,
    dispatcher: pool(simulator.url, config.maxConnections),
  };
}

async function openJelou(
  config: JelouConfig,
  simulatorFaults: SimulatorFaults,
  pool: Pool,
  closers: Array<() => Promise<void>>,
  announce: Announce,
): Promise<JelouConnection> {
  if (config.mode === 'remote') {
    const { url, clientId, clientSecret, authScheme, maxConnections } = config;
    return { url, credentials: { clientId, clientSecret }, authScheme, dispatcher: pool(url.origin, maxConnections) };
  }
  // Only the configured scheme is accepted, so a wrong JELOU_AUTH_SCHEME shows up against the simulator too.
  const simulator = await startJelouSimulator({ faults: simulatorFaults.jelou ?? [], acceptedAuthSchemes: [config.authScheme] });
  closers.push(() => simulator.close());
  announce('jelou', 'JELOU_URL', simulator.url);
  return {
    url: new URL(simulator.url),
    credentials: simulator.credentials,
    authScheme: config.authScheme,
    dispatcher: pool(simulator.url, config.maxConnections),
  };
}

async function openImi(
  config: ImiConfig,
  simulatorFaults: SimulatorFaults,
  pool: Pool,
  closers: Array<() => Promise<void>>,
  announce: Announce,
): Promise<ImiConnection> {
  if (config.mode === 'remote') {
    const { url, teamId, auth, headerNames, maxConnections } = config;
    return { url, teamId, auth, headerNames, dispatcher: pool(url.origin, maxConnections) };
  }
  const simulator = await startImiSimulator({ headerNames: config.headerNames, faults: simulatorFaults.imi ?? [] });
  closers.push(() => simulator.close());
  announce('imi', 'IMI_URL', simulator.url);
  return {
    url: new URL(simulator.url),
    teamId: simulator.teamId,
    // The API-key flow, so that a fresh clone exercises token minting and refresh too.
    auth: { kind: 'api-key', apiKey: simulator.apiKey, domain: simulator.domain },
    headerNames: config.headerNames,
    dispatcher: pool(simulator.url, config.maxConnections),
  };
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
