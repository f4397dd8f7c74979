import type { AuthFile } from '../access/auth-file.js';
import type { FaultSpec } from '../fault-spec.js';
import type { ByPlatform, PlatformId } from '../platforms/index.js';

/**
 * What the gateway runs with: the typed result of reading the environment (and the auth file) once.
 * These types belong to the configuration; the modules that receive its values declare their own
 * option types, and the composition root (app.ts) hands one to the other.
 */

export type Environment = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type LogFormat = 'json' | 'pretty';

/** Each platform's settings for one tenant, as its own settings module defines them. */
export type PlatformSettingsById = ByPlatform<'settings'>;

/**
 * A named set of platform connections. `default` comes from the platform env vars (remote or simulated);
 * the others from the auth file, each using only the platforms it lists (`undefined`: not available).
 */
export type TenantConfig = { name: string } & { [Id in PlatformId]: PlatformSettingsById[Id] | undefined };

/** Caller authentication: API keys (and JWTs) from the auth file, or off — development without a file, or explicitly. */
export type AuthConfig = { mode: 'off'; explicit: boolean } | { mode: 'on'; file: string; settings: AuthFile };

export interface QueryLimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  maxCost: number;
}

export interface TracingConfig {
  /** Full OTLP/HTTP traces URL; undefined turns tracing off (no spans, no network calls). */
  otlpTracesUrl: URL | undefined;
  /** Sent with every export, e.g. an API key of the tracing backend. Never logged. */
  otlpHeaders: Record<string, string>;
  serviceName: string;
  /** Share of new traces kept (0–1); a caller's sampled `traceparent` is always followed. */
  sampleRatio: number;
}

export interface MetricsConfig {
  enabled: boolean;
  /** Bearer token `/metrics` requires; required in production while metrics are on. Never logged. */
  token: string | undefined;
}

export interface ResilienceConfig {
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  breaker: { consecutiveFailures: number; halfOpenAfterMs: number };
  bulkhead: { maxConcurrent: number; maxQueued: number };
}

export type RateLimitConfig = { requestsPerSecond: number; burst: number } | 'off';

/** The directory's background refresh (src/directory/). */
export interface DirectoryConfig {
  /** Time between a tenant's refreshes; 0: no background refresh (the `syncDirectory` mutation still runs one). */
  intervalMs: number;
  /** IMI calls a refresh leaves in the tenant's daily quota: it stops once `Rate-Limit-Remaining` is at or below this. */
  imiQuotaReserve: number;
  /** Least time between the starts of two calls of one platform's refresh. */
  paceMs: { rocketchat: number; imi: number };
}

/** How replicas tell a crashed replica's workflows from running ones (src/workflows/service.ts). */
export interface WorkflowConfig {
  /** How often a replica records that it lives; one silent for 6 of these is taken for dead. */
  heartbeatMs: number;
}

/** Live events: webhook receivers in, subscriptions out (src/events/, src/endpoint/webhooks.ts, src/endpoint/subscriptions/). */
export interface EventsConfig {
  /** How long a delivery's id is remembered, so that a platform's retries reach subscribers once. */
  dedupeWindowMs: number;
  /** Largest accepted webhook body. */
  webhookMaxBodyBytes: number;
  /** Events one subscriber may have waiting; beyond that it is disconnected as too slow. */
  subscriberBuffer: number;
  /** Subscriptions one WebSocket connection may hold at once. */
  maxSubscriptionsPerConnection: number;
  /** Subscriptions one caller (API key, token subject, anonymous) may hold at once on one replica. */
  maxSubscriptionsPerCaller: number;
}

/** Where the gateway keeps its records (src/store/): the directory, workflows, leases. */
export interface StoreConfig {
  /** A PostgreSQL server shared by every replica; undefined: PostgreSQL embedded in the process (PGlite). Holds a password: never logged. */
  databaseUrl: URL | undefined;
  /** The embedded engine's folder (absolute), or `memory://` (nothing kept: tests). Unused with `databaseUrl`. */
  dir: string;
  /** Connections to the server per process. */
  maxConnections: number;
}

/** Browser origins allowed to call /graphql: `*` for any, else exact origins (empty: none). */
export type CorsOriginsConfig = '*' | string[];

export type SimulatorFaults = Partial<Record<PlatformId, FaultSpec[]>>;

export type GatewayConfig = GatewaySettings & PlatformSettingsById; // the default tenant's platforms (from env vars); `tenants[0]` holds the same

/** A platform's id is a key of the configuration beside these: it must not hide one (checked below). */
export interface GatewaySettings {
  environment: Environment;
  /** TCP port of the GraphQL server; 0 picks a free one. */
  port: number;
  /** Interface to bind; undefined lets Node listen on every interface. */
  host: string | undefined;
  logLevel: LogLevel;
  /** JSON lines (default, for log shippers) or colourised lines for people (default in development). */
  logFormat: LogFormat;
  /** OpenTelemetry spans: exported over OTLP only when an endpoint is configured. */
  tracing: TracingConfig;
  /** Time budget of one GraphQL request, shared by all its upstream calls. */
  requestTimeoutMs: number;
  /** Executions of a document before graphql-jit compiles it (0: never, graphql-js runs everything). */
  compileAfter: number;
  /**
   * Manifests of trusted documents besides the typed client's own (always loaded): GATEWAY_TRUSTED_DOCUMENTS_DIR
   * and the auth file's `trustedDocuments`, resolved; and whether the fast lane serves them (GATEWAY_FAST_LANE).
   */
  trustedDocuments: { manifests: string[]; fastLane: boolean };
  /** V8's old-space growth between full GCs, in % of the live heap (0: V8's own heuristics, up to 300 %). */
  heapGrowthPercent: number;
  /** Largest accepted GraphQL request body. */
  maxBodyBytes: number;
  /** Landing page (Apollo Sandbox) and introspection; off in production. */
  developerTools: boolean;
  /** Every tenant, `default` first. Loaders, caches and breakers are never shared between tenants. */
  tenants: TenantConfig[];
  auth: AuthConfig;
  /** Limits every operation must stay within, checked before it executes. */
  queryLimits: QueryLimitsConfig;
  /** Browser origins allowed to call /graphql (`*`: any; empty: none). */
  corsOrigins: CorsOriginsConfig;
  /** Per-caller token bucket; `off` in development and tests unless set. */
  rateLimit: RateLimitConfig;
  /**
   * Per-address budget of failed authentications (the same size as the rate limit). Also on in
   * development whenever callers authenticate, even with the rate limit off; off in tests unless set.
   */
  authFailureLimit: RateLimitConfig;
  /**
   * Proxies (`address/prefix`, canonical addresses) whose `Forwarded` / `X-Forwarded-For` name the client
   * whose address the failed-authentication budget and anonymous rate limits use; empty: none, the
   * TCP peer is the client.
   */
  trustedProxies: string[];
  /** Redis for persisted queries shared by replicas; in-memory when unset. May hold a password: never logged. */
  redisUrl: URL | undefined;
  /** Retries, circuit breaker and bulkhead, applied to each upstream on its own. */
  resilience: ResilienceConfig;
  /** Faults the embedded simulators start with (GATEWAY_SIMULATOR_FAULTS), to see failures in Sandbox. */
  simulatorFaults: SimulatorFaults;
  /** `GET /metrics` (Prometheus text format); when `token` is set, scrapes must send it as a Bearer token. */
  metrics: MetricsConfig;
  /** The store: a PostgreSQL server (DATABASE_URL) or the embedded engine in `dir`. */
  store: StoreConfig;
  /** How the directory refreshes itself from Rocket.Chat and IMI. */
  directory: DirectoryConfig;
  /** Heartbeats of the replicas running workflows. */
  workflows: WorkflowConfig;
  events: EventsConfig;
}

/** Fails to compile when a platform's id is also the name of a setting (or of a tenant's `name`). */
export const PLATFORM_IDS_ARE_NOT_SETTINGS: [Extract<PlatformId, keyof GatewaySettings | 'name'>] extends [never] ? true : never = true;

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
