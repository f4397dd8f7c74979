import type { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { createApp, type GatewayApp } from '../../src/app';
import { loadConfig, type GatewayConfig } from '../../src/config/index';
import type { Tracing } from '../../src/telemetry/tracing';
import { openUpstreams } from '../../src/upstreams';
import { createUpstreamPool, type UpstreamDispatcher } from '../../src/upstream/upstream-http';
import { DEFAULT_IMI_HEADER_NAMES } from '../../src/platforms/imi';
import type { ImiAuth, ImiConnection } from '../../src/platforms/imi';
import type { JelouConnection } from '../../src/platforms/jelou';
import type { RocketChatCredentials } from '../../src/platforms/rocketchat';
import { startImiSimulator, type ImiSimulator, type ImiSimulatorOptions } from '../../src/simulators/imi/server';
import { startJelouSimulator, type JelouSimulator, type JelouSimulatorOptions } from '../../src/simulators/jelou/server';
import { startRocketChatSimulator, type RocketChatSimulator, type RocketChatSimulatorOptions } from '../../src/simulators/rocketchat/server';
import type { GatewayStore } from '../../src/store/index';
import { capturingLogger } from './logger';
import { sharedTestStore } from './store';

export interface GraphQLAnswer<TData = Record<string, unknown>> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: {
    data?: TData | null;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
  };
}

export interface TestGateway {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:PORT/graphql. */
  url: string;
  /** The app itself, for tests of its lifecycle (readiness, shutdown). */
  app: GatewayApp;
  /** The gateway's store: the test file's shared in-memory one, or the one the options gave. */
  store: GatewayStore;
  /** The Rocket.Chat simulator. */
  simulator: RocketChatSimulator;
  jelou: JelouSimulator;
  imi: ImiSimulator;
  /** Every log line the gateway wrote, raw JSON text. */
  logs: string[];
  /** POSTs an operation, with the options' API key (if any) unless `headers` sets another `authorization`. */
  graphql<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLAnswer<TData>>;
  /** A plain HTTP call to the gateway, for transport-level tests. */
  http(path: string, init?: HttpInit): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>;
  close(): Promise<void>;
}

export interface HttpInit {
  method?: string;
  headers?: Record<string, string>;
  /** A stream is sent chunked, without content-length. */
  body?: string | Readable;
}

export interface TestGatewayOptions {
  simulator?: RocketChatSimulatorOptions;
  /** Credentials the gateway uses instead of the simulator's service account (e.g. a wrong token). */
  credentials?: (simulator: RocketChatSimulator) => RocketChatCredentials;
  /** Point the gateway at another Rocket.Chat URL than the simulator (e.g. a server that never answers). */
  rocketchatUrl?: string;
  jelou?: JelouSimulatorOptions;
  /** Jelou connection settings other than the simulator's (e.g. the raw auth scheme, another URL). */
  jelouConnection?: (simulator: JelouSimulator) => Partial<Omit<JelouConnection, 'dispatcher'>>;
  imi?: ImiSimulatorOptions;
  /** IMI connection settings other than the simulator's API-key flow (e.g. a fixed token, another URL). */
  imiConnection?: (simulator: ImiSimulator) => Partial<Omit<ImiConnection, "dispatcher">>;
  env?: Record<string, string>;
  config?: Partial<GatewayConfig>;
  /** Tracing with an exporter of the test's choosing (e.g. in-memory); none by default. */
  tracing?: Tracing;
  /** Sent as `Authorization: Bearer <key>` by `graphql()` (for gateways with an auth file). */
  apiKey?: string;
  /**
   * The store the gateway uses, e.g. one shared by two gateways or on a PostgreSQL server; the test that
   * opened it closes it. By default the gateways of a test file share one embedded store in memory.
   */
  store?: GatewayStore;
}

/**
 * The whole gateway on 127.0.0.1:0 in front of the three platform simulators, with its logs captured.
 * Everything it opens is closed by `close()`.
 */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  // Configuration first: a refused configuration must not leave simulators running.
  const config: GatewayConfig = {
    // Documents compile at their first execution: the whole e2e suite runs graphql-jit's code path
    // (graphql-js's, used before a document repeats, is what the suite ran before it existed).
    // No background directory refresh: it would add platform calls that tests count (syncDirectory still runs one).
    ...loadConfig({ NODE_ENV: 'test', GATEWAY_COMPILE_AFTER: '1', GATEWAY_DIRECTORY_INTERVAL_MS: '0', ...options.env }),
    ...options.config,
  };
  // The simulators push their webhook events to this gateway's receivers (known once it listens), as in
  // `npm start`, with the default tenant's secrets from the configuration.
  const receiver: { origin?: string } = {};
  const { rocketchat: rocketchatSettings, jelou: jelouSettingsOfConfig } = config;
  const simulator = await startRocketChatSimulator({
    webhook: {
      url: () => receiver.origin && `${receiver.origin}/webhooks/rocketchat/default`,
      token: rocketchatSettings?.webhookToken,
      retryDelayMs: 50,
    },
    ...options.simulator,
  });
  const jelou = await startJelouSimulator({
    webhook: {
      url: () => receiver.origin && jelouSettingsOfConfig?.webhookSecret && `${receiver.origin}/webhooks/jelou/default/${jelouSettingsOfConfig.webhookSecret}`,
      signingSecret: jelouSettingsOfConfig?.webhookSigningSecret,
    },
    ...options.jelou,
  });
  const imi = await startImiSimulator(options.imi);
  const { logger, lines: logs } = capturingLogger();
  const store = options.store ?? (await sharedTestStore());
  const rocketchatUrl = options.rocketchatUrl ?? simulator.url;
  const pools: UpstreamDispatcher[] = [];
  const pool = (url: URL | string) => {
    const dispatcher = createUpstreamPool(new URL(url).origin, { connections: 8, connectTimeoutMs: 2_000, maxResponseBytes: 1024 * 1024 });
    pools.push(dispatcher);
    return dispatcher;
  };
  const jelouSettings = {
    url: new URL(jelou.url),
    credentials: jelou.credentials,
    authScheme: 'basic' as const,
    ...options.jelouConnection?.(jelou),
  };
  const imiSettings = {
    url: new URL(imi.url),
    teamId: imi.teamId,
    auth: { kind: 'api-key', apiKey: imi.apiKey, domain: imi.domain } as ImiAuth,
    headerNames: DEFAULT_IMI_HEADER_NAMES,
    ...options.imiConnection?.(imi),
  };
  // Tenants of the auth file (if any) connect as the gateway does; the default tenant uses the simulators above.
  const otherTenants = await openUpstreams({ ...config, tenants: config.tenants.filter((tenant) => tenant.name !== 'default') }, logger);
  const app: GatewayApp = await createApp(config, {
    logger,
    store,
    ...(options.tracing && { tracing: options.tracing }),
    upstreams: {
      tenants: new Map([
        [
          'default',
          {
            rocketchat: {
              url: new URL(rocketchatUrl),
              credentials: options.credentials?.(simulator) ?? simulator.serviceAccount,
              dispatcher: pool(rocketchatUrl),
            },
            jelou: { ...jelouSettings, dispatcher: pool(jelouSettings.url) },
            imi: { ...imiSettings, dispatcher: pool(imiSettings.url) },
          },
        ],
        ...otherTenants.tenants,
      ]),
    },
  });
  const url = await app.listen(0, '127.0.0.1');
  receiver.origin = new URL(url).origin;
  const client = new Agent();

  async function http(path: string, init: HttpInit = {}) {
    const response = await request(new URL(path, url).toString(), {
      dispatcher: client,
      method: (init.method ?? 'GET') as 'GET',
      headers: init.headers,
      body: init.body,
    });
    return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
  }

  return {
    url,
    app,
    store,
    simulator,
    jelou,
    imi,
    logs,
    http,
    async graphql<TData>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
      const answer = await http('/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.apiKey !== undefined && { authorization: `Bearer ${options.apiKey}` }),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: answer.status, headers: answer.headers, body: JSON.parse(answer.text) as GraphQLAnswer<TData>['body'] };
    },
    async close() {
      await client.close();
      await app.close();
      await Promise.all(pools.map((dispatcher) => dispatcher.close()));
      await otherTenants.close();
      await Promise.all([simulator.close(), jelou.close(), imi.close()]);
      // The store is the test file's (sharedTestStore) or the test's own: neither is the gateway's to close.
    },
  };
}

/**
 * One gateway for the enclosing `describe`: started before its tests, closed after them, with the
 * simulators' request logs and faults cleared before each test so that tests can count upstream calls.
 */
export function useTestGateway(options: TestGatewayOptions = {}): () => TestGateway {
  let gateway: TestGateway | undefined;
  beforeAll(async () => {
    gateway = await startTestGateway(options);
  });
  afterAll(() => gateway?.close());
  beforeEach(() => {
    for (const simulator of gateway ? [gateway.simulator, gateway.jelou, gateway.imi] : []) {
      simulator.log.clear();
      // A fault left by a failed test must not leak into the next one.
      simulator.faults.clear();
    }
  });
  return () => {
    if (!gateway) throw new Error('the test gateway is not started yet');
    return gateway;
  };
}

/** The simulator's id for a seeded username. */
export function userId(gateway: TestGateway, username: string): string {
  const user = gateway.simulator.state.userByUsername(username);
  if (!user) throw new Error(`no seeded user ${username}`);
  return user._id;
}
