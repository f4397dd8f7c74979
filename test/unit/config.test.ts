import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_VARIABLES, ConfigError, describeConfig, loadConfig } from '../../src/config/index';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('loadConfig', () => {
  it('serves the simulator on port 4000 with nothing configured', () => {
    expect(loadConfig({})).toEqual({
      environment: 'development',
      port: 4000,
      host: undefined,
      logLevel: 'info',
      logFormat: 'pretty',
      tracing: { otlpTracesUrl: undefined, otlpHeaders: {}, serviceName: 'chat-gateway', sampleRatio: 1 },
      auth: { mode: 'off', explicit: false },
      tenants: [expect.objectContaining({ name: 'default', rocketchat: { mode: 'simulator', maxConnections: 32, webhookToken: expect.any(String) } })],
      redisUrl: undefined,
      queryLimits: { maxDepth: 12, maxAliases: 30, maxTokens: 2000, maxDirectives: 20, maxCost: 6000 },
      corsOrigins: '*',
      rateLimit: 'off',
      authFailureLimit: 'off',
      trustedProxies: [],
      trustedDocuments: { manifests: [], fastLane: true },
      requestTimeoutMs: 10_000,
      compileAfter: 2,
      heapGrowthPercent: 100,
      maxBodyBytes: 1_048_576,
      developerTools: true,
      // The simulators sign their webhook deliveries with secrets made at start-up (none was set).
      rocketchat: { mode: 'simulator', maxConnections: 32, webhookToken: expect.stringMatching(/^[\w-]{32}$/) },
      jelou: { mode: 'simulator', authScheme: 'basic', maxConnections: 32, webhookSecret: expect.stringMatching(/^[\w-]{32}$/), webhookSigningSecret: undefined },
      imi: { mode: 'simulator', headerNames: { token: 'access_token', team: 'teamid', apiKey: 'key' }, maxConnections: 32 },
      resilience: {
        retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 2000 },
        breaker: { consecutiveFailures: 5, halfOpenAfterMs: 10_000 },
        bulkhead: { maxConcurrent: 64, maxQueued: 1024 },
      },
      simulatorFaults: {},
      metrics: { enabled: true, token: undefined },
      store: { databaseUrl: undefined, dir: join(process.cwd(), '.chat-gateway', 'store'), maxConnections: 10 },
      directory: { intervalMs: 900_000, imiQuotaReserve: 1_000, paceMs: { rocketchat: 250, imi: 250 } },
      workflows: { heartbeatMs: 10_000 },
      events: { dedupeWindowMs: 900_000, webhookMaxBodyBytes: 2_097_152, subscriberBuffer: 100, maxSubscriptionsPerConnection: 20, maxSubscriptionsPerCaller: 200 },
    });
  });

  it('makes fresh webhook secrets for the simulators, keeps configured ones, and checks their shape', () => {
    const [first, second] = [loadConfig({}), loadConfig({})];
    expect(first.rocketchat.webhookToken).not.toBe(second.rocketchat.webhookToken);
    const configured = loadConfig({ ROCKETCHAT_WEBHOOK_TOKEN: 'rc-token-0123456789abcdef', JELOU_WEBHOOK_SECRET: 'jelou_path_secret_0123456789', JELOU_WEBHOOK_SIGNING_SECRET: 'signing-secret-0123' });
    expect(configured.rocketchat).toMatchObject({ webhookToken: 'rc-token-0123456789abcdef' });
    expect(configured.jelou).toMatchObject({ webhookSecret: 'jelou_path_secret_0123456789', webhookSigningSecret: 'signing-secret-0123' });
    expect(problemsOf({ ROCKETCHAT_WEBHOOK_TOKEN: 'short', JELOU_WEBHOOK_SECRET: 'has/slash-0123456789abcdefgh', GATEWAY_SUBSCRIPTION_BUFFER: '0' })).toEqual([
      expect.stringMatching(/^GATEWAY_SUBSCRIPTION_BUFFER must be at least 1/),
      'ROCKETCHAT_WEBHOOK_TOKEN must be at least 16 characters',
      expect.stringMatching(/^JELOU_WEBHOOK_SECRET must be 24 to 128 letters/),
    ]);
  });

  it('keeps the store embedded in a folder, or uses the PostgreSQL server DATABASE_URL names', () => {
    expect(loadConfig({ GATEWAY_STORE_DIR: 'memory://' }).store).toEqual({ databaseUrl: undefined, dir: 'memory://', maxConnections: 10 });
    expect(loadConfig({ GATEWAY_STORE_DIR: '/var/lib/gateway' }).store.dir).toBe('/var/lib/gateway');
    const server = loadConfig({ DATABASE_URL: 'postgresql://gw:db-secret@db.internal:5432/gateway?sslmode=require', DATABASE_MAX_CONNECTIONS: '25' });
    expect(server.store).toMatchObject({ databaseUrl: new URL('postgresql://gw:db-secret@db.internal:5432/gateway?sslmode=require'), maxConnections: 25 });
    expect(problemsOf({ DATABASE_URL: 'mysql://gw:db-secret@db/gateway', DATABASE_MAX_CONNECTIONS: '0' })).toEqual([
      'DATABASE_URL must be a postgres:// or postgresql:// URL',
      expect.stringMatching(/^DATABASE_MAX_CONNECTIONS must be at least 1/),
    ]);
    // The password is a secret: masked where the configuration is logged.
    const described = describeConfig(server);
    expect(JSON.stringify(described)).not.toContain('db-secret');
    expect(described.store).toEqual({ databaseUrl: 'postgresql://gw:[set]@db.internal:5432/gateway', dir: server.store.dir, maxConnections: 25 });
  });

  it('refreshes the directory every 15 minutes by default, never when told 0, and not more often than every 10 s', () => {
    const env = {
      GATEWAY_DIRECTORY_INTERVAL_MS: '0',
      GATEWAY_DIRECTORY_IMI_RESERVE: '2500',
      GATEWAY_DIRECTORY_ROCKETCHAT_PACE_MS: '6000',
      GATEWAY_DIRECTORY_IMI_PACE_MS: '0',
    };
    expect(loadConfig(env).directory).toEqual({ intervalMs: 0, imiQuotaReserve: 2500, paceMs: { rocketchat: 6000, imi: 0 } });
    expect(problemsOf({ GATEWAY_DIRECTORY_INTERVAL_MS: '5000', GATEWAY_DIRECTORY_IMI_PACE_MS: '-1' })).toEqual([
      expect.stringMatching(/^GATEWAY_DIRECTORY_IMI_PACE_MS must be a whole number/),
      'GATEWAY_DIRECTORY_INTERVAL_MS must be 0 (off) or at least 10000',
    ]);
  });

  it('talks to a real Jelou with client credentials, Basic by default and raw on request', () => {
    const env = { JELOU_URL: 'https://api.jelou.ai', JELOU_CLIENT_ID: 'client', JELOU_CLIENT_SECRET: 'secret' };
    expect(loadConfig(env).jelou).toEqual({
      mode: 'remote',
      url: new URL('https://api.jelou.ai'),
      clientId: 'client',
      clientSecret: 'secret',
      authScheme: 'basic',
      maxConnections: 32,
    });
    expect(loadConfig({ ...env, JELOU_AUTH_SCHEME: 'raw' }).jelou).toMatchObject({ authScheme: 'raw' });
    expect(problemsOf({ ...env, JELOU_AUTH_SCHEME: 'bearer' })).toEqual([expect.stringMatching(/^JELOU_AUTH_SCHEME /)]);
  });

  it('talks to a real IMI with a fixed access token or an API key, and configurable header names', () => {
    const base = { IMI_URL: 'https://acme.imi.chat', IMI_TEAM_ID: '42' };
    expect(loadConfig({ ...base, IMI_ACCESS_TOKEN: 'tok' }).imi).toEqual({
      mode: 'remote',
      url: new URL('https://acme.imi.chat'),
      teamId: '42',
      auth: { kind: 'access-token', accessToken: 'tok' },
      headerNames: { token: 'access_token', team: 'teamid', apiKey: 'key' },
      maxConnections: 32,
    });
    const minted = loadConfig({ ...base, IMI_API_KEY: 'k', IMI_DOMAIN: 'acme', IMI_TOKEN_HEADER: 'X-Access-Token', IMI_TEAM_HEADER: 'TeamId' });
    expect(minted.imi).toMatchObject({
      auth: { kind: 'api-key', apiKey: 'k', domain: 'acme' },
      headerNames: { token: 'x-access-token', team: 'teamid', apiKey: 'key' },
    });
  });

  it('lists every IMI credential problem', () => {
    expect(problemsOf({ IMI_URL: 'https://acme.imi.chat' })).toEqual([
      'IMI_TEAM_ID is required when IMI_URL is set',
      'IMI_ACCESS_TOKEN, or IMI_API_KEY with IMI_DOMAIN, is required when IMI_URL is set',
    ]);
    expect(problemsOf({ IMI_URL: 'https://acme.imi.chat', IMI_TEAM_ID: 'team-1', IMI_API_KEY: 'k' })).toEqual([
      expect.stringMatching(/^IMI_TEAM_ID must be a positive whole number/),
      'IMI_API_KEY and IMI_DOMAIN are required together',
    ]);
    expect(
      problemsOf({ IMI_URL: 'https://acme.imi.chat', IMI_TEAM_ID: '1', IMI_ACCESS_TOKEN: 't', IMI_API_KEY: 'k', IMI_DOMAIN: 'd' }),
    ).toEqual([expect.stringContaining('alternatives')]);
    expect(problemsOf({ IMI_TOKEN_HEADER: 'bad header' })).toEqual([expect.stringMatching(/^IMI_TOKEN_HEADER must be an HTTP header name/)]);
  });

  it('talks to a real Rocket.Chat when its URL and credentials are set', () => {
    const config = loadConfig({
      PORT: '8080',
      ROCKETCHAT_URL: 'https://chat.example.com/base',
      ROCKETCHAT_USER_ID: 'svc',
      ROCKETCHAT_AUTH_TOKEN: 'tok',
      ROCKETCHAT_MAX_CONNECTIONS: '4',
    });
    expect(config.port).toBe(8080);
    expect(config.rocketchat).toEqual({
      mode: 'remote',
      url: new URL('https://chat.example.com/base'),
      userId: 'svc',
      authToken: 'tok',
      maxConnections: 4,
    });
  });

  it('drops whitespace around secrets (CRLF .env files, secrets mounted with a trailing newline)', () => {
    const config = loadConfig({
      ROCKETCHAT_URL: 'https://chat.example.com',
      ROCKETCHAT_USER_ID: 'svc',
      ROCKETCHAT_AUTH_TOKEN: 'tok\r',
      IMI_URL: 'https://acme.imi.chat',
      IMI_TEAM_ID: '101',
      IMI_API_KEY: ' key\n',
      IMI_DOMAIN: 'acme',
    });
    expect(config.rocketchat).toMatchObject({ authToken: 'tok' });
    expect(config.imi).toMatchObject({ auth: { kind: 'api-key', apiKey: 'key', domain: 'acme' } });
    expect(problemsOf({ ROCKETCHAT_URL: 'https://chat.example.com', ROCKETCHAT_USER_ID: 'svc', ROCKETCHAT_AUTH_TOKEN: '  ' })).toEqual([
      'ROCKETCHAT_AUTH_TOKEN must not be empty',
    ]);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      GATEWAY_REQUEST_TIMEOUT_MS: '5',
      GATEWAY_COMPILE_AFTER: '-1',
      ROCKETCHAT_URL: 'ftp://chat.example.com',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^PORT /),
      expect.stringMatching(/^LOG_LEVEL /),
      expect.stringMatching(/^GATEWAY_REQUEST_TIMEOUT_MS /),
      expect.stringMatching(/^GATEWAY_COMPILE_AFTER /),
      expect.stringMatching(/^ROCKETCHAT_URL /),
      'ROCKETCHAT_USER_ID is required when ROCKETCHAT_URL is set',
      'ROCKETCHAT_AUTH_TOKEN is required when ROCKETCHAT_URL is set',
    ]);
  });

  it('never repeats a value in a problem, so secrets stay out of start-up errors', () => {
    const problems = problemsOf({ ROCKETCHAT_AUTH_TOKEN: 'sekr3t-token', ROCKETCHAT_URL: 'not a url sekr3t-token' });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).not.toContain('sekr3t');
  });

  it('refuses credentials without a URL, which would be silently ignored', () => {
    expect(problemsOf({ ROCKETCHAT_AUTH_TOKEN: 'x' })).toEqual([expect.stringContaining('need ROCKETCHAT_URL')]);
    expect(problemsOf({ JELOU_CLIENT_SECRET: 'x', IMI_API_KEY: 'y' })).toEqual([
      'JELOU_CLIENT_SECRET need JELOU_URL (they would be ignored)',
      'IMI_API_KEY need IMI_URL (they would be ignored)',
    ]);
  });

  it('requires a real platform in production unless simulators are allowed explicitly', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      expect.stringContaining('ROCKETCHAT_URL is required in production'),
      expect.stringContaining('JELOU_URL is required in production'),
      expect.stringContaining('IMI_URL is required in production'),
      expect.stringContaining('GATEWAY_METRICS_TOKEN is required in production'),
      expect.stringContaining('GATEWAY_AUTH_FILE is required in production'),
    ]);
    const config = loadConfig({ NODE_ENV: 'production', GATEWAY_ALLOW_SIMULATORS: 'true', GATEWAY_METRICS: 'off', GATEWAY_AUTH: 'off' });
    expect(config.developerTools).toBe(false);
    expect(config.rocketchat.mode).toBe('simulator');
  });

  it('reads the resilience settings and refuses a backoff cap below its base', () => {
    const config = loadConfig({ GATEWAY_RETRY_MAX_ATTEMPTS: '1', GATEWAY_BREAKER_FAILURES: '2', GATEWAY_UPSTREAM_MAX_QUEUED: '0' });
    expect(config.resilience).toMatchObject({ retry: { maxAttempts: 1 }, breaker: { consecutiveFailures: 2 }, bulkhead: { maxQueued: 0 } });
    expect(problemsOf({ GATEWAY_RETRY_BASE_DELAY_MS: '500', GATEWAY_RETRY_MAX_DELAY_MS: '100' })).toEqual([
      'GATEWAY_RETRY_MAX_DELAY_MS must be at least GATEWAY_RETRY_BASE_DELAY_MS',
    ]);
    expect(problemsOf({ GATEWAY_RETRY_MAX_ATTEMPTS: '0' })).toEqual([expect.stringMatching(/^GATEWAY_RETRY_MAX_ATTEMPTS /)]);
  });

  it('reads simulator faults as JSON, validated like the simulators’ admin route, and refuses them in production', () => {
    const faults = '{"rocketchat":[{"path":"/api/v1/livechat","times":2,"effect":{"kind":"status","status":503}}]}';
    expect(loadConfig({ GATEWAY_SIMULATOR_FAULTS: faults }).simulatorFaults).toEqual({
      rocketchat: [{ path: '/api/v1/livechat', times: 2, effect: { kind: 'status', status: 503 } }],
    });
    expect(problemsOf({ GATEWAY_SIMULATOR_FAULTS: '{"rocketchat":[{"effect":{"kind":"explode"}}]}' })).toEqual([
      expect.stringMatching(/^GATEWAY_SIMULATOR_FAULTS /),
    ]);
    expect(problemsOf({ GATEWAY_SIMULATOR_FAULTS: 'not json' })).toEqual([expect.stringMatching(/^GATEWAY_SIMULATOR_FAULTS must be JSON/)]);
    expect(problemsOf({ GATEWAY_SIMULATOR_FAULTS: '{"slack":[]}' })).toEqual([expect.stringMatching(/^GATEWAY_SIMULATOR_FAULTS /)]);
  });

  it('serves metrics unless turned off, behind a token when one is set, and requires the token in production', () => {
    expect(loadConfig({ GATEWAY_METRICS: 'off' }).metrics).toEqual({ enabled: false, token: undefined });
    expect(loadConfig({ GATEWAY_METRICS_TOKEN: 'scrape-token-0123456789' }).metrics).toEqual({
      enabled: true,
      token: 'scrape-token-0123456789',
    });
    expect(problemsOf({ GATEWAY_METRICS: 'yes' })).toEqual([expect.stringMatching(/^GATEWAY_METRICS /)]);
    const short = problemsOf({ GATEWAY_METRICS_TOKEN: 'short-secret' });
    expect(short).toEqual([expect.stringMatching(/^GATEWAY_METRICS_TOKEN must be at least 16 characters/)]);
    expect(short.join('\n')).not.toContain('short-secret');

    const production = { NODE_ENV: 'production', GATEWAY_ALLOW_SIMULATORS: 'true', GATEWAY_AUTH: 'off' };
    expect(problemsOf(production)).toEqual([
      'GATEWAY_METRICS_TOKEN is required in production to protect /metrics (or set GATEWAY_METRICS=off)',
    ]);
    expect(loadConfig({ ...production, GATEWAY_METRICS_TOKEN: 'scrape-token-0123456789' }).metrics).toMatchObject({ enabled: true });
    expect(loadConfig({ ...production, GATEWAY_METRICS: 'off' }).metrics).toEqual({ enabled: false, token: undefined });
    // An invalid token is reported as such, not also as missing.
    expect(problemsOf({ ...production, GATEWAY_METRICS_TOKEN: 'short' })).toEqual([expect.stringMatching(/^GATEWAY_METRICS_TOKEN must be/)]);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', ROCKETCHAT_URL: '' }).port).toBe(4000);
  });
});

describe('describeConfig', () => {
  it('shows every setting and hides every secret', () => {
    const config = loadConfig({
      ROCKETCHAT_URL: 'https://chat.example.com',
      ROCKETCHAT_USER_ID: 'svc',
      ROCKETCHAT_AUTH_TOKEN: 'rc-secret-token',
      JELOU_URL: 'https://api.jelou.ai',
      JELOU_CLIENT_ID: 'client',
      JELOU_CLIENT_SECRET: 'jelou-secret',
      IMI_URL: 'https://acme.imi.chat',
      IMI_TEAM_ID: '7',
      IMI_API_KEY: 'imi-api-key',
      IMI_DOMAIN: 'acme',
    });
    const described = describeConfig(config);
    const text = JSON.stringify(described);
    for (const secret of ['rc-secret-token', 'jelou-secret', 'imi-api-key']) expect(text).not.toContain(secret);
    expect(described).toMatchObject({
      rocketchat: { url: 'https://chat.example.com/', userId: 'svc', authToken: '[set]' },
      jelou: { clientId: 'client', clientSecret: '[set]' },
      imi: { teamId: '7', auth: { kind: 'api-key', domain: 'acme', apiKey: '[set]' } },
      resilience: { retry: { maxAttempts: 3 } },
    });
    const token = describeConfig(loadConfig({ IMI_URL: 'https://acme.imi.chat', IMI_TEAM_ID: '7', IMI_ACCESS_TOKEN: 'imi-token' }));
    expect(JSON.stringify(token)).not.toContain('imi-token');
    const metrics = describeConfig(loadConfig({ GATEWAY_METRICS_TOKEN: 'metrics-secret-0123456789' }));
    expect(JSON.stringify(metrics)).not.toContain('metrics-secret');
    expect(metrics.metrics).toEqual({ enabled: true, token: '[set]' });
    expect(described.metrics).toEqual({ enabled: true, token: undefined });
  });
});

describe('the documentation of the configuration', () => {
  it('lists every variable the gateway reads, in docs/configuration.md and in .env.example', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'docs', 'configuration.md'), 'utf8');
    const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
    expect(CONFIG_VARIABLES.length).toBeGreaterThan(30);
    for (const name of CONFIG_VARIABLES) {
      expect({ name, inReadme: readme.includes(name), inExample: example.includes(`${name}=`) }).toEqual({ name, inReadme: true, inExample: true });
    }
  });
});

describe('caller authentication settings', () => {
  const problems = (env: Record<string, string>) => problemsOf({ NODE_ENV: 'test', ...env });

  it('runs open without a file outside production, and only when told to in production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).auth).toEqual({ mode: 'off', explicit: false });
    expect(loadConfig({ NODE_ENV: 'production', GATEWAY_AUTH: 'off', GATEWAY_ALLOW_SIMULATORS: 'true', GATEWAY_METRICS: 'off' }).auth).toEqual({
      mode: 'off',
      explicit: true,
    });
    expect(problems({ GATEWAY_AUTH: 'on' })).toEqual(['GATEWAY_AUTH=on needs GATEWAY_AUTH_FILE']);
    expect(problems({ GATEWAY_AUTH: 'off', GATEWAY_AUTH_FILE: '/nowhere/auth.yaml' })).toEqual([
      'GATEWAY_AUTH=off and GATEWAY_AUTH_FILE contradict each other: unset one',
    ]);
  });

  it('lists the auth file’s problems with the variable’s name, together with the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'auth-config-'));
    try {
      const file = join(dir, 'auth.yaml');
      writeFileSync(file, 'keys:\n  - name: Bad Name\n    hash: sha256:00\n    scopes: [read]\n    tenant: nowhere\n');
      const listed = problems({ GATEWAY_AUTH_FILE: file, GATEWAY_MAX_COST: '0' });
      expect(listed.length).toBeGreaterThanOrEqual(3);
      expect(listed.filter((problem) => problem.startsWith('GATEWAY_AUTH_FILE ')).length).toBeGreaterThanOrEqual(2);
      expect(listed).toContainEqual(expect.stringMatching(/^GATEWAY_MAX_COST must be at least 1/));
      expect(problems({ GATEWAY_AUTH_FILE: join(dir, 'missing.yaml') })).toEqual(['GATEWAY_AUTH_FILE cannot be read (ENOENT)']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes each tenant of the file a set of remote platforms, with the gateway-wide defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'auth-config-'));
    try {
      const file = join(dir, 'auth.json');
      const key = { name: 'acme-app', hash: `sha256:${'a'.repeat(64)}`, scopes: ['read'], tenant: 'acme' };
      const acme = { rocketchat: { url: 'https://chat.acme.example', userId: 'u1', authToken: 'acme-token-123456' } };
      writeFileSync(file, JSON.stringify({ keys: [key], tenants: { acme } }));
      const config = loadConfig({ NODE_ENV: 'test', GATEWAY_AUTH_FILE: file, ROCKETCHAT_MAX_CONNECTIONS: '7' });
      expect(config.tenants.map((tenant) => tenant.name)).toEqual(['default', 'acme']);
      expect(config.tenants[1]).toMatchObject({ rocketchat: { mode: 'remote', userId: 'u1', maxConnections: 7 }, jelou: undefined, imi: undefined });
      // The effective configuration names the tenant and the key, never the token or the hash.
      const described = JSON.stringify(describeConfig(config));
      expect(described).toContain('acme-app');
      expect(described).not.toContain('acme-token-123456');
      expect(described).not.toContain('a'.repeat(64));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a failed-authentication budget in development whenever callers authenticate, rate limit or not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'auth-budget-'));
    try {
      const file = join(dir, 'auth.json');
      writeFileSync(file, JSON.stringify({ keys: [{ name: 'dev', hash: `sha256:${'b'.repeat(64)}`, scopes: ['read'], tenant: 'default' }] }));
      const development = loadConfig({ GATEWAY_AUTH_FILE: file });
      expect(development.rateLimit).toBe('off');
      expect(development.authFailureLimit).toEqual({ requestsPerSecond: 10, burst: 20 });
      // Said explicitly, or in a test run, the budget follows the rate limit.
      expect(loadConfig({ GATEWAY_AUTH_FILE: file, GATEWAY_RATE_LIMIT_RPS: 'off' }).authFailureLimit).toBe('off');
      expect(loadConfig({ GATEWAY_AUTH_FILE: file, GATEWAY_RATE_LIMIT_RPS: '3' }).authFailureLimit).toEqual({ requestsPerSecond: 3, burst: 20 });
      expect(loadConfig({ NODE_ENV: 'test', GATEWAY_AUTH_FILE: file }).authFailureLimit).toBe('off');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads CORS origins and the rate limit, refusing unusable values', () => {
    expect(loadConfig({ NODE_ENV: 'production', GATEWAY_AUTH: 'off', GATEWAY_ALLOW_SIMULATORS: 'true', GATEWAY_METRICS: 'off' }).corsOrigins).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'test', GATEWAY_CORS_ORIGINS: 'https://a.example, https://b.example:8443' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example:8443',
    ]);
    expect(loadConfig({ NODE_ENV: 'test' }).rateLimit).toBe('off');
    // A newcomer's development server has no limit they did not set; production keeps 10/s by default.
    expect(loadConfig({}).rateLimit).toBe('off');
    expect(loadConfig({ NODE_ENV: 'development', GATEWAY_RATE_LIMIT_RPS: '10' }).rateLimit).toEqual({ requestsPerSecond: 10, burst: 20 });
    const production = { NODE_ENV: 'production', GATEWAY_AUTH: 'off', GATEWAY_ALLOW_SIMULATORS: 'true', GATEWAY_METRICS: 'off' };
    expect(loadConfig(production).rateLimit).toEqual({ requestsPerSecond: 10, burst: 20 });
    expect(loadConfig({ ...production, GATEWAY_RATE_LIMIT_RPS: 'off' }).rateLimit).toBe('off');
    expect(loadConfig({ NODE_ENV: 'test', GATEWAY_RATE_LIMIT_RPS: '2.5', GATEWAY_RATE_LIMIT_BURST: '5' }).rateLimit).toEqual({ requestsPerSecond: 2.5, burst: 5 });
    expect(problems({ GATEWAY_RATE_LIMIT_RPS: 'abc' })).toEqual(['GATEWAY_RATE_LIMIT_RPS must be a number of requests per second above 0, or off']);
    expect(problems({ GATEWAY_CORS_ORIGINS: 'https://*.example', GATEWAY_RATE_LIMIT_RPS: '0' })).toEqual([
      expect.stringMatching(/^GATEWAY_RATE_LIMIT_RPS must be above 0/),
      expect.stringMatching(/^GATEWAY_CORS_ORIGINS .*wildcards/),
    ]);
  });

  it('reads the trusted proxies as address/prefix, listing every unusable entry with the other problems', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).trustedProxies).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'test', GATEWAY_TRUSTED_PROXIES: '' }).trustedProxies).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'test', GATEWAY_TRUSTED_PROXIES: '10.0.0.0/8,127.0.0.1,::1' }).trustedProxies).toEqual(['10.0.0.0/8', '127.0.0.1/32', '::1/128']);
    expect(describeConfig(loadConfig({ NODE_ENV: 'test', GATEWAY_TRUSTED_PROXIES: '10.0.0.0/8' })).trustedProxies).toEqual(['10.0.0.0/8']);
    expect(problems({ GATEWAY_TRUSTED_PROXIES: '10.0.0.0/33, router.internal, ::1', GATEWAY_RATE_LIMIT_BURST: '0' })).toEqual([
      expect.stringMatching(/^GATEWAY_RATE_LIMIT_BURST must be at least 1/),
      'GATEWAY_TRUSTED_PROXIES "10.0.0.0/33" has a prefix length that is not 0 to 32',
      expect.stringMatching(/^GATEWAY_TRUSTED_PROXIES "router.internal" is not an IPv4 or IPv6 address or CIDR/),
    ]);
  });
});
