/**
 * The benchmark's knobs: read from `BENCH_*` environment variables here and nowhere else in bench/
 * (the gateway's own configuration stays in src/config.ts; the gateway child gets its variables from
 * `gatewayEnv` below). Every variable is documented in bench/README.md.
 */
export interface BenchSettings {
  /** Seconds of each measured autocannon run. */
  durationS: number;
  /** Seconds of the unmeasured warm-up run of each process before a scenario's measured runs. */
  warmupS: number;
  /** Concurrent connections of the throughput runs. */
  connections: number;
  /** Measured runs per process and scenario, alternating the baseline and the others; medians are reported. */
  rounds: number;
  /** Requests per second of the fixed-rate runs (0 skips them). */
  fixedRate: number;
  /** Latency every simulated platform call gets (the simulators' `latency` fault), in ms. */
  upstreamLatencyMs: number;
  /** Scenario numbers to run (1–4), all by default. */
  scenarios: number[];
  /** Keep-alive sockets per platform, for the gateways (`*_MAX_CONNECTIONS`), the baseline and plain Apollo alike. */
  upstreamConnections: number;
  /** Where the gateway child writes its JSON log lines. */
  gatewayLog: string;
  /** Extra node flags for the gateway child (`BENCH_GATEWAY_NODE_FLAGS='--max-semi-space-size=32'`), to try runtime tuning. */
  gatewayNodeFlags: string[];
  /** Extra variables for the gateway child, as JSON (`BENCH_GATEWAY_ENV='{"LOG_LEVEL":"warn"}'`); every gateway lane gets them. */
  gatewayEnvOverrides: Record<string, string>;
  /** Where the report goes instead of bench/results/latest.md (or profile-latest.md): `BENCH_REPORT`, for trial runs. */
  reportFile: string | undefined;
  /** Run the plain Apollo Server process (`BENCH_PLAIN_APOLLO`, on by default). */
  plainApollo: boolean;
  /** Run the gateway's trusted-documents lane (`BENCH_TRUSTED_LANE`, on by default). */
  trustedLane: boolean;
  /** Scenarios of the constant-rate runs (`BENCH_RATE_SCENARIOS`, 1 and 3 by default: the issue's targets), among those run. */
  rateScenarios: number[];
  /**
   * More gateway lanes, each its own process measured in the same alternating rounds as the others,
   * with its variables applied last (`BENCH_GATEWAY_VARIANTS`, a JSON object
   * `{ "<lane name>": { "<VARIABLE>": "<value>" } }`; `{}`, the default, for none). The pseudo-variable
   * `BENCH_TRUSTED_DOCUMENTS: "on"` makes a lane a trusted-documents one (the manifest folder, `documentId`
   * requests) instead of a query-text one; it is not passed to the gateway.
   */
  gatewayVariants: GatewayVariant[];
  /**
   * The gateways' store (`BENCH_STORE`): `server`, one PostgreSQL server for the run with a database per
   * gateway lane (DATABASE_URL), as a deployment has; `embedded`, PGlite in each gateway's own process (its
   * RSS then includes PGlite's). Undefined (unset): `server` where PostgreSQL's server binaries are
   * installed, else `embedded` (store.ts decides).
   */
  store: StoreMode | undefined;
}

/** Where the gateways keep their store: a PostgreSQL server (DATABASE_URL) or PGlite in their own process. */
export type StoreMode = 'server' | 'embedded';

/** A gateway lane other than the default ones: its name in the report and the variables that make it differ. */
export interface GatewayVariant {
  name: string;
  env: Record<string, string>;
  /** Sends `documentId` (with the bench's manifest in GATEWAY_TRUSTED_DOCUMENTS_DIR) instead of `query`. */
  trustedDocuments: boolean;
}

/** The processes' names in the report and the progress lines. */
export const LANES = {
  baseline: 'baseline',
  plainApollo: 'plain Apollo Server',
  gateway: 'gateway',
  trusted: 'gateway (trusted documents)',
} as const;

/**
 * The lane that was a default until the trusted-documents lane and the plain Apollo Server made the run
 * too long: the same gateway with compiled execution off (`GATEWAY_COMPILE_AFTER=0`, every operation run
 * by graphql-js), to weigh what graphql-jit buys. `BENCH_GATEWAY_VARIANTS` with this JSON brings it back.
 */
export const GRAPHQL_JS_ONLY_VARIANT_JSON = '{"gateway (graphql-js only)":{"GATEWAY_COMPILE_AFTER":"0"}}';

/** The variants' pseudo-variable for a trusted-documents lane. */
const TRUSTED_DOCUMENTS_SWITCH = 'BENCH_TRUSTED_DOCUMENTS';

/** Lane names the runner uses itself. */
const RESERVED_LANES: readonly string[] = Object.values(LANES);

export function readSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  return {
    durationS: number(env, 'BENCH_DURATION_S', 5, 1, 600),
    warmupS: number(env, 'BENCH_WARMUP_S', 2, 0, 600),
    connections: number(env, 'BENCH_CONNECTIONS', 50, 1, 10_000),
    rounds: number(env, 'BENCH_ROUNDS', 3, 1, 50),
    fixedRate: number(env, 'BENCH_RATE', 500, 0, 1_000_000),
    upstreamLatencyMs: number(env, 'BENCH_LATENCY_MS', 5, 0, 60_000),
    scenarios: scenarioList(env.BENCH_SCENARIOS, 'BENCH_SCENARIOS', [1, 2, 3, 4]),
    upstreamConnections: number(env, 'BENCH_UPSTREAM_CONNECTIONS', 32, 1, 1024),
    gatewayLog: env.BENCH_GATEWAY_LOG || '/dev/null',
    gatewayNodeFlags: (env.BENCH_GATEWAY_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean),
    gatewayEnvOverrides: jsonObject(env.BENCH_GATEWAY_ENV),
    reportFile: env.BENCH_REPORT?.trim() || undefined,
    plainApollo: onOff(env, 'BENCH_PLAIN_APOLLO', true),
    trustedLane: onOff(env, 'BENCH_TRUSTED_LANE', true),
    rateScenarios: scenarioList(env.BENCH_RATE_SCENARIOS, 'BENCH_RATE_SCENARIOS', [1, 3]),
    gatewayVariants: variants(env.BENCH_GATEWAY_VARIANTS),
    store: storeMode(env.BENCH_STORE),
  };
}

/**
 * ── Gateway settings for the benchmark ───────────────────────────────────────────────────────────────
 * Production-like: NODE_ENV=production, real upstream URLs (the simulators), info-level logs. Settings
 * that would refuse or throttle benchmark traffic are switched off here, and ONLY here; everything else
 * (query limits, metrics, the bulkhead, the per-request log line) runs with its production default.
 */
export const GATEWAY_BENCH_ENV: Readonly<Record<string, string>> = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  // Metrics stay on, as in production, which needs a scrape token for them (nobody scrapes here).
  GATEWAY_METRICS_TOKEN: 'bench-scrape-token-not-a-secret',
  // Production refuses to start without a key file otherwise; the bench measures the gateway, not auth.
  GATEWAY_AUTH: 'off',
  // Limits meant for hostile callers would measure themselves, not the gateway: the bench is one trusted caller.
  GATEWAY_RATE_LIMIT_RPS: 'off',
  // The people directory's background refresh pages through every agent and IMI user seconds after start:
  // upstream calls no request made, which would land in the counted calls and the measured CPU.
  GATEWAY_DIRECTORY_INTERVAL_MS: '0',
};

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be a number from ${min} to ${max}`);
  return value;
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new Error(`${name} must be on or off`);
}

function storeMode(raw: string | undefined): StoreMode | undefined {
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  if (value === 'server' || value === 'embedded') return value;
  throw new Error('BENCH_STORE must be server or embedded (unset: server where PostgreSQL is installed, else embedded)');
}

function scenarioList(raw: string | undefined, name: string, fallback: number[]): number[] {
  if (raw === undefined || raw.trim() === '') return fallback;
  const list = raw.split(',').map((item) => Number(item.trim()));
  if (list.some((item) => ![1, 2, 3, 4].includes(item))) throw new Error(`${name} must list scenario numbers 1–4, e.g. "1,2"`);
  return [...new Set(list)].sort();
}

function jsonObject(raw: string | undefined): Record<string, string> {
  if (raw === undefined || raw.trim() === '') return {};
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw new Error('BENCH_GATEWAY_ENV must be a JSON object of strings, e.g. {"LOG_LEVEL":"warn"}');
  }
  return parsed as Record<string, string>;
}

function variants(raw: string | undefined): GatewayVariant[] {
  if (raw === undefined || raw.trim() === '') return [];
  const usage = `BENCH_GATEWAY_VARIANTS must be a JSON object of lane names to objects of strings, e.g. ${GRAPHQL_JS_ONLY_VARIANT_JSON}, or {}`;
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(usage);
  return Object.entries(parsed).map(([name, laneEnv]) => {
    if (RESERVED_LANES.includes(name) || name.trim() === '' || name.includes('|')) {
      throw new Error(`BENCH_GATEWAY_VARIANTS: "${name}" cannot name a lane (not empty, no "|", none of ${RESERVED_LANES.map((lane) => `"${lane}"`).join(', ')})`);
    }
    if (typeof laneEnv !== 'object' || laneEnv === null || Array.isArray(laneEnv) || Object.values(laneEnv).some((v) => typeof v !== 'string')) {
      throw new Error(usage);
    }
    const { [TRUSTED_DOCUMENTS_SWITCH]: trusted, ...gatewayEnv } = laneEnv as Record<string, string>;
    if (trusted !== undefined && trusted !== 'on' && trusted !== 'off') throw new Error(`BENCH_GATEWAY_VARIANTS: "${name}": ${TRUSTED_DOCUMENTS_SWITCH} must be on or off`);
    return { name, env: gatewayEnv, trustedDocuments: trusted === 'on' };
  });
}
