import type { GatewayConfig } from './config.js';
import { createUpstreamPool } from './http/upstream-http.js';
import type { Logger } from './logger.js';
import type { RocketChatConnection } from './providers/rocketchat/index.js';
import { startRocketChatSimulator } from './simulators/rocketchat/server.js';

/** Every platform connection the gateway uses, plus what must be closed on shutdown. */
export interface Upstreams {
  rocketchat: RocketChatConnection;
  close(): Promise<void>;
}

const POOL_DEFAULTS = { connectTimeoutMs: 5_000, maxResponseBytes: 10 * 1024 * 1024 };

/**
 * Resolves the configuration into live connections: a pooled dispatcher per configured platform, and
 * an embedded simulator (on loopback, random port) for each platform without a URL.
 */
export async function openUpstreams(config: GatewayConfig, logger: Logger): Promise<Upstreams> {
  const closers: Array<() => Promise<void>> = [];
  let rocketchat: RocketChatConnection;
  if (config.rocketchat.mode === 'remote') {
    const { url, userId, authToken, maxConnections } = config.rocketchat;
    const dispatcher = createUpstreamPool(url.origin, { ...POOL_DEFAULTS, connections: maxConnections });
    closers.push(() => dispatcher.close());
    rocketchat = { url, credentials: { userId, authToken }, dispatcher };
  } else {
    const simulator = await startRocketChatSimulator();
    const dispatcher = createUpstreamPool(simulator.url, { ...POOL_DEFAULTS, connections: config.rocketchat.maxConnections });
    closers.push(() => dispatcher.close(), () => simulator.close());
    rocketchat = { url: new URL(simulator.url), credentials: simulator.serviceAccount, dispatcher };
    logger.info(
      { provider: 'rocketchat', simulatorUrl: simulator.url },
      `ROCKETCHAT_URL is not set: serving the embedded Rocket.Chat simulator at ${simulator.url}`,
    );
  }
  return {
    rocketchat,
    async close() {
      for (const close of closers) await close();
    },
  };
}
