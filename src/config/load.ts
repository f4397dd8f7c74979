import { dirname, resolve } from 'node:path';
import { DEFAULT_TENANT } from '../access/caller.js';
import { ALL_PLATFORMS, type PlatformId } from '../platforms/index.js';
import type { SettingsCheck } from '../platforms/platform.js';
import { authConfig } from './auth.js';
import { parseCorsOrigins } from './cors-origins.js';
import { parseVariables } from './fields.js';
import { ConfigError, type GatewayConfig, type PlatformSettingsById, type TenantConfig } from './types.js';
import { gatewayVariables, platformVariables } from './variables.js';

/**
 * The only reader of environment variables. `loadConfig` validates everything once at start-up and
 * reports every problem at once; the rest of the code receives the typed `GatewayConfig`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const problems: string[] = [];
  const vars = parseVariables(env, problems, gatewayVariables);
  const platformVars = parseVariables(env, problems, platformVariables);
  const production = vars.NODE_ENV === 'production';
  const allowSimulators = vars.GATEWAY_ALLOW_SIMULATORS ?? !production;

  // A URL that is set but invalid still makes its platform remote, so missing credentials are listed too.
  const check: SettingsCheck = { problems, allowSimulators, isSet: (name) => Boolean(env[name]) };
  const defaults = Object.fromEntries(
    ALL_PLATFORMS.map((platform) => [platform.name.id, platform.settings.fromEnvironment(platformVars, check)]),
  ) as PlatformSettingsById;
  if (vars.GATEWAY_SIMULATOR_FAULTS !== undefined && !allowSimulators) {
    problems.push('GATEWAY_SIMULATOR_FAULTS applies to the embedded simulators, which production does not serve');
  }
  if (vars.GATEWAY_RETRY_MAX_DELAY_MS < vars.GATEWAY_RETRY_BASE_DELAY_MS) {
    problems.push('GATEWAY_RETRY_MAX_DELAY_MS must be at least GATEWAY_RETRY_BASE_DELAY_MS');
  }
  const metricsEnabled = vars.GATEWAY_METRICS === 'on';
  // Metrics name routes, error rates and platform outages: not for anyone who can reach the port.
  if (production && metricsEnabled && !env.GATEWAY_METRICS_TOKEN) {
    problems.push('GATEWAY_METRICS_TOKEN is required in production to protect /metrics (or set GATEWAY_METRICS=off)');
  }
  // A refresh pages through every agent and IMI user: seconds apart would spend IMI's daily quota in minutes.
  if (vars.GATEWAY_DIRECTORY_INTERVAL_MS > 0 && vars.GATEWAY_DIRECTORY_INTERVAL_MS < MIN_DIRECTORY_INTERVAL_MS) {
    problems.push(`GATEWAY_DIRECTORY_INTERVAL_MS must be 0 (off) or at least ${MIN_DIRECTORY_INTERVAL_MS}`);
  }
  const auth = authConfig(vars, production, problems);
  // Empty (not unset) means closed, so production's default can be spelled out too.
  const cors = parseCorsOrigins(env.GATEWAY_CORS_ORIGINS ?? (production ? '' : '*'));
  if ('problems' in cors) problems.push(...cors.problems.map((problem) => `GATEWAY_CORS_ORIGINS ${problem}`));
  // Production protects itself by default (10/s per caller). In development and tests every anonymous
  // caller shares one bucket, so a limit nobody set would refuse a person's first burst from Sandbox.
  const rps = vars.GATEWAY_RATE_LIMIT_RPS ?? (production ? '10' : 'off');
  const rateLimit = rps === 'off' ? ('off' as const) : { requestsPerSecond: Number(rps), burst: vars.GATEWAY_RATE_LIMIT_BURST };
  // Failed authentications are a brute-force channel: a development server with an auth file keeps
  // their budget even though nobody set a rate limit (only an explicit `off` or a test run drops it).
  const guessingPossible = auth.mode === 'on' && vars.NODE_ENV === 'development' && vars.GATEWAY_RATE_LIMIT_RPS === undefined;
  const authFailureLimit = guessingPossible ? { requestsPerSecond: 10, burst: vars.GATEWAY_RATE_LIMIT_BURST } : rateLimit;
  const tenants: TenantConfig[] = [{ name: DEFAULT_TENANT, ...defaults }];
  if (auth.mode === 'on') {
    for (const [name, entries] of auth.settings.tenants) tenants.push(tenantConfig(name, entries, platformVars));
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    environment: vars.NODE_ENV,
    port: vars.PORT,
    host: vars.HOST,
    logLevel: vars.LOG_LEVEL,
    logFormat: vars.LOG_FORMAT ?? (vars.NODE_ENV === 'development' ? 'pretty' : 'json'),
    tracing: {
      otlpTracesUrl: tracesUrl(vars.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, vars.OTEL_EXPORTER_OTLP_ENDPOINT),
      otlpHeaders: vars.OTEL_EXPORTER_OTLP_HEADERS ?? {},
      serviceName: vars.OTEL_SERVICE_NAME,
      sampleRatio: vars.OTEL_TRACES_SAMPLER_ARG,
    },
    requestTimeoutMs: vars.GATEWAY_REQUEST_TIMEOUT_MS,
    compileAfter: vars.GATEWAY_COMPILE_AFTER,
    trustedDocuments: {
      manifests: [
        ...(vars.GATEWAY_TRUSTED_DOCUMENTS_DIR === undefined ? [] : [resolve(vars.GATEWAY_TRUSTED_DOCUMENTS_DIR)]),
        ...(auth.mode === 'on' ? auth.settings.trustedDocuments.map((path) => resolve(dirname(auth.file), path)) : []),
      ],
      fastLane: vars.GATEWAY_FAST_LANE === 'on',
    },
    heapGrowthPercent: vars.GATEWAY_HEAP_GROWTH_PERCENT,
    maxBodyBytes: vars.GATEWAY_MAX_BODY_BYTES,
    developerTools: vars.GATEWAY_DEVELOPER_TOOLS ?? !production,
    ...defaults,
    tenants,
    auth,
    redisUrl: vars.REDIS_URL === undefined ? undefined : new URL(vars.REDIS_URL),
    queryLimits: {
      maxDepth: vars.GATEWAY_MAX_DEPTH,
      maxAliases: vars.GATEWAY_MAX_ALIASES,
      maxTokens: vars.GATEWAY_MAX_TOKENS,
      maxDirectives: vars.GATEWAY_MAX_DIRECTIVES,
      maxCost: vars.GATEWAY_MAX_COST,
    },
    corsOrigins: 'origins' in cors ? cors.origins : [],
    rateLimit,
    authFailureLimit,
    trustedProxies: vars.GATEWAY_TRUSTED_PROXIES ?? [],
    resilience: {
      retry: {
        maxAttempts: vars.GATEWAY_RETRY_MAX_ATTEMPTS,
        baseDelayMs: vars.GATEWAY_RETRY_BASE_DELAY_MS,
        maxDelayMs: vars.GATEWAY_RETRY_MAX_DELAY_MS,
      },
      breaker: {
        consecutiveFailures: vars.GATEWAY_BREAKER_FAILURES,
        halfOpenAfterMs: vars.GATEWAY_BREAKER_HALF_OPEN_AFTER_MS,
      },
      bulkhead: { maxConcurrent: vars.GATEWAY_UPSTREAM_MAX_IN_FLIGHT, maxQueued: vars.GATEWAY_UPSTREAM_MAX_QUEUED },
    },
    simulatorFaults: vars.GATEWAY_SIMULATOR_FAULTS ?? {},
    metrics: { enabled: metricsEnabled, token: vars.GATEWAY_METRICS_TOKEN },
    store: {
      databaseUrl: vars.DATABASE_URL === undefined ? undefined : new URL(vars.DATABASE_URL),
      // Relative to the working directory, resolved once so the start-up log shows where the data is.
      dir: vars.GATEWAY_STORE_DIR === IN_MEMORY_STORE ? IN_MEMORY_STORE : resolve(vars.GATEWAY_STORE_DIR),
      maxConnections: vars.DATABASE_MAX_CONNECTIONS,
    },
    directory: {
      intervalMs: vars.GATEWAY_DIRECTORY_INTERVAL_MS,
      imiQuotaReserve: vars.GATEWAY_DIRECTORY_IMI_RESERVE,
      paceMs: { rocketchat: vars.GATEWAY_DIRECTORY_ROCKETCHAT_PACE_MS, imi: vars.GATEWAY_DIRECTORY_IMI_PACE_MS },
    },
    workflows: { heartbeatMs: vars.GATEWAY_WORKFLOW_HEARTBEAT_MS },
    events: {
      dedupeWindowMs: vars.GATEWAY_EVENTS_DEDUPE_WINDOW_MS,
      webhookMaxBodyBytes: vars.GATEWAY_WEBHOOK_MAX_BODY_BYTES,
      subscriberBuffer: vars.GATEWAY_SUBSCRIPTION_BUFFER,
      maxSubscriptionsPerConnection: vars.GATEWAY_MAX_SUBSCRIPTIONS_PER_CONNECTION,
      maxSubscriptionsPerCaller: vars.GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER,
    },
  };
}

/** GATEWAY_STORE_DIR's value that keeps the embedded store in memory (the store's own IN_MEMORY_STORE). */
const IN_MEMORY_STORE = 'memory://';

/** Shortest background refresh interval accepted (0 aside, which turns it off). */
const MIN_DIRECTORY_INTERVAL_MS = 10_000;

/** A tenant of the auth file: the platforms it lists, with the gateway-wide defaults for what it leaves out. */
function tenantConfig(name: string, entries: Partial<Record<PlatformId, unknown>>, vars: Readonly<Record<string, unknown>>): TenantConfig {
  const settings = Object.fromEntries(
    ALL_PLATFORMS.map((platform) => {
      const entry = entries[platform.name.id];
      return [platform.name.id, entry === undefined ? undefined : platform.settings.fromTenantEntry(entry, vars)];
    }),
  );
  return { name, ...settings } as TenantConfig;
}

/** As the OpenTelemetry spec says: the traces URL as given, or `/v1/traces` under the general endpoint. */
function tracesUrl(tracesEndpoint: string | undefined, endpoint: string | undefined): URL | undefined {
  if (tracesEndpoint) return new URL(tracesEndpoint);
  if (!endpoint) return undefined;
  const base = new URL(endpoint);
  base.pathname = `${base.pathname.replace(/\/$/, '')}/v1/traces`;
  return base;
}
