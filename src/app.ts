import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { createGatewayCache } from './cache/index.js';
import type { GatewayConfig } from './config/index.js';
import { createContext, type GatewayContext } from './context.js';
import { attachEndpoint } from './endpoint/request-listener.js';
import type { Logger } from './logger.js';
import { GatewayMetrics } from './metrics.js';
import { errorLoggingPlugin } from './plugins/error-logging.js';
import { formatError } from './plugins/format-error.js';
import { metricsPlugin } from './plugins/metrics.js';
import { withLocalExplorerFallback } from './plugins/landing-page.js';
import { requestLogPlugin } from './plugins/request-log.js';
import { buildGatewaySchema } from './schema.js';
import { compiledExecution } from './execution/compiled-executor.js';
import { FastLane, loadTrustedDocuments } from './trusted-documents/index.js';
import { ConfigError } from './config/index.js';
import { Tracing } from './telemetry/tracing.js';
import type { Upstreams } from './upstreams.js';
import { storeHealth, type GatewayStore } from './store/index.js';
import { DirectoryScheduler } from './directory/index.js';
import { PeopleScope } from './people/people-scope.js';
import { WorkflowService } from './workflows/service.js';
import type { ReadinessReport } from './endpoint/readiness.js';
import { createAuthenticator, type Authenticator } from './access/authenticator.js';
import { ReloadableAuthenticator, type AuthReloadOutcome } from './access/reloadable-authenticator.js';
import { watchAuthFile } from './access/auth-file-watch.js';
import type { Caller } from './access/caller.js';
import { authorizationPlugin } from './access/authorization.js';
import { queryLimits } from './plugins/query-limits.js';
import { createRateLimiters } from './access/rate-limit.js';
import type { UpstreamState } from './upstream/upstream-http.js';
import { createTenantClients, observeBatchSizes, upstreamStatesOf } from './platform-clients.js';
import { ALL_PLATFORMS, PLATFORM_IDS } from './platforms/index.js';
import { createEventHub, type EventHub } from './events/index.js';
import { EventMetrics } from './event-metrics.js';
import { webhookReceivers } from './endpoint/webhooks.js';
import { SubscriptionRunner } from './subscriptions/subscription-runner.js';
import { attachWebSocketEndpoint } from './endpoint/subscriptions/websocket.js';
import { serveEventStream } from './endpoint/subscriptions/sse.js';
import type { AdmissionOptions } from './access/admission.js';
import type { LiveEvents } from './context.js';

export interface AppDependencies {
  logger: Logger;
  /** Live platform connections (real or simulated) by tenant; the app does not own or close them. */
  upstreams: Pick<Upstreams, 'tenants'>;
  /** Span creation and export; built from `config.tracing` when absent (tests inject an in-memory exporter). */
  tracing?: Tracing;
  /** The open store (directory, workflows, leases); the app does not own or close it (main closes it after the app). */
  store: GatewayStore;
}

export interface GatewayApp {
  httpServer: Server;
  /** Starts listening; resolves with the GraphQL endpoint's URL. */
  listen(port: number, host?: string): Promise<string>;
  /** What `/readyz` reports: not ready once shutdown has begun; each upstream's breaker and load; the store's ping. */
  readiness(): Promise<ReadinessReport>;
  /** Re-reads the auth file (main.ts on SIGHUP; also done on its own when the file changes). */
  reloadAuth(): AuthReloadOutcome | 'off';
  /** Stops accepting requests, lets in-flight ones finish, then stops Apollo Server. */
  close(): Promise<void>;
}

/** How long `/readyz` waits for the store's ping before it reports the store down (probes time out in a few seconds). */
const STORE_PING_TIMEOUT_MS = 1_000;

/** Builds the whole server from a validated config and injected dependencies; used by main and tests. */
export async function createApp(config: GatewayConfig, deps: AppDependencies): Promise<GatewayApp> {
  const httpServer = createServer();
  // Upstream gauges are read on scrape from the clients created below (a scrape cannot come earlier).
  const metrics = config.metrics.enabled ? new GatewayMetrics({ upstreamStates: () => upstreamStatesOf(tenants), platformIds: PLATFORM_IDS }) : undefined;
  // Persisted queries: in Redis when REDIS_URL is set (shared by replicas), else in memory.
  const cache = createGatewayCache({ redisUrl: config.redisUrl, logger: deps.logger });
  const limitOptions = { ...config.queryLimits, hideSuggestions: !config.developerTools };
  const limits = queryLimits<GatewayContext>(limitOptions);
  const schema = buildGatewaySchema();
  // Judged before anything starts: a bad manifest stops start-up with every problem listed.
  // Introspection is refused where Apollo Server refuses it (production), trusted or not.
  const trusted = loadTrustedDocuments(config.trustedDocuments.manifests, schema, limitOptions, { introspection: config.developerTools });
  if (trusted.problems.length > 0) throw new ConfigError(trusted.problems);
  const trustedDocuments = trusted.registry;
  // Compiled now, before any plugin could instrument the schema's resolvers.
  const fastLane = config.trustedDocuments.fastLane ? new FastLane({ schema, trusted: trustedDocuments, hideSuggestions: limitOptions.hideSuggestions, metrics }) : undefined;
  const apollo = new ApolloServer<GatewayContext>({
    // Operations run compiled by graphql-jit once a document repeats (src/execution/compiled-executor.ts).
    gateway: compiledExecution({ schema, rebuildSchema: buildGatewaySchema, compileAfter: config.compileAfter }),
    parseOptions: limits.parseOptions,
    cache: cache.apollo,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: config.developerTools,
    hideSchemaDetailsFromClientErrors: !config.developerTools,
    logger: deps.logger,
    // main.ts owns SIGTERM/SIGINT (drain, close upstreams, exit); Apollo's own handler would re-raise them.
    stopOnTerminationSignals: false,
    // CSRF prevention is the endpoint's (src/endpoint/csrf.ts), on every GET before Apollo runs it: Apollo's
    // rule, plus `Authorization: Bearer` (sent cross-origin only after a preflight) and the CORS policy,
    // with each refusal logged and counted. Apollo's own check would refuse what that one lets through.
    csrfPrevention: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No cache hints in the schema, and answers are per caller: the default cache-control plugin only
      // cost a hook per field (20 % of CPU in bench/ profiles).
      ApolloServerPluginCacheControlDisabled(),
      // Limits and scopes refuse an operation in didResolveOperation, before any resolver runs.
      ...limits.plugins,
      authorizationPlugin,
      errorLoggingPlugin,
      requestLogPlugin,
      ...(metrics ? [metricsPlugin(metrics)] : []),
      // Sandbox, offering the local explorer (/explorer) when it cannot load (offline, closed networks).
      config.developerTools
        ? withLocalExplorerFallback(ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }))
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  const { upstreams, logger } = deps;
  logger.info({ trustedDocuments: trustedDocuments.size, fastLane: fastLane?.size ?? 0 }, 'trusted documents loaded');
  // Keys are re-read when the auth file changes (or on SIGHUP): a new key needs no restart.
  const reloadable = config.auth.mode === 'on' ? new ReloadableAuthenticator(config.auth.file, config.auth.settings, logger) : undefined;
  const authenticator: Authenticator = reloadable ?? createAuthenticator({ mode: 'off' });
  const authWatch = config.auth.mode === 'on' && reloadable ? watchAuthFile(config.auth.file, () => reloadable.reload(), logger) : undefined;
  const tracing = deps.tracing ?? Tracing.fromConfig(config.tracing);
  // Each tenant has its own clients: its own pools, breakers, bulkheads and token caches.
  const tenants = createTenantClients(upstreams, { logger, resilience: config.resilience, metrics });
  // Workflows run exactly once per key across replicas; a replica's heartbeat tells a crash from a long run.
  const workflows = new WorkflowService({
    store: deps.store.workflows,
    logger,
    heartbeatMs: config.workflows.heartbeatMs,
    staleAfterMs: 6 * config.workflows.heartbeatMs,
  });
  await workflows.start();
  // The directory refreshes itself per tenant, one replica at a time (a lease in the store).
  const directory = new DirectoryScheduler(
    { tenants, store: deps.store, logger, ...(metrics && { metrics: metrics.directoryObserver() }) },
    {
      intervalMs: config.directory.intervalMs,
      imiQuotaReserve: config.directory.imiQuotaReserve,
      paceMs: config.directory.paceMs,
      callTimeoutMs: config.requestTimeoutMs,
    },
  );
  directory.start();
  // Read on scrape, after start-up: the hub and the WebSocket endpoint exist by then.
  const eventMetrics: EventMetrics | undefined =
    metrics && new EventMetrics(metrics.registry, { subscriptions: () => events.subscriberCount(), webSocketConnections: () => webSockets.connectionCount() });
  // Live events: webhook receivers publish, subscriptions read; through Redis across replicas when set.
  const events: EventHub = createEventHub({
    ...(config.redisUrl && { redisUrl: config.redisUrl }),
    logger,
    dedupeWindowMs: config.events.dedupeWindowMs,
    ...(eventMetrics && { observer: eventMetrics.hubObserver() }),
  });
  // Set when shutdown starts, so readiness probes turn traffic away while in-flight requests finish.
  let draining = false;
  const readiness = async (): Promise<ReadinessReport> => {
    // Checked before the ping and again after it: shutdown may begin while the ping is out.
    const store = draining ? undefined : await storeHealth(deps.store, STORE_PING_TIMEOUT_MS);
    const states = upstreamStatesOf(tenants);
    // An open breaker is a platform's outage, not ours: the gateway still serves the other platforms.
    // A store that does not answer costs the directory and workflows, not the rest: degraded, still ready.
    const eventBus = events.state();
    // While Redis is down the receivers answer 503 (platforms retry) and subscribers hear nothing: degraded, still serving queries.
    const eventsDown = eventBus.mode === 'redis' && !eventBus.connected;
    const degraded = states.some(({ state }) => state.breaker !== 'closed') || store?.status === 'down' || eventsDown;
    const status = draining ? 'draining' : degraded ? 'degraded' : 'ready';
    const byTenant: Record<string, Partial<Record<string, UpstreamState>>> = {};
    for (const { tenant, provider, state } of states) (byTenant[tenant] ??= {})[provider] = state;
    // A Redis outage only costs persisted-query hits (and live events across replicas): reported, but
    // not a reason to turn traffic away.
    return { ready: !draining, body: { status, upstreams: byTenant, cache: cache.state(), events: eventBus, ...(store && { store }) } };
  };
  // Budgets shared by every replica through Redis when REDIS_URL is set (each process's own while it is down).
  const rateLimiters = createRateLimiters({ redisUrl: config.redisUrl, logger });
  // One admission for every way in (HTTP, event streams, WebSocket): the same keys, budgets and limits.
  const admission: AdmissionOptions = {
    authenticate: (req) => authenticator.authenticate(req.headers.authorization),
    rateLimiter: rateLimiters.create(config.rateLimit),
    // Failed authentications get a budget of their own, per client address (the one trusted proxies forward for).
    authFailureLimiter: rateLimiters.create(config.authFailureLimit),
    trustedProxies: config.trustedProxies,
    logger,
  };
  const contextOf = (caller: Caller, headers: IncomingHttpHeaders, liveEvents?: LiveEvents): GatewayContext => {
    const clients = tenants.get(caller.tenant);
    // Config validation makes every key's tenant exist; a miss is a bug, and must not fall back to another tenant.
    if (!clients) throw new Error(`no clients for tenant ${caller.tenant}`);
    const context = createContext({
      caller,
      clients,
      logger,
      requestTimeoutMs: config.requestTimeoutMs,
      requestIdHeader: typeof headers['x-request-id'] === 'string' ? headers['x-request-id'] : undefined,
      startTelemetry: (requestId) => tracing.startRequest(headers, requestId),
      people: new PeopleScope(caller.tenant, deps.store, workflows, directory),
      liveEvents,
      onSession: metrics && ((platform, session) => observeBatchSizes(platform, session, metrics)),
    });
    return context;
  };
  const runner = new SubscriptionRunner({
    schema,
    limits: limitOptions,
    logger,
    maxPerCaller: config.events.maxSubscriptionsPerCaller,
    trusted: trustedDocuments,
    // Each event runs in a context of its own, as if it were a request: no loader outlives it.
    contextFor: (caller, liveEvents) => contextOf(caller, {}, liveEvents),
    liveEventsFor: (caller, disconnect) => ({
      subscribe: (kind, accept) =>
        events.subscribe({ tenant: caller.tenant, kind, accept }, { bufferSize: config.events.subscriberBuffer, onOverflow: (error) => disconnect(error.message) }),
    }),
  });
  const webSockets = attachWebSocketEndpoint(httpServer, {
    ...admission,
    runner,
    maxPayloadBytes: config.maxBodyBytes,
    maxSubscriptionsPerConnection: config.events.maxSubscriptionsPerConnection,
  });
  attachEndpoint(httpServer, {
    ...admission,
    // GraphiQL served by the gateway (/explorer), where Sandbox is served.
    explorer: config.developerTools,
    readiness,
    apollo,
    trustedDocuments,
    fastLane,
    maxBodyBytes: config.maxBodyBytes,
    metrics: metrics && { contentType: metrics.contentType, body: () => metrics.body(), token: config.metrics.token },
    cors: { origins: config.corsOrigins },
    observeRefusal: metrics && ((reason) => metrics.requestRefused(reason)),
    observeTrustedDocument: metrics && ((lane) => metrics.trustedDocumentRequest(lane)),
    contextFor: (req, caller: Caller | undefined) => {
      // The endpoint authenticates every GraphQL request (the anonymous caller when auth is off).
      if (!caller) throw new Error('GraphQL request without an authenticated caller');
      return contextOf(caller, req.headers);
    },
    eventStream: serveEventStream({ ...admission, runner, maxBodyBytes: config.maxBodyBytes }),
    webhookMaxBodyBytes: config.events.webhookMaxBodyBytes,
    webhooks: webhookReceivers({
      platforms: ALL_PLATFORMS,
      settingsOf: (tenant, platformId) => config.tenants.find((candidate) => candidate.name === tenant)?.[platformId],
      publish: (event) => events.publish(event),
      logger,
      maxBodyBytes: config.events.webhookMaxBodyBytes,
      observe: eventMetrics && ((platform, outcome) => eventMetrics.webhookDelivery(platform, outcome)),
    }),
  });

  return {
    httpServer,
    readiness,
    reloadAuth: () => reloadable?.reload() ?? 'off',
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
      authWatch?.close();
      // Open streams would hold the HTTP drain until its timeout: subscriptions end first, then their sockets.
      await events.close();
      await webSockets.close();
      await apollo.stop();
      // After the last request, before main closes the store: refreshes stop writing to it.
      await directory.close();
      workflows.close();
      await cache.close();
      // After the last request, like the cache: no admission waits on Redis any more.
      await rateLimiters.close();
      // After the last request: its spans are the last ones exported.
      await tracing.shutdown();
    },
  };
}
