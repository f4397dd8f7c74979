import { z } from 'zod';
import { faultSpecSchema } from '../fault-spec.js';
import { PLATFORMS } from '../platforms/index.js';
import { httpUrl } from '../platforms/settings-kit.js';
import { flag, integer } from './fields.js';
import { parseTrustedProxies } from './trusted-proxies.js';

/**
 * The gateway's own environment variables, each with its schema and default (every one is documented in
 * docs/configuration.md). Each platform's variables come from its own settings (src/platforms/).
 */

/**
 * Defaults of the limits every operation must stay within (docs/security.md, Limits). Measured on the
 * typed client's operations (test/unit/query-limits-client.test.ts, which keeps each at most half of
 * every limit): largest depth 5 (Department), aliases 0, directives 0, tokens 113 (Agents with its
 * fragments), cost 2501 (Agents with first: 100, each agent's departments counted as 3; 1251 at the default
 * page of 50; next Department and Departments at 100 items, about 1500). graphql-js's standard introspection query
 * (Sandbox, codegen): 163 tokens, cost 220, depth not counted (see armorValidationRules). The data schema
 * has no cycles (its deepest field is 5 levels down), so depth bites only on `__type`.
 */
export const QUERY_LIMIT_DEFAULTS = { maxDepth: 12, maxAliases: 30, maxTokens: 2000, maxDirectives: 20, maxCost: 6000 } as const;

/**
 * Defaults of each upstream's retries, breaker and bulkhead. The queue holds a burst of 50 operations of
 * 20 lookups each (bench/ scenario 2); waiting calls still give up at their request's deadline.
 */
export const RESILIENCE_DEFAULTS = {
  retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 2_000 },
  breaker: { consecutiveFailures: 5, halfOpenAfterMs: 10_000 },
  bulkhead: { maxConcurrent: 64, maxQueued: 1024 },
} as const;

const otlpHeaders = z.string().transform((text, context) => {
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
});

/** Faults per platform, keyed by the platforms' ids. */
const simulatorFaults = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: `must be JSON, e.g. {"${PLATFORMS[0].name.id}":[{"effect":{"kind":"status","status":503}}]}` });
      return z.NEVER;
    }
  })
  .pipe(z.strictObject(Object.fromEntries(PLATFORMS.map((platform) => [platform.name.id, z.array(faultSpecSchema).optional()]))));

export const gatewayVariables = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: integer(0, 65535).default(4000),
  HOST: z.string().trim().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_HEADERS: otlpHeaders.optional(),
  OTEL_SERVICE_NAME: z.string().trim().min(1).default('chat-gateway'),
  OTEL_TRACES_SAMPLER_ARG: z
    .string()
    .trim()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a number from 0 to 1')
    .transform(Number)
    .default(1),
  GATEWAY_REQUEST_TIMEOUT_MS: integer(100, 300_000).default(10_000),
  GATEWAY_COMPILE_AFTER: integer(0, 1_000_000).default(2),
  // Trusted documents (src/trusted-documents/): a folder of manifests besides the typed client's own.
  GATEWAY_TRUSTED_DOCUMENTS_DIR: z.string().trim().min(1).optional(),
  GATEWAY_FAST_LANE: z.enum(['on', 'off']).default('on'),
  GATEWAY_HEAP_GROWTH_PERCENT: integer(0, 300).default(100),
  GATEWAY_MAX_BODY_BYTES: integer(1024, 50 * 1024 * 1024).default(1024 * 1024),
  GATEWAY_DEVELOPER_TOOLS: flag.optional(),
  GATEWAY_ALLOW_SIMULATORS: flag.optional(),
  GATEWAY_RETRY_MAX_ATTEMPTS: integer(1, 10).default(RESILIENCE_DEFAULTS.retry.maxAttempts),
  GATEWAY_RETRY_BASE_DELAY_MS: integer(1, 10_000).default(RESILIENCE_DEFAULTS.retry.baseDelayMs),
  GATEWAY_RETRY_MAX_DELAY_MS: integer(1, 60_000).default(RESILIENCE_DEFAULTS.retry.maxDelayMs),
  GATEWAY_BREAKER_FAILURES: integer(1, 1000).default(RESILIENCE_DEFAULTS.breaker.consecutiveFailures),
  GATEWAY_BREAKER_HALF_OPEN_AFTER_MS: integer(100, 600_000).default(RESILIENCE_DEFAULTS.breaker.halfOpenAfterMs),
  GATEWAY_UPSTREAM_MAX_IN_FLIGHT: integer(1, 10_000).default(RESILIENCE_DEFAULTS.bulkhead.maxConcurrent),
  GATEWAY_UPSTREAM_MAX_QUEUED: integer(0, 100_000).default(RESILIENCE_DEFAULTS.bulkhead.maxQueued),
  GATEWAY_SIMULATOR_FAULTS: simulatorFaults.optional(),
  GATEWAY_AUTH: z.enum(['on', 'off']).optional(),
  GATEWAY_AUTH_FILE: z.string().trim().min(1).optional(),
  GATEWAY_MAX_DEPTH: integer(1, 1000).default(QUERY_LIMIT_DEFAULTS.maxDepth),
  GATEWAY_MAX_ALIASES: integer(0, 10_000).default(QUERY_LIMIT_DEFAULTS.maxAliases),
  GATEWAY_MAX_TOKENS: integer(10, 1_000_000).default(QUERY_LIMIT_DEFAULTS.maxTokens),
  GATEWAY_MAX_DIRECTIVES: integer(0, 10_000).default(QUERY_LIMIT_DEFAULTS.maxDirectives),
  GATEWAY_MAX_COST: integer(1, 10_000_000).default(QUERY_LIMIT_DEFAULTS.maxCost),
  GATEWAY_CORS_ORIGINS: z.string().optional(),
  // One problem per bad value: a refinement after the format check would report "abc" twice.
  GATEWAY_RATE_LIMIT_RPS: z
    .string()
    .trim()
    .superRefine((value, context) => {
      if (!/^(off|\d+(\.\d+)?)$/.test(value)) context.addIssue({ code: 'custom', message: 'must be a number of requests per second above 0, or off' });
      else if (value !== 'off' && Number(value) <= 0) context.addIssue({ code: 'custom', message: 'must be above 0 (or off)' });
    })
    .optional(),
  GATEWAY_RATE_LIMIT_BURST: integer(1, 1_000_000).default(20),
  // Whose Forwarded / X-Forwarded-For is believed (src/access/client-address.ts): every bad entry is a problem of its own.
  GATEWAY_TRUSTED_PROXIES: z
    .string()
    .transform((text, context) => {
      const parsed = parseTrustedProxies(text);
      if ('proxies' in parsed) return parsed.proxies;
      for (const problem of parsed.problems) context.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    })
    .optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  // The store (src/store/): a PostgreSQL server shared by replicas, else PostgreSQL embedded in the process.
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  GATEWAY_STORE_DIR: z.string().trim().min(1).default('.chat-gateway/store'),
  DATABASE_MAX_CONNECTIONS: integer(1, 1000).default(10),
  GATEWAY_METRICS: z.enum(['on', 'off']).default('on'),
  GATEWAY_METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  // The directory's background refresh (src/directory/): 0 turns the interval off; `syncDirectory` still works.
  GATEWAY_DIRECTORY_INTERVAL_MS: integer(0, 7 * 86_400_000).default(900_000),
  GATEWAY_DIRECTORY_IMI_RESERVE: integer(0, 10_000_000).default(1_000),
  GATEWAY_DIRECTORY_ROCKETCHAT_PACE_MS: integer(0, 60_000).default(250),
  GATEWAY_DIRECTORY_IMI_PACE_MS: integer(0, 60_000).default(250),
  // Workflows (src/workflows/): a replica silent for 6 heartbeats is taken for dead.
  GATEWAY_WORKFLOW_HEARTBEAT_MS: integer(100, 300_000).default(10_000),
  // Live events (src/events/): Rocket.Chat retries a failed delivery for up to 100 s (older servers longer).
  GATEWAY_EVENTS_DEDUPE_WINDOW_MS: integer(1_000, 7 * 86_400_000).default(900_000),
  // A closed session's event carries the room's messages: larger than a GraphQL request.
  GATEWAY_WEBHOOK_MAX_BODY_BYTES: integer(1024, 50 * 1024 * 1024).default(2 * 1024 * 1024),
  GATEWAY_SUBSCRIPTION_BUFFER: integer(1, 100_000).default(100),
  GATEWAY_MAX_SUBSCRIPTIONS_PER_CONNECTION: integer(1, 1_000).default(20),
  GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER: integer(1, 100_000).default(200),
};

/** Every platform's variables, in the list's order. */
export const platformVariables: Readonly<Record<string, z.ZodType>> = Object.assign({}, ...PLATFORMS.map((platform) => platform.settings.variables));
