import { z } from 'zod';

/**
 * The only reader of environment variables. `loadConfig` validates everything once at start-up and
 * reports every problem at once; the rest of the code receives the typed `GatewayConfig`.
 * Every variable is documented in the README's configuration table.
 */

export type Environment = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type RocketChatConfig =
  | { mode: 'remote'; url: URL; userId: string; authToken: string; maxConnections: number }
  | { mode: 'simulator'; maxConnections: number };

export interface GatewayConfig {
  environment: Environment;
  /** TCP port of the GraphQL server; 0 picks a free one. */
  port: number;
  /** Interface to bind; undefined lets Node listen on every interface. */
  host: string | undefined;
  logLevel: LogLevel;
  /** Time budget of one GraphQL request, shared by all its upstream calls. */
  requestTimeoutMs: number;
  /** Largest accepted GraphQL request body. */
  maxBodyBytes: number;
  /** Landing page (Apollo Sandbox) and introspection; off in production. */
  developerTools: boolean;
  rocketchat: RocketChatConfig;
}

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

const variables = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: integer(0, 65535).default(4000),
  HOST: z.string().trim().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GATEWAY_REQUEST_TIMEOUT_MS: integer(100, 300_000).default(10_000),
  GATEWAY_MAX_BODY_BYTES: integer(1024, 50 * 1024 * 1024).default(1024 * 1024),
  GATEWAY_DEVELOPER_TOOLS: flag.optional(),
  GATEWAY_ALLOW_SIMULATORS: flag.optional(),
  ROCKETCHAT_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .refine((value) => !/[?#]/.test(value), 'must not carry a query string or fragment')
    .optional(),
  ROCKETCHAT_USER_ID: z.string().trim().min(1).optional(),
  ROCKETCHAT_AUTH_TOKEN: z.string().trim().min(1).optional(),
  ROCKETCHAT_MAX_CONNECTIONS: integer(1, 1024).default(32),
};
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

  const remote = Boolean(env.ROCKETCHAT_URL);
  if (remote) {
    if (vars.ROCKETCHAT_USER_ID === undefined) problems.push('ROCKETCHAT_USER_ID is required when ROCKETCHAT_URL is set');
    if (vars.ROCKETCHAT_AUTH_TOKEN === undefined) {
      problems.push('ROCKETCHAT_AUTH_TOKEN is required when ROCKETCHAT_URL is set');
    }
  } else {
    if (vars.ROCKETCHAT_USER_ID !== undefined || vars.ROCKETCHAT_AUTH_TOKEN !== undefined) {
      problems.push('ROCKETCHAT_USER_ID and ROCKETCHAT_AUTH_TOKEN need ROCKETCHAT_URL (they would be ignored)');
    }
    if (!allowSimulators) {
      problems.push(
        'ROCKETCHAT_URL is required in production (or set GATEWAY_ALLOW_SIMULATORS=true to serve the simulator)',
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    environment: vars.NODE_ENV,
    port: vars.PORT,
    host: vars.HOST,
    logLevel: vars.LOG_LEVEL,
    requestTimeoutMs: vars.GATEWAY_REQUEST_TIMEOUT_MS,
    maxBodyBytes: vars.GATEWAY_MAX_BODY_BYTES,
    developerTools: vars.GATEWAY_DEVELOPER_TOOLS ?? !production,
    rocketchat:
      vars.ROCKETCHAT_URL !== undefined && vars.ROCKETCHAT_USER_ID !== undefined && vars.ROCKETCHAT_AUTH_TOKEN !== undefined
        ? {
            mode: 'remote',
            url: new URL(vars.ROCKETCHAT_URL),
            userId: vars.ROCKETCHAT_USER_ID,
            authToken: vars.ROCKETCHAT_AUTH_TOKEN,
            maxConnections: vars.ROCKETCHAT_MAX_CONNECTIONS,
          }
        : { mode: 'simulator', maxConnections: vars.ROCKETCHAT_MAX_CONNECTIONS },
  };
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
