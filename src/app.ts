import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GatewayConfig } from './config.js';
import { createContext, type GatewayContext, type ProviderClients } from './context.js';
import { createRequestListener } from './http-endpoint.js';
import type { Logger } from './logger.js';
import { GatewayMetrics } from './metrics.js';
import { errorLoggingPlugin } from './plugins/error-logging.js';
import { formatError } from './plugins/format-error.js';
import { metricsPlugin } from './plugins/metrics.js';
import { requestLogPlugin } from './plugins/request-log.js';
import { createImiClient } from './providers/imi/index.js';
import { createJelouClient } from './providers/jelou/index.js';
import { createRocketChatClient } from './providers/rocketchat/index.js';
import { buildGatewaySchema } from './schema.js';
import { Tracing } from './telemetry/tracing.js';
import type { Upstreams } from './upstreams.js';

export interface AppDependencies {
  logger: Logger;
  /** Live platform connections (real or simulated); the app does not own or close them. */
  upstreams: Omit<Upstreams, 'close'>;
  /** Span creation and export; built from `config.tracing` when absent (tests inject an in-memory exporter). */
  tracing?: Tracing;
}

export interface GatewayApp {
  httpServer: Server;
  /** Starts listening; resolves with the GraphQL endpoint's URL. */
  listen(port: number, host?: string): Promise<string>;
  /** What `/readyz` reports: not ready once shutdown has begun; each upstream's breaker and load. */
  readiness(): { ready: boolean; body: unknown };
  /** Stops accepting requests, lets in-flight ones finish, then stops Apollo Server. */
  close(): Promise<void>;
}

/** Builds the whole server from a validated config and injected dependencies; used by main and tests. */
export async function createApp(config: GatewayConfig, deps: AppDependencies): Promise<GatewayApp> {
  const httpServer = createServer();
  // Upstream gauges are read on scrape from the clients created below (a scrape cannot come earlier).
  const metrics = config.metrics.enabled ? new GatewayMetrics({ upstreamStates: () => upstreamStates() }) : undefined;
  const apollo = new ApolloServer<GatewayContext>({
    schema: buildGatewaySchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: config.developerTools,
    hideSchemaDetailsFromClientErrors: !config.developerTools,
    logger: deps.logger,
    // main.ts owns SIGTERM/SIGINT (drain, close upstreams, exit); Apollo's own handler would re-raise them.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      errorLoggingPlugin,
      requestLogPlugin,
      ...(metrics ? [metricsPlugin(metrics)] : []),
      config.developerTools
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  const { upstreams, logger } = deps;
  const tracing = deps.tracing ?? Tracing.fromConfig(config.tracing);
  const observe = metrics?.upstreamCall;
  const clients: ProviderClients = {
    rocketchat: createRocketChatClient(upstreams.rocketchat, logger, config.resilience, observe),
    jelou: createJelouClient(upstreams.jelou, logger, config.resilience, observe),
    imi: createImiClient(upstreams.imi, logger, config.resilience, observe),
  };
  const upstreamStates = () => ({
    rocketchat: clients.rocketchat.upstreamState,
    jelou: clients.jelou.upstreamState,
    imi: clients.imi.upstreamState,
  });
  const batchObservers = metrics && { rocketchat: metrics.batchSize('rocketchat'), imi: metrics.batchSize('imi') };
  // Set when shutdown starts, so readiness probes turn traffic away while in-flight requests finish.
  let draining = false;
  const readiness = () => {
    const states = upstreamStates();
    // An open breaker is a platform's outage, not ours: the gateway still serves the other platforms.
    const degraded = Object.values(states).some((state) => state.breaker !== 'closed');
    const status = draining ? 'draining' : degraded ? 'degraded' : 'ready';
    return { ready: !draining, body: { status, upstreams: states } };
  };
  httpServer.on(
    'request',
    createRequestListener({
      readiness,
      apollo,
      maxBodyBytes: config.maxBodyBytes,
      logger: deps.logger,
      metrics: metrics && { contentType: metrics.contentType, body: () => metrics.body(), token: config.metrics.token },
      contextFor: (req) => {
        const context = createContext({
          clients,
          logger: deps.logger,
          requestTimeoutMs: config.requestTimeoutMs,
          requestIdHeader: typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : undefined,
          startTelemetry: (requestId) => tracing.startRequest(req.headers, requestId),
        });
        if (batchObservers) {
          context.rocketchat.observeBatchSizes(batchObservers.rocketchat);
          context.imi.observeBatchSizes(batchObservers.imi);
        }
        return context;
      },
    }),
  );

  return {
    httpServer,
    readiness,
    async listen(port, host) {
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen({ port, ...(host !== undefined && { host }) }, () => {
          httpServer.off('error', reject);
          resolve();
        });
      });
      const address = httpServer.address() as AddressInfo;
      const shownHost =
        host === undefined || address.address === '::' || address.address === '0.0.0.0'
          ? 'localhost'
          : address.family === 'IPv6'
            ? `[${address.address}]`
            : address.address;
      return `http://${shownHost}:${address.port}/graphql`;
    },
    close: async () => {
      draining = true;
      await apollo.stop();
      // After the last request: its spans are the last ones exported.
      await tracing.shutdown();
    },
  };
}
