import { z } from 'zod';
import { AuthFileError, loadAuthFile, type AuthFile, type TenantConnections } from './access/auth-file.js';
import { DEFAULT_TENANT } from './access/caller.js';
import { DEFAULT_RESILIENCE, type ResilienceOptions } from './upstream/resilience.js';
import { DEFAULT_QUERY_LIMITS } from './plugins/query-limits.js';
import { parseCorsOrigins, type CorsOrigins } from './endpoint/cors.js';
import type { RateLimitOptions } from './access/rate-limit.js';
import { faultSpecSchema, type FaultSpec } from './simulators/fault-spec.js';

/**
 * The only reader of environment variables. `loadConfig` validates everything once at start-up and
 * reports every problem at once; the rest of the code receives the typed `GatewayConfig`.
 * Every variable is documented in the README's configuration table.
 */

export type Environment = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type LogFormat = 'json' | 'pretty';

export type RocketChatConfig =
  | { mode: 'remote'; url: URL; userId: string; authToken: string; maxConnections: number }
  | { mode: 'simulator'; maxConnections: number };

export type JelouAuthScheme = 'basic' | 'raw';

export type JelouConfig =
  | { mode: 'remote'; url: URL; clientId: string; clientSecret: string; authScheme: JelouAuthScheme; maxConnections: number }
  | { mode: 'simulator'; authScheme: JelouAuthScheme; maxConnections: number };

/** Names of IMI's auth headers: unpublished upstream, so configurable (defaults in the README). */
export interface ImiHeaderNamesConfig {
  token: string;
  team: string;
  apiKey: string;
}

export type ImiAuthConfig =
  | { kind: 'access-token'; accessToken: string }
  | { kind: 'api-key'; apiKey: string; domain: string };

export type ImiConfig =
  | { mode: 'remote'; url: URL; teamId: string; auth: ImiAuthConfig; headerNames: ImiHeaderNamesConfig; maxConnections: number }
  | { mode: 'simulator'; headerNames: ImiHeaderNamesConfig; maxConnections: number };

/**
 * A named set of platform connections. `default` comes from the platform env vars (remote or simulated);
 * the others from the auth file, each using only the platforms it lists (`undefined`: not available).
 */
export interface TenantConfig {
  name: string;
  rocketchat: RocketChatConfig | undefined;
  jelou: JelouConfig | undefined;
  imi: ImiConfig | undefined;
}

/** Caller authentication: API keys (and JWTs) from the auth file, or off — development without a file, or explicitly. */
export type AuthConfig =
  | { mode: 'off'; explicit: boolean }
  | { mode: 'on'; file: string; settings: AuthFile };

export interface GatewayConfig {
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
  /** V8's old-space growth between full GCs, in % of the live heap (0: V8's own heuristics, up to 300 %). */
  heapGrowthPercent: number;
  /** Largest accepted GraphQL request body. */
  maxBodyBytes: number;
  /** Landing page (Apollo Sandbox) and introspection; off in production. */
  developerTools: boolean;
  /** The default tenant's platforms (from env vars); `tenants[0]` holds the same. */
  rocketchat: RocketChatConfig;
  jelou: JelouConfig;
  imi: ImiConfig;
  /** Every tenant, `default` first. Loaders, caches and breakers are never shared between tenants. */
  tenants: TenantConfig[];
  auth: AuthConfig;
  /** Limits every operation must stay within, checked before it executes. */
  queryLimits: QueryLimitsConfig;
  /** Browser origins allowed to call /graphql (`*`: any; empty: none). */
  corsOrigins: CorsOrigins;
  /** Per-caller token bucket; `off` in tests unless set. */
  rateLimit: RateLimitOptions | 'off';
  /** Redis for persisted queries shared by replicas; in-memory when unset. May hold a password: never logged. */
  redisUrl: URL | undefined;
  /** Retries, circuit breaker and bulkhead, applied to each upstream on its own. */
  resilience: ResilienceOptions;
  /** Faults the embedded simulators start with (GATEWAY_SIMULATOR_FAULTS), to see failures in Sandbox. */
  simulatorFaults: SimulatorFaults;
  /** `GET /metrics` (Prometheus text format); when `token` is set, scrapes must send it as a Bearer token. */
  metrics: MetricsConfig;
}

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

export type SimulatorFaults = Partial<Record<'rocketchat' | 'jelou' | 'imi', FaultSpec[]>>;

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const upstreamUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .refine((value) => !/[?#]/.test(value), 'must not carry a query string or fragment');

const secret = z.string().trim().min(1);

/** An HTTP header name (RFC 9110 token), compared lower-case as Node delivers them. */
const headerName = z
  .string()
  .trim()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/, 'must be an HTTP header name')
  .transform((name) => name.toLowerCase());

const variables = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: integer(0, 65535).default(4000),
  HOST: z.string().trim().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: upstreamUrl.optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: upstreamUrl.optional(),
  OTEL_EXPORTER_OTLP_HEADERS: z
    .string()
    .transform((text, context) => {
      const headers: Record<string, string> = {};
      for (const pair of text.split(',')) {
        const [name, ...rest] = pair.split('=');
        const value = rest.join('=').trim();
        if (!name?.trim() || value === '') {
          context.addIssue({ code: 'custom', message: 'must be name=value pairs separated by commas' });
          return z.NEVER;
        }
        headers[decodeURIComponent(name.trim())] = decodeURIComponent(value);
      }
      return headers;
    })
    .optional(),
  OTEL_SERVICE_NAME: z.string().trim().min(1).default('chat-gateway'),
  OTEL_TRACES_SAMPLER_ARG: z
    .string()
    .trim()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a number from 0 to 1')
    .transform(Number)
    .default(1),
  GATEWAY_REQUEST_TIMEOUT_MS: integer(100, 300_000).default(10_000),
  GATEWAY_COMPILE_AFTER: integer(0, 1_000_000).default(2),
  GATEWAY_HEAP_GROWTH_PERCENT: integer(0, 300).default(100),
  GATEWAY_MAX_BODY_BYTES: integer(1024, 50 * 1024 * 1024).default(1024 * 1024),
  GATEWAY_DEVELOPER_TOOLS: flag.optional(),
  GATEWAY_ALLOW_SIMULATORS: flag.optional(),
  GATEWAY_RETRY_MAX_ATTEMPTS: integer(1, 10).default(DEFAULT_RESILIENCE.retry.maxAttempts),
  GATEWAY_RETRY_BASE_DELAY_MS: integer(1, 10_000).default(DEFAULT_RESILIENCE.retry.baseDelayMs),
  GATEWAY_RETRY_MAX_DELAY_MS: integer(1, 60_000).default(DEFAULT_RESILIENCE.retry.maxDelayMs),
  GATEWAY_BREAKER_FAILURES: integer(1, 1000).default(DEFAULT_RESILIENCE.breaker.consecutiveFailures),
  GATEWAY_BREAKER_HALF_OPEN_AFTER_MS: integer(100, 600_000).default(DEFAULT_RESILIENCE.breaker.halfOpenAfterMs),
  GATEWAY_UPSTREAM_MAX_IN_FLIGHT: integer(1, 10_000).default(DEFAULT_RESILIENCE.bulkhead.maxConcurrent),
  GATEWAY_UPSTREAM_MAX_QUEUED: integer(0, 100_000).default(DEFAULT_RESILIENCE.bulkhead.maxQueued),
  GATEWAY_SIMULATOR_FAULTS: z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'must be JSON, e.g. {"rocketchat":[{"effect":{"kind":"status","status":503}}]}' });
        return z.NEVER;
      }
    })
    .pipe(
      z.strictObject({
        rocketchat: z.array(faultSpecSchema).optional(),
        jelou: z.array(faultSpecSchema).optional(),
        imi: z.array(faultSpecSchema).optional(),
      }),
    )
    .optional(),
  GATEWAY_AUTH: z.enum(['on', 'off']).optional(),
  GATEWAY_AUTH_FILE: z.string().trim().min(1).optional(),
  GATEWAY_MAX_DEPTH: integer(1, 1000).default(DEFAULT_QUERY_LIMITS.maxDepth),
  GATEWAY_MAX_ALIASES: integer(0, 10_000).default(DEFAULT_QUERY_LIMITS.maxAliases),
  GATEWAY_MAX_TOKENS: integer(10, 1_000_000).default(DEFAULT_QUERY_LIMITS.maxTokens),
  GATEWAY_MAX_DIRECTIVES: integer(0, 10_000).default(DEFAULT_QUERY_LIMITS.maxDirectives),
  GATEWAY_MAX_COST: integer(1, 10_000_000).default(DEFAULT_QUERY_LIMITS.maxCost),
  GATEWAY_CORS_ORIGINS: z.string().optional(),
  GATEWAY_RATE_LIMIT_RPS: z
    .string()
    .trim()
    .regex(/^(off|\d+(\.\d+)?)$/, 'must be a number of requests per second above 0, or off')
    .refine((value) => value === 'off' || Number(value) > 0, 'must be above 0 (or off)')
    .optional(),
  GATEWAY_RATE_LIMIT_BURST: integer(1, 1_000_000).default(20),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  GATEWAY_METRICS: z.enum(['on', 'off']).default('on'),
  GATEWAY_METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  ROCKETCHAT_URL: upstreamUrl.optional(),
  ROCKETCHAT_USER_ID: z.string().trim().min(1).optional(),
  ROCKETCHAT_AUTH_TOKEN: secret.optional(),
  ROCKETCHAT_MAX_CONNECTIONS: integer(1, 1024).default(32),
  JELOU_URL: upstreamUrl.optional(),
  JELOU_CLIENT_ID: z.string().trim().min(1).optional(),
  JELOU_CLIENT_SECRET: secret.optional(),
  JELOU_AUTH_SCHEME: z.enum(['basic', 'raw']).default('basic'),
  JELOU_MAX_CONNECTIONS: integer(1, 1024).default(32),
  IMI_URL: upstreamUrl.optional(),
  IMI_TEAM_ID: z.string().trim().regex(/^[1-9]\d{0,17}$/, 'must be a positive whole number').optional(),
  IMI_ACCESS_TOKEN: secret.optional(),
  IMI_API_KEY: secret.optional(),
  IMI_DOMAIN: z.string().trim().min(1).optional(),
  IMI_TOKEN_HEADER: headerName.default('access_token'),
  IMI_TEAM_HEADER: headerName.default('teamid'),
  IMI_API_KEY_HEADER: headerName.default('key'),
  IMI_MAX_CONNECTIONS: integer(1, 1024).default(32),
};
type Variables = Parsed<typeof variables>;
type Parsed<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.output<T[K]> };

/** Parses each variable on its own so that one bad value does not hide the problems of the others. */
function parseVariables<T extends Record<string, z.ZodType>>(
  env: NodeJS.ProcessEnv,
  problems: string[],
  schemas: T,
): Parsed<T> {
  const values: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    // Empty strings count as unset, as in most shells' `VAR= command`.
    const raw = env[name] === '' ? undefined : env[name];
    const parsed = schema.safeParse(raw);
    if (parsed.success) values[name] = parsed.data;
    // Messages name the variable and the rule, never the value: some variables are secrets.
    else problems.push(...parsed.error.issues.map((issue) => `${name} ${issue.message}`));
  }
  return values as Parsed<T>;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const problems: string[] = [];
  const vars = parseVariables(env, problems, variables);
  const production = vars.NODE_ENV === 'production';
  const allowSimulators = vars.GATEWAY_ALLOW_SIMULATORS ?? !production;

  // A URL that is set but invalid still makes its platform remote, so missing credentials are listed too.
  const platform: PlatformCheck = { problems, allowSimulators, isSet: (name) => Boolean(env[name]) };
  const rocketchat = rocketChatConfig(vars, platform);
  const jelou = jelouConfig(vars, platform);
  const imi = imiConfig(vars, platform);
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
  const auth = authConfig(vars, production, problems);
  // Empty (not unset) means closed, so production's default can be spelled out too.
  const cors = parseCorsOrigins(env.GATEWAY_CORS_ORIGINS ?? (production ? '' : '*'));
  if ('problems' in cors) problems.push(...cors.problems.map((problem) => `GATEWAY_CORS_ORIGINS ${problem}`));
  // Production protects itself by default (10/s per caller). In development and tests every anonymous
  // caller shares one bucket, so a limit nobody set would refuse a person's first burst from Sandbox.
  const rps = vars.GATEWAY_RATE_LIMIT_RPS ?? (production ? '10' : 'off');
  const tenants: TenantConfig[] = [{ name: DEFAULT_TENANT, rocketchat, jelou, imi }];
  if (auth.mode === 'on') {
    for (const [name, connections] of auth.settings.tenants) tenants.push(tenantConfig(name, connections, vars));
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    environment: vars.NODE_ENV,
    port: vars.PORT,
    host: vars.HOST,
    logLevel: vars.LOG_LEVEL,
    logFormat: vars.LOG_FORMAT ?? (vars.NODE_ENV === 'development' ? 'pretty' : 'json'),
    tracing: {
      otlpTracesUrl: tracesUrl(vars),
      otlpHeaders: vars.OTEL_EXPORTER_OTLP_HEADERS ?? {},
      serviceName: vars.OTEL_SERVICE_NAME,
      sampleRatio: vars.OTEL_TRACES_SAMPLER_ARG,
    },
    requestTimeoutMs: vars.GATEWAY_REQUEST_TIMEOUT_MS,
    compileAfter: vars.GATEWAY_COMPILE_AFTER,
    heapGrowthPercent: vars.GATEWAY_HEAP_GROWTH_PERCENT,
    maxBodyBytes: vars.GATEWAY_MAX_BODY_BYTES,
    developerTools: vars.GATEWAY_DEVELOPER_TOOLS ?? !production,
    rocketchat,
    jelou,
    imi,
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
    rateLimit: rps === 'off' ? 'off' : { requestsPerSecond: Number(rps), burst: vars.GATEWAY_RATE_LIMIT_BURST },
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
  };
}

/**
 * Production never runs open by accident: it needs an auth file, or GATEWAY_AUTH=off said out loud.
 * Development without a file runs open (main.ts says so at start-up).
 */
function authConfig(vars: Variables, production: boolean, problems: string[]): AuthConfig {
  const file = vars.GATEWAY_AUTH_FILE;
  if (vars.GATEWAY_AUTH === 'off') {
    if (file !== undefined) problems.push('GATEWAY_AUTH=off and GATEWAY_AUTH_FILE contradict each other: unset one');
    return { mode: 'off', explicit: true };
  }
  if (file === undefined) {
    if (vars.GATEWAY_AUTH === 'on') problems.push('GATEWAY_AUTH=on needs GATEWAY_AUTH_FILE');
    else if (production) problems.push('GATEWAY_AUTH_FILE is required in production (or set GATEWAY_AUTH=off to run without authentication)');
    return { mode: 'off', explicit: false };
  }
  try {
    return { mode: 'on', file, settings: loadAuthFile(file) };
  } catch (error) {
    if (!(error instanceof AuthFileError)) throw error;
    problems.push(...error.problems.map((problem) => `GATEWAY_AUTH_FILE ${problem}`));
    return { mode: 'off', explicit: false }; // unreachable in use: the problems listed make loadConfig throw
  }
}

/** A tenant of the auth file, with the gateway-wide defaults for what it leaves out. */
function tenantConfig(name: string, connections: TenantConnections, vars: Variables): TenantConfig {
  const { rocketchat, jelou, imi } = connections;
  return {
    name,
    rocketchat: rocketchat && {
      mode: 'remote',
      url: rocketchat.url,
      userId: rocketchat.userId,
      authToken: rocketchat.authToken,
      maxConnections: rocketchat.maxConnections ?? vars.ROCKETCHAT_MAX_CONNECTIONS,
    },
    jelou: jelou && {
      mode: 'remote',
      url: jelou.url,
      clientId: jelou.clientId,
      clientSecret: jelou.clientSecret,
      authScheme: jelou.authScheme ?? vars.JELOU_AUTH_SCHEME,
      maxConnections: jelou.maxConnections ?? vars.JELOU_MAX_CONNECTIONS,
    },
    imi: imi && {
      mode: 'remote',
      url: imi.url,
      teamId: imi.teamId,
      auth: imi.auth,
      headerNames: imiHeaderNames(vars),
      maxConnections: imi.maxConnections ?? vars.IMI_MAX_CONNECTIONS,
    },
  };
}

/** As the OpenTelemetry spec says: the traces URL as given, or `/v1/traces` under the general endpoint. */
function tracesUrl(vars: Variables): URL | undefined {
  if (vars.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return new URL(vars.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  if (!vars.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  const base = new URL(vars.OTEL_EXPORTER_OTLP_ENDPOINT);
  base.pathname = `${base.pathname.replace(/\/$/, '')}/v1/traces`;
  return base;
}

/**
 * A platform is remote when its URL is set (then its credentials are required) and simulated otherwise
 * (then stray credentials are an error: they would be silently ignored).
 */
interface PlatformCheck {
  problems: string[];
  allowSimulators: boolean;
  /** Whether the variable has a value at all, valid or not. */
  isSet(variable: string): boolean;
}

function isRemote(check: PlatformCheck, urlVariable: string, credentials: Record<string, unknown>): boolean {
  if (check.isSet(urlVariable)) return true;
  const given = Object.keys(credentials).filter((name) => credentials[name] !== undefined);
  if (given.length > 0) check.problems.push(`${given.join(' and ')} need ${urlVariable} (they would be ignored)`);
  if (!check.allowSimulators) {
    check.problems.push(
      `${urlVariable} is required in production (or set GATEWAY_ALLOW_SIMULATORS=true to serve the simulator)`,
    );
  }
  return false;
}

/** A value the remote platform needs; an invalid one has its own problem listed already. */
function required<T>(check: PlatformCheck, name: string, value: T | undefined, urlVariable: string): T | undefined {
  if (!check.isSet(name)) check.problems.push(`${name} is required when ${urlVariable} is set`);
  return value;
}

function rocketChatConfig(vars: Variables, check: PlatformCheck): RocketChatConfig {
  const maxConnections = vars.ROCKETCHAT_MAX_CONNECTIONS;
  const credentials = { ROCKETCHAT_USER_ID: vars.ROCKETCHAT_USER_ID, ROCKETCHAT_AUTH_TOKEN: vars.ROCKETCHAT_AUTH_TOKEN };
  if (!isRemote(check, 'ROCKETCHAT_URL', credentials)) {
    return { mode: 'simulator', maxConnections };
  }
  const userId = required(check, 'ROCKETCHAT_USER_ID', vars.ROCKETCHAT_USER_ID, 'ROCKETCHAT_URL');
  const authToken = required(check, 'ROCKETCHAT_AUTH_TOKEN', vars.ROCKETCHAT_AUTH_TOKEN, 'ROCKETCHAT_URL');
  if (vars.ROCKETCHAT_URL === undefined || userId === undefined || authToken === undefined) {
    return { mode: 'simulator', maxConnections }; // unreachable in use: the problems listed make loadConfig throw
  }
  return { mode: 'remote', url: new URL(vars.ROCKETCHAT_URL), userId, authToken, maxConnections };
}

function jelouConfig(vars: Variables, check: PlatformCheck): JelouConfig {
  const { JELOU_AUTH_SCHEME: authScheme, JELOU_MAX_CONNECTIONS: maxConnections } = vars;
  const credentials = { JELOU_CLIENT_ID: vars.JELOU_CLIENT_ID, JELOU_CLIENT_SECRET: vars.JELOU_CLIENT_SECRET };
  if (!isRemote(check, 'JELOU_URL', credentials)) {
    return { mode: 'simulator', authScheme, maxConnections };
  }
  const clientId = required(check, 'JELOU_CLIENT_ID', vars.JELOU_CLIENT_ID, 'JELOU_URL');
  const clientSecret = required(check, 'JELOU_CLIENT_SECRET', vars.JELOU_CLIENT_SECRET, 'JELOU_URL');
  if (vars.JELOU_URL === undefined || clientId === undefined || clientSecret === undefined) {
    return { mode: 'simulator', authScheme, maxConnections };
  }
  return { mode: 'remote', url: new URL(vars.JELOU_URL), clientId, clientSecret, authScheme, maxConnections };
}

function imiConfig(vars: Variables, check: PlatformCheck): ImiConfig {
  const { problems } = check;
  const maxConnections = vars.IMI_MAX_CONNECTIONS;
  const headerNames = imiHeaderNames(vars);
  const credentials = {
    IMI_TEAM_ID: vars.IMI_TEAM_ID,
    IMI_ACCESS_TOKEN: vars.IMI_ACCESS_TOKEN,
    IMI_API_KEY: vars.IMI_API_KEY,
    IMI_DOMAIN: vars.IMI_DOMAIN,
  };
  if (!isRemote(check, 'IMI_URL', credentials)) {
    return { mode: 'simulator', headerNames, maxConnections };
  }
  const teamId = required(check, 'IMI_TEAM_ID', vars.IMI_TEAM_ID, 'IMI_URL');
  const auth = imiAuth(vars, problems);
  if (vars.IMI_URL === undefined || teamId === undefined || auth === undefined) {
    return { mode: 'simulator', headerNames, maxConnections };
  }
  return { mode: 'remote', url: new URL(vars.IMI_URL), teamId, auth, headerNames, maxConnections };
}

/** IMI's header names are gateway-wide: the same for every tenant. */
function imiHeaderNames(vars: Variables): ImiHeaderNamesConfig {
  return { token: vars.IMI_TOKEN_HEADER, team: vars.IMI_TEAM_HEADER, apiKey: vars.IMI_API_KEY_HEADER };
}

/** Exactly one way to authenticate: a fixed access token, or an API key the gateway mints tokens with. */
function imiAuth(vars: Variables, problems: string[]): ImiAuthConfig | undefined {
  const { IMI_ACCESS_TOKEN: accessToken, IMI_API_KEY: apiKey, IMI_DOMAIN: domain } = vars;
  if (accessToken !== undefined && (apiKey !== undefined || domain !== undefined)) {
    problems.push('IMI_ACCESS_TOKEN and IMI_API_KEY/IMI_DOMAIN are alternatives: set one or the other');
    return undefined;
  }
  if (accessToken !== undefined) return { kind: 'access-token', accessToken };
  if (apiKey !== undefined && domain !== undefined) return { kind: 'api-key', apiKey, domain };
  if (apiKey !== undefined || domain !== undefined) {
    problems.push('IMI_API_KEY and IMI_DOMAIN are required together');
  } else {
    problems.push('IMI_ACCESS_TOKEN, or IMI_API_KEY with IMI_DOMAIN, is required when IMI_URL is set');
  }
  return undefined;
}

/** Settings of the standalone simulator scripts (`npm run simulator:<platform>`). */
export interface SimulatorConfig {
  /** Port of the standalone Rocket.Chat simulator. */
  port: number;
  /** Token of the seeded Rocket.Chat service account; random when unset. */
  serviceToken: string | undefined;
  jelouPort: number;
  imiPort: number;
}

const simulatorVariables = {
  ROCKETCHAT_SIMULATOR_PORT: integer(0, 65535).default(3100),
  ROCKETCHAT_SIMULATOR_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  JELOU_SIMULATOR_PORT: integer(0, 65535).default(3200),
  IMI_SIMULATOR_PORT: integer(0, 65535).default(3300),
};

/** Every environment variable this module reads (the README and .env.example document each one). */
export const CONFIG_VARIABLES: readonly string[] = [...Object.keys(variables), ...Object.keys(simulatorVariables)];

export function loadSimulatorConfig(env: NodeJS.ProcessEnv = process.env): SimulatorConfig {
  const problems: string[] = [];
  const vars = parseVariables(env, problems, simulatorVariables);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: vars.ROCKETCHAT_SIMULATOR_PORT,
    serviceToken: vars.ROCKETCHAT_SIMULATOR_TOKEN,
    jelouPort: vars.JELOU_SIMULATOR_PORT,
    imiPort: vars.IMI_SIMULATOR_PORT,
  };
}

/**
 * The effective configuration as start-up logs it: every setting, secrets replaced by `[set]`, so an
 * operator sees what the process runs with and nobody reads a credential in the logs.
 */
export function describeConfig(config: GatewayConfig): Record<string, unknown> {
  const secret = '[set]';
  const platform = (value: RocketChatConfig | JelouConfig | ImiConfig) => ({ ...value, ...('url' in value && { url: value.url.toString() }) });
  const describeRocketChat = (rocketchat: RocketChatConfig) =>
    rocketchat.mode === 'remote' ? { ...platform(rocketchat), authToken: secret } : rocketchat;
  const describeJelou = (jelou: JelouConfig) => (jelou.mode === 'remote' ? { ...platform(jelou), clientSecret: secret } : jelou);
  const describeImi = (imi: ImiConfig) =>
    imi.mode === 'remote'
      ? {
          ...platform(imi),
          auth: imi.auth.kind === 'access-token' ? { kind: imi.auth.kind, accessToken: secret } : { ...imi.auth, apiKey: secret },
        }
      : imi;
  const { auth } = config;
  return {
    ...config,
    rocketchat: describeRocketChat(config.rocketchat),
    jelou: describeJelou(config.jelou),
    imi: describeImi(config.imi),
    // The default tenant is shown above; the others by name, with the platforms they use.
    tenants: Object.fromEntries(
      config.tenants.slice(1).map((tenant) => [
        tenant.name,
        {
          rocketchat: tenant.rocketchat && describeRocketChat(tenant.rocketchat),
          jelou: tenant.jelou && describeJelou(tenant.jelou),
          imi: tenant.imi && describeImi(tenant.imi),
        },
      ]),
    ),
    auth:
      auth.mode === 'off'
        ? auth
        : {
            mode: 'on',
            file: auth.file,
            keys: auth.settings.keys.map((key) => `${key.name} (${key.tenant}: ${key.scopes.join(' ')})`),
            jwt: auth.settings.jwt ? { algorithms: auth.settings.jwt.algorithms, issuer: auth.settings.jwt.issuer } : 'off',
          },
    // Only where Redis is: the URL may carry a password.
    redisUrl: config.redisUrl && `${config.redisUrl.protocol}//${config.redisUrl.host}`,
    simulatorFaults: Object.fromEntries(Object.entries(config.simulatorFaults).map(([name, faults]) => [name, faults?.length ?? 0])),
    metrics: { enabled: config.metrics.enabled, token: config.metrics.token === undefined ? undefined : secret },
    tracing: {
      ...config.tracing,
      otlpTracesUrl: config.tracing.otlpTracesUrl?.toString(),
      otlpHeaders: Object.fromEntries(Object.keys(config.tracing.otlpHeaders).map((name) => [name, secret])),
    },
  };
}
